import { z } from 'zod';
import type { BatchRecord } from '../../core/lead';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { readErrorSummary, trackingSuffix } from './errorBody';
import { LEADSPACE_MAX_BULK_RECORDS, toLeadspaceBulkRequest } from './request';
import { LeadspaceResultsBodySchema, type LeadspaceResult } from './results';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings } from '../transport';
import { describeIssuePaths } from '../zodIssues';

export interface LeadspaceClientOptions extends TransportSettings {
  /** e.g. https://apigw.leadspace.com, or a simulator's url. */
  baseUrl: string;
  token: string;
}

export interface SubmitBulkInput {
  records: readonly BatchRecord[];
  externalBulkId: string;
  callbackUrl?: string;
}

export interface SubmittedBulk {
  bulkId: string;
  /** The `id` the vendor returned, e.g. /v3/enrichment/results/<bulk id>; pass it to getResults. */
  pollingPath: string;
}

export type LeadspaceResultsState =
  | { state: 'processing' }
  | { state: 'done'; results: LeadspaceResult[]; externalBulkId?: string }
  | { state: 'not_found' };

const VENDOR = 'leadspace';
const SUBMIT_PATH = '/enrichment/enrich/bulk';

const AcceptedBodySchema = z.looseObject({ id: z.string() });
// "/<apiversion>/enrichment/results/<Leadspace bulk ID>"
const POLLING_PATH = /^\/[^/]+\/enrichment\/results\/([^/?#]+)$/;

export class LeadspaceClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly transport: TransportOptions;

  constructor(options: LeadspaceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.transport = transportOptions({ id: VENDOR, name: 'Leadspace' }, options, async (response) =>
      trackingSuffix(await readErrorSummary(response)),
    );
  }

  /**
   * Submits up to 500 records as one bulk. 5XX responses are retried as the document allows; note that a 5XX
   * (or a lost response) after the vendor accepted the bulk can therefore create a second bulk for the same
   * records, which `externalBulkId` lets the caller recognise.
   */
  async submitBulk(input: SubmitBulkInput): Promise<SubmittedBulk> {
    const count = input.records.length;
    if (count === 0 || count > LEADSPACE_MAX_BULK_RECORDS) {
      // A caller bug, not a vendor condition: batches are cut before they reach the adapter.
      throw new RangeError(`submitBulk takes 1 to ${LEADSPACE_MAX_BULK_RECORDS} records per bulk (got ${count})`);
    }
    const response = await sendWithRetry(
      `${this.baseUrl}${SUBMIT_PATH}`,
      {
        method: 'POST',
        headers: { ...this.authHeaders(), 'Content-Type': 'application/json' },
        body: JSON.stringify(toLeadspaceBulkRequest(input)),
      },
      this.transport,
      'bulk submission',
    );
    if (response.status !== 202) throw await failureFor(response, 'bulk submission');

    const accepted = AcceptedBodySchema.safeParse(await readJson(response, 'bulk submission'));
    const match = accepted.success ? POLLING_PATH.exec(accepted.data.id) : null;
    if (!accepted.success || !match?.[1]) {
      throw protocolError(response.status, 'Leadspace accepted the bulk but its body has no usable polling id');
    }
    return { bulkId: match[1], pollingPath: accepted.data.id };
  }

  /** Polls a bulk. `pollingPath` is the one submitBulk returned (a path; never a URL from a callback body). */
  async getResults(pollingPath: string): Promise<LeadspaceResultsState> {
    if (!/^\/(?!\/)/.test(pollingPath)) {
      // An absolute or protocol-relative URL would send the bearer token to another host.
      throw new RangeError('getResults expects a polling path starting with a single "/"');
    }
    const response = await sendWithRetry(
      `${this.baseUrl}${pollingPath}`,
      { method: 'GET', headers: this.authHeaders() },
      this.transport,
      'results polling',
    );
    switch (response.status) {
      case 204:
        return { state: 'processing' };
      case 404:
        return { state: 'not_found' };
      case 200:
        return parseDone(response);
      default:
        throw await failureFor(response, 'results polling');
    }
  }

  private authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json' };
  }
}

async function parseDone(response: Response): Promise<LeadspaceResultsState> {
  const parsed = LeadspaceResultsBodySchema.safeParse(await readJson(response, 'results polling'));
  if (!parsed.success) {
    throw protocolError(
      response.status,
      `Leadspace results body does not match the documented schema (fields: ${describeIssuePaths(parsed.error)})`,
    );
  }
  const { results, external_bulk_id } = parsed.data;
  return { state: 'done', results, ...(external_bulk_id ? { externalBulkId: external_bulk_id } : {}) };
}

/** Maps a final, non-retriable, unsuccessful response to the error the caller acts on. */
async function failureFor(response: Response, what: string): Promise<Error> {
  const status = response.status;
  const summary = await readErrorSummary(response);
  const tracking = trackingSuffix(summary);
  switch (status) {
    case 400:
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'bad_request',
        // The vendor's error text may quote a submitted value: only the tracking id travels, which support can look up.
        message: `Leadspace rejected the ${what} as invalid input (HTTP 400)${tracking}`,
      });
    case 401:
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'unauthorized',
        message: `Leadspace rejected the API token (HTTP 401)${tracking}`,
      });
    case 427:
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'insufficient_credits',
        message: `Leadspace reports insufficient credits or an invalid program id (HTTP 427)${tracking}`,
      });
    default:
      return protocolError(status, `Leadspace answered the ${what} with undocumented HTTP ${status}${tracking}`);
  }
}

async function readJson(response: Response, what: string): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw protocolError(response.status, `Leadspace ${what} response (HTTP ${response.status}) is not valid JSON`);
  }
}

function protocolError(httpStatus: number, message: string): VendorProtocolError {
  return new VendorProtocolError({ vendor: VENDOR, httpStatus, message });
}
