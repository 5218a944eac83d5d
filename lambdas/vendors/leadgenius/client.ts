import * as z from 'zod';
import { VendorFatalError, VendorProtocolError, VendorTransientError } from '../errors';
import { LEADGENIUS_MAX_OBJECTS_PER_HOUR, toLeadGeniusBulkRequest, type SubmitBulkInput } from './request';
import { LeadGeniusStatusBodySchema, type LeadGeniusBulkStatus } from './status';
import { readCappedText, readVendorError, speaksOfLimit } from './errorBody';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings, readJsonBody } from '../transport';
import { describeIssuePaths } from '../zodIssues';

const VENDOR = 'leadgenius';

export interface LeadGeniusClientOptions extends TransportSettings {
  /** e.g. https://api.leadgenius.com, or a simulator's url. */
  baseUrl: string;
  apiKey: string;
}

/** Which of the document's readings an acceptance used, for the log (it never carries lead data). */
export interface LeadGeniusAcceptanceReading {
  /** `job_id` (the bulk section's JOB SUBMITTED example) or `id` (its example code, `r.json().get('id')`) */
  idField: 'job_id' | 'id';
  /** both are in the response-code table; the examples only show 202 */
  httpStatus: 200 | 202;
}

export interface SubmittedBulkJob {
  /** The vendor's job id (a number in the bulk example, "somejobid" in the single-job one), as a string. */
  jobId: string;
  reading: LeadGeniusAcceptanceReading;
}

// Paths exactly as documented, including the status path's different prefix order (/v1/emailguess/...).
export const BULK_JOB_PATH = '/emailguess/v1/bulk/job';
export const BULK_STATUS_PREFIX = '/v1/emailguess/bulk/job/status';

/**
 * A job id is stored, logged and put in the status URL: printable ASCII without spaces, bounded. Anything else is
 * not an id (and could be vendor free text).
 */
const JobIdSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^[\x21-\x7e]{1,128}$/)]);

/** Tried in this order: `job_id` is the bulk endpoint's own documented field, so it wins when both are sent. */
const ID_FIELDS = ['job_id', 'id'] as const;

const NOT_KNOWN_YET: LeadGeniusBulkStatus = { results: [], failed: 0, total: 0, completed: false, notFound: true };

/** Reads a kept status body; VendorProtocolError (never quoting it: it holds lead data) when it is not the documented shape. */
export function readLeadGeniusStatus(body: string): LeadGeniusBulkStatus {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw protocolError(200, 'LeadGenius bulk job status response (HTTP 200) is not valid JSON');
  }
  const parsed = LeadGeniusStatusBodySchema.safeParse(json);
  if (!parsed.success) {
    throw protocolError(200, `LeadGenius status body does not match the documented schema (fields: ${describeIssuePaths(parsed.error)})`);
  }
  return parsed.data.results;
}

export class LeadGeniusClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly transport: TransportOptions;

  constructor(options: LeadGeniusClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    // The vendor's error text stays out of exhausted-retry messages: a 5XX body is free text and might echo input.
    this.transport = transportOptions({ id: VENDOR, name: 'LeadGenius' }, options, async (response) => (response.status === 429 ? ' (rate limited)' : ''));
  }

  /**
   * Submits one bulk job: HTTP 200 or 202 with `job_id` or `id` in the body is an acceptance. 429/5XX/network
   * failures are retried; a 5XX or lost response after the vendor accepted the job can therefore create a second
   * job for the same records (the vendor has no idempotency key). Matching results by person (matchResults) makes
   * such a duplicate harmless, but billable.
   */
  async submitBulk(input: SubmitBulkInput): Promise<SubmittedBulkJob> {
    const count = input.records.length;
    if (count === 0 || count > LEADGENIUS_MAX_OBJECTS_PER_HOUR) {
      throw new RangeError(`submitBulk takes 1 to ${LEADGENIUS_MAX_OBJECTS_PER_HOUR} records per job (got ${count})`);
    }
    const what = 'bulk job submission';
    const { response, attempts } = await this.send(
      BULK_JOB_PATH,
      {
        method: 'POST',
        headers: { ...this.headers(), 'Content-Type': 'application/json' },
        body: JSON.stringify(toLeadGeniusBulkRequest(input)),
      },
      what,
    );
    const httpStatus = response.status;
    if (httpStatus !== 200 && httpStatus !== 202) {
      const values = input.records.flatMap((r) => [r.first, r.middle ?? '', r.last, r.domain]);
      throw await failureFor(response, what, values, attempts);
    }
    const accepted = acceptedJobId(await readJson(response, what));
    if (!accepted) {
      throw protocolError(httpStatus, `LeadGenius answered the bulk job submission with HTTP ${httpStatus} but its body has no job_id or id`);
    }
    return { jobId: accepted.jobId, reading: { idField: accepted.idField, httpStatus } };
  }

  /**
   * One status call. The vendor allows 1 per minute and 60 per hour per key: callers must pace polls across all
   * jobs of the key (webhooks are the intended path). A 429 is retried with backoff like a 5XX, which only helps
   * with long backoffs; it ends as VendorTransientError. A 404 is `notFound` (see LeadGeniusBulkStatus), not an
   * error: the caller asks for a job the vendor accepted.
   */
  async bulkStatus(jobId: string): Promise<LeadGeniusBulkStatus> {
    const answer = await this.bulkStatusAnswer(jobId);
    return 'body' in answer ? readLeadGeniusStatus(answer.body) : NOT_KNOWN_YET;
  }

  /**
   * One status call, its 200 body exactly as received: the status lists every email found, which was paid for, so
   * the caller keeps the body before it reads it (readLeadGeniusStatus). A 404 for an accepted job: not known yet.
   */
  async bulkStatusAnswer(jobId: string): Promise<{ body: string } | { notFound: true }> {
    const what = 'bulk job status';
    const { response, attempts } = await this.send(`${BULK_STATUS_PREFIX}/${encodeURIComponent(jobId)}`, { method: 'GET', headers: this.headers() }, what);
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return { notFound: true };
    }
    if (response.status !== 200) throw await failureFor(response, what, [], attempts);
    return { body: await response.text() };
  }

  /** sendWithRetry, counting the attempts it made: a refusal found in the final answer reports them. */
  private async send(path: string, init: RequestInit, what: string): Promise<{ response: Response; attempts: number }> {
    let attempts = 0;
    const { fetchImpl } = this.transport;
    const counting: TransportOptions = {
      ...this.transport,
      fetchImpl: (input, requestInit) => {
        attempts += 1;
        return fetchImpl(input, requestInit);
      },
    };
    const response = await sendWithRetry(`${this.baseUrl}${path}`, init, counting, what);
    return { response, attempts };
  }

  private headers(): Record<string, string> {
    return { 'X-LG-API-KEY': this.apiKey, Accept: 'application/json' };
  }
}

/** A final, non-retriable, unsuccessful response → the error the caller acts on. */
async function failureFor(response: Response, what: string, inputValues: readonly string[], attempts: number): Promise<Error> {
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
      // "Make sure to check the response objects when getting a 403 error" (RATELIMITING): an over-limit key gets
      // the same status as a bad one. Waiting helps the first only; the body's text is never quoted.
      if (speaksOfLimit(await readCappedText(response))) {
        return new VendorTransientError({
          vendor: VENDOR,
          httpStatus: status,
          attempts,
          message: `LeadGenius rate limited the ${what} (HTTP 403)`,
        });
      }
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'unauthorized',
        message: `LeadGenius rejected the API key (HTTP 403 Unauthorized)`,
      });
    case 404:
      await response.body?.cancel().catch(() => undefined);
      return protocolError(status, `LeadGenius answered the ${what} with HTTP 404 Not Found`);
    default:
      await response.body?.cancel().catch(() => undefined);
      return protocolError(status, `LeadGenius answered the ${what} with undocumented HTTP ${status}`);
  }
}

/** The accepted job's id and the field it came in, or undefined when the body has neither. */
function acceptedJobId(body: unknown): { jobId: string; idField: LeadGeniusAcceptanceReading['idField'] } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const idField of ID_FIELDS) {
    const parsed = JobIdSchema.safeParse((body as Record<string, unknown>)[idField]);
    if (parsed.success) return { jobId: String(parsed.data), idField };
  }
  return undefined;
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
