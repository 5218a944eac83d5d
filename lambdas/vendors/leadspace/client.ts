import * as z from 'zod';
import type { BatchRecord } from '../../core/lead';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { readErrorSummary, trackingSuffix } from './errorBody';
import { LEADSPACE_MAX_BULK_RECORDS, toLeadspaceBulkRequest } from './request';
import type { LeadspaceTokenProvider } from './oauth';
import { LEADSPACE_POLLING_PATH } from './callback';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings, readJsonBody } from '../transport';

export interface LeadspaceClientOptions extends TransportSettings {
  /** e.g. https://apigw.leadspace.com, or a simulator's url. */
  baseUrl: string;
  /*
   * Exactly one of the two (checked at construction):
   *  - token: a perpetual API token, used as is; a 401 is final.
   *  - tokenProvider: OAuth 2.0 (see ./oauth); on a 401 the token is dropped, a fresh one fetched, and the call
   *    made once more.
   */
  token?: string;
  tokenProvider?: LeadspaceTokenProvider;
  /**
   * Builds the Authorization header value from the token. Default `Bearer <token>`; a perpetual-token secret with
   * "authScheme": "basic" passes `Basic base64(programId:token)` (lambdas/aws/leadspace.ts, docs/vendors.md).
   */
  authorization?: (token: string) => string;
}

type LeadspaceAuth = { token: string; tokenProvider?: undefined } | { tokenProvider: LeadspaceTokenProvider };

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
  /** the 200 body exactly as received: keep it before reading it (readLeadspaceResults), it was paid for */
  | { state: 'done'; body: string }
  | { state: 'not_found' };

const VENDOR = 'leadspace';
const SUBMIT_PATH = '/enrichment/enrich/bulk';

const AcceptedBodySchema = z.looseObject({ id: z.string() });

export class LeadspaceClient {
  private readonly baseUrl: string;
  private readonly auth: LeadspaceAuth;
  private readonly authorization: (token: string) => string;
  private readonly transport: TransportOptions;
  /** one attempt: a 5XX or a timeout may come after Leadspace accepted the bulk, and a resend would buy it twice */
  private readonly submitTransport: TransportOptions;

  constructor(options: LeadspaceClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.auth = authFrom(options);
    this.authorization = options.authorization ?? bearer;
    this.transport = transportOptions({ id: VENDOR, name: 'Leadspace' }, options, async (response) => trackingSuffix(await readErrorSummary(response)));
    this.submitTransport = { ...this.transport, retry: { ...this.transport.retry, maxAttempts: 1 } };
  }

  /**
   * Submits up to 500 records as one bulk, in exactly one HTTP attempt (the document allows retrying 5XX, but a
   * 5XX or a lost response can come after the bulk was accepted). A VendorTransientError other than 429 therefore
   * means "maybe accepted": the caller waits for the bulk's callback before sending again (docs/vendors.md).
   */
  async submitBulk(input: SubmitBulkInput): Promise<SubmittedBulk> {
    const count = input.records.length;
    if (count === 0 || count > LEADSPACE_MAX_BULK_RECORDS) {
      // A caller bug, not a vendor condition: batches are cut before they reach the adapter.
      throw new RangeError(`submitBulk takes 1 to ${LEADSPACE_MAX_BULK_RECORDS} records per bulk (got ${count})`);
    }
    const body = JSON.stringify(toLeadspaceBulkRequest(input));
    const response = await this.send(
      SUBMIT_PATH,
      (auth) => ({ method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body }),
      'bulk submission',
      this.submitTransport,
    );
    // 202 is documented; any other 2XX with a polling id is an acceptance too, and must never be resent.
    if (response.status < 200 || response.status > 299) throw await failureFor(response, 'bulk submission', this.tokenName());

    const accepted = AcceptedBodySchema.safeParse(await readJson(response, 'bulk submission'));
    const match = accepted.success ? LEADSPACE_POLLING_PATH.exec(accepted.data.id) : null;
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
    const response = await this.send(pollingPath, (auth) => ({ method: 'GET', headers: auth }), 'results polling');
    switch (response.status) {
      case 204:
        return { state: 'processing' };
      case 404:
        return { state: 'not_found' };
      case 200:
        return { state: 'done', body: await response.text() };
      default:
        throw await failureFor(response, 'results polling', this.tokenName());
    }
  }

  private authHeaders(token: string): Record<string, string> {
    return { Authorization: this.authorization(token), Accept: 'application/json' };
  }

  private tokenName(): string {
    return this.auth.tokenProvider ? 'OAuth access token, a freshly fetched one too' : 'API token';
  }

  /**
   * Sends one API call through the shared transport. With OAuth, a 401 means the token was refused (expired
   * early, revoked): it is dropped, a fresh one fetched, and the call made once more; whatever that answers is
   * final. A perpetual token gets no second try.
   */
  private async send(
    path: string,
    init: (auth: Record<string, string>) => RequestInit,
    what: string,
    transport: TransportOptions = this.transport,
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    if (!this.auth.tokenProvider) return sendWithRetry(url, init(this.authHeaders(this.auth.token)), transport, what);

    const provider = this.auth.tokenProvider;
    const token = await provider.getToken();
    const response = await sendWithRetry(url, init(this.authHeaders(token)), transport, what);
    // Resending after a 401 cannot buy twice: a refused request was not accepted.
    if (response.status !== 401) return response;
    await response.body?.cancel().catch(() => undefined);
    provider.invalidate(token);
    const fresh = await provider.getToken();
    return sendWithRetry(url, init(this.authHeaders(fresh)), transport, what);
  }
}

function authFrom({ token, tokenProvider }: LeadspaceClientOptions): LeadspaceAuth {
  if (tokenProvider && token === undefined) return { tokenProvider };
  if (!tokenProvider && typeof token === 'string' && token.length > 0) return { token };
  throw new TypeError('LeadspaceClient takes exactly one of a non-empty token or a tokenProvider');
}

const bearer = (token: string): string => `Bearer ${token}`;

/** Maps a final, non-retriable, unsuccessful response to the error the caller acts on. */
async function failureFor(response: Response, what: string, tokenName: string): Promise<Error> {
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
        message: `Leadspace rejected the ${tokenName} (HTTP 401)${tracking}`,
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

function readJson(response: Response, what: string): Promise<unknown> {
  return readJsonBody(response, { id: VENDOR, name: 'Leadspace' }, what);
}

function protocolError(httpStatus: number, message: string): VendorProtocolError {
  return new VendorProtocolError({ vendor: VENDOR, httpStatus, message });
}
