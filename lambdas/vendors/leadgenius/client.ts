import { z } from 'zod';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { LEADGENIUS_MAX_OBJECTS_PER_HOUR, toLeadGeniusBulkRequest, type SubmitBulkInput } from './request';
import { LeadGeniusStatusBodySchema, type LeadGeniusBulkStatus } from './status';
import { readVendorError } from './errorBody';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings, readJsonBody } from '../transport';

const VENDOR = 'leadgenius';
import { describeIssuePaths } from '../zodIssues';

export interface LeadGeniusClientOptions extends TransportSettings {
  /** e.g. https://api.leadgenius.com, or a simulator's url. */
  baseUrl: string;
  apiKey: string;
}

export interface SubmittedBulkJob {
  /** The vendor's job_id (a number in the document), as a string. */
  jobId: string;
}

// Paths exactly as documented, including the status path's different prefix order (/v1/emailguess/...).
export const BULK_JOB_PATH = '/emailguess/v1/bulk/job';
export const BULK_STATUS_PREFIX = '/v1/emailguess/bulk/job/status';

const AcceptedSchema = z.looseObject({ job_id: z.union([z.number().int(), z.string().min(1)]) });

export class LeadGeniusClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly transport: TransportOptions;

  constructor(options: LeadGeniusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    // The vendor's error text stays out of exhausted-retry messages: a 5XX body is free text and might echo input.
    this.transport = transportOptions({ id: VENDOR, name: 'LeadGenius' }, options, async (response) =>
      response.status === 429 ? ' (rate limited)' : '',
    );
  }

  /**
   * Submits one bulk job (202 → job id). 429/5XX/network failures are retried; a 5XX or lost response after the
   * vendor accepted the job can therefore create a second job for the same records (the vendor has no
   * idempotency key). Matching results by person (matchResults) makes such a duplicate harmless, but billable.
   */
  async submitBulk(input: SubmitBulkInput): Promise<SubmittedBulkJob> {
    const count = input.records.length;
    if (count === 0 || count > LEADGENIUS_MAX_OBJECTS_PER_HOUR) {
      throw new RangeError(`submitBulk takes 1 to ${LEADGENIUS_MAX_OBJECTS_PER_HOUR} records per job (got ${count})`);
    }
    const response = await sendWithRetry(
      `${this.baseUrl}${BULK_JOB_PATH}`,
      {
        method: 'POST',
        headers: { ...this.headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify(toLeadGeniusBulkRequest(input)),
      },
      this.transport,
      'bulk job submission',
    );
    if (response.status !== 202) {
      const values = input.records.flatMap((r) => [r.first, r.middle ?? '', r.last, r.domain]);
      throw await failureFor(response, 'bulk job submission', values);
    }
    const accepted = AcceptedSchema.safeParse(await readJson(response, 'bulk job submission'));
    if (!accepted.success) throw protocolError(response.status, 'LeadGenius accepted the bulk job but its body has no job_id');
    return { jobId: String(accepted.data.job_id) };
  }

  /**
   * One status call. The vendor allows 1 per minute and 60 per hour per key: callers must pace polls across all
   * jobs of the key (webhooks are the intended path). A 429 is retried with backoff like a 5XX, which only helps
   * with long backoffs; it ends as VendorTransientError.
   */
  async bulkStatus(jobId: string): Promise<LeadGeniusBulkStatus> {
    const response = await sendWithRetry(
      `${this.baseUrl}${BULK_STATUS_PREFIX}/${encodeURIComponent(jobId)}`,
      { method: 'GET', headers: this.headers() },
      this.transport,
      'bulk job status',
    );
    if (response.status !== 200) throw await failureFor(response, 'bulk job status', []);
    const parsed = LeadGeniusStatusBodySchema.safeParse(await readJson(response, 'bulk job status'));
    if (!parsed.success) {
      throw protocolError(
        response.status,
        `LeadGenius status body does not match the documented schema (fields: ${describeIssuePaths(parsed.error)})`,
      );
    }
    return parsed.data.results;
  }

  private headers(): Record<string, string> {
    return { 'X-LG-API-KEY': this.apiKey, Accept: 'application/json' };
  }
}

/** A final, non-retriable, unsuccessful response → the error the caller acts on. */
async function failureFor(response: Response, what: string, inputValues: readonly string[]): Promise<Error> {
  const status = response.status;
  switch (status) {
    case 400: {
      const detail = redact(await readVendorError(response), inputValues);
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'bad_request',
        message: `LeadGenius rejected the ${what} (HTTP 400): ${detail ?? 'malformed request or missing required data'}`,
      });
    }
    case 403:
      await response.body?.cancel().catch(() => undefined);
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'unauthorized',
        message: `LeadGenius rejected the API key (HTTP 403 Unauthorized)`,
      });
    case 404:
      await response.body?.cancel().catch(() => undefined);
      return protocolError(status, `LeadGenius does not know the job of this ${what} (HTTP 404)`);
    default:
      await response.body?.cancel().catch(() => undefined);
      return protocolError(status, `LeadGenius answered the ${what} with undocumented HTTP ${status}`);
  }
}

/**
 * The vendor's 400 text is useful ("first is required") but free text: any submitted value it quotes is masked
 * so the message stays safe to log and to store on a job.
 */
function redact(text: string | undefined, values: readonly string[]): string | undefined {
  if (!text) return undefined;
  const lower = text.toLowerCase();
  const found = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= 2 && lower.includes(v.toLowerCase())))];
  // Longest first, so "Ann" inside "Annabel" does not leave "abel" behind.
  found.sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of found) out = out.replace(new RegExp(escapeRegExp(value), 'gi'), '[redacted]');
  return out;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function readJson(response: Response, what: string): Promise<unknown> {
  return readJsonBody(response, { id: VENDOR, name: 'LeadGenius' }, what);
}

function protocolError(httpStatus: number, message: string): VendorProtocolError {
  return new VendorProtocolError({ vendor: VENDOR, httpStatus, message });
}
