/*
 * HeroBase web API ("Outbound by Enreach"; its guide is quoted and read in docs/vendors.md, "HeroBase"): REST
 * over HTTPS, JSON, HTTP Basic auth, one subdomain per customer (so the base URL is configuration, e.g.
 * https://<customer>.herobase.com). The guide names the services but few paths; what follows is LEADFLOW'S
 * READING of it, kept in this adapter (and the simulator) only:
 *   GET  /api/myaccount        → { username, logRequestData, projectRights: string[], resourceRights: { <Resource>: verb[] } }
 *   GET  /api/campaigns        → [{ code, name, projectName, active }]                       (GET Campaigns)
 *   GET  /api/leads/importexample?campaignCode=X[&ShowAllDataEntries=true]
 *                              → { campaignCode, data: { <field>: "example <field>, type is <type>, regex used
 *                                for validation <regex>" } }; the default view lists the REQUIRED fields only
 *   POST /api/leads { campaignCode, data } → any 2XX: stored (the guide shows no reply; 201 { leadId } is the
 *                                simulator's default, a leadId is read when present, never required);
 *                                400 { message, errors: [{ field, message }] };
 *                                403 { message, missingRight?, missingProjectRight? }; 404 unknown campaign
 *   GET  /api/leadsearches     → [{ name, description }]                                     (GET Leads)
 *   GET  /api/leads/export/csv?searchName=&from=&to=&useSystemHeaders=&encoding=&culture=
 *                              → CSV bytes in the requested encoding (Content-Type charset), leads of the search
 *                                modified in [from, to)
 *   GET  /api/leads/export?searchName=&from=&to= → [{ leadId, campaignCode, modifiedAt, data }]
 *   401 bad credentials; 429 + Retry-After (seconds) over the per-minute fair-use limit, per user (the guide
 *   mentions no limit: the 429 and its window are Leadflow's assumption, mirrored by the simulator).
 * Requests carry "Accept: application/json": the service framework renders HTML for a browser's Accept.
 */
import type { z } from 'zod';
import { VendorFatalError, VendorProtocolError, VendorTransientError } from '../errors';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings, readJsonBody } from '../transport';
import { describeIssuePaths } from '../zodIssues';
import { CsvDecodeError, HEROBASE_CSV_ENCODINGS, charsetOf, decodeCsvExport, type HeroBaseCsv, type HeroBaseCsvEncoding } from './csvExport';
import {
  HEROBASE_NAME,
  HEROBASE_VENDOR,
  HeroBaseForbiddenError,
  HeroBaseRateLimitedError,
  parseRetryAfter,
  readForbidden,
  readInvalidFields,
  type HeroBaseInvalidField,
} from './errors';
import { toFieldSpecs, type HeroBaseFieldSpec } from './importExample';
import {
  AccountSchema,
  CampaignListSchema,
  ExportedLeadListSchema,
  ImportExampleSchema,
  LeadIdSchema,
  LeadSearchListSchema,
  type HeroBaseAccount,
  type HeroBaseCampaign,
  type HeroBaseExportedLead,
  type HeroBaseLeadSearch,
} from './schemas';

export interface HeroBaseClientOptions extends TransportSettings {
  /** The customer's subdomain, e.g. https://acme.herobase.com; plain http only for 127.0.0.1/localhost (simulator). */
  baseUrl: string;
  username: string;
  password: string;
  /**
   * Called with the Retry-After (seconds, undefined if none) of EVERY 429, including ones the transport then
   * retried successfully: feed it to a pacing limiter so the next calls slow down.
   */
  onRateLimited?: (retryAfterSeconds: number | undefined) => void;
}

export interface ExportWindow {
  /** Leads modified at or after this instant. */
  from: Date;
  /** Leads modified before this instant; omitted: up to now. */
  to?: Date;
}

export interface ExportCsvOptions extends ExportWindow {
  /** true (default): system column names (lead_firstName); false: display headers, translated per culture. */
  useSystemHeaders?: boolean;
  /** Default utf-8. */
  encoding?: HeroBaseCsvEncoding;
  /** e.g. en-GB, da-DK, de-DE; omitted: the vendor's default. */
  culture?: string;
}

/** `stored`: HeroBase answered 2XX. `leadId` only when its reply carried a usable one. */
export type ImportLeadResult = { stored: true; leadId?: string } | { invalid: HeroBaseInvalidField[] };

export function isInvalidImport(result: ImportLeadResult): result is { invalid: HeroBaseInvalidField[] } {
  return 'invalid' in result;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Checks the base URL rule; returns it without a trailing slash. */
export function checkHeroBaseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError('HeroBase baseUrl is not a valid URL');
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new RangeError('HeroBase baseUrl must use https (plain http is allowed only for 127.0.0.1 or localhost)');
  }
  if (url.username || url.password) throw new RangeError('HeroBase baseUrl must not embed credentials; pass username and password');
  if (url.search || url.hash) throw new RangeError('HeroBase baseUrl must not have a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

export class HeroBaseClient {
  readonly baseUrl: string;
  private readonly authorization: string;
  private readonly transport: TransportOptions;
  private readonly onRateLimited: HeroBaseClientOptions['onRateLimited'];

  constructor(options: HeroBaseClientOptions) {
    this.baseUrl = checkHeroBaseBaseUrl(options.baseUrl);
    if (!options.username || options.username.includes(':')) {
      throw new RangeError('HeroBase username must be non-empty and must not contain ":" (HTTP Basic)');
    }
    if (!options.password) throw new RangeError('HeroBase password must be non-empty');
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
    this.onRateLimited = options.onRateLimited;
    // No vendor text in exhausted-retry messages: a 5XX body is free text and might echo input.
    this.transport = transportOptions({ id: HEROBASE_VENDOR, name: HEROBASE_NAME }, options);
  }

  /** The account and its rights (see rights.ts to decide with them). */
  async account(): Promise<HeroBaseAccount> {
    return this.getJson('/api/myaccount', undefined, 'account request', AccountSchema);
  }

  /** The campaigns the account can see (needs GET Campaigns). */
  async campaigns(): Promise<HeroBaseCampaign[]> {
    return this.getJson('/api/campaigns', undefined, 'campaign listing', CampaignListSchema);
  }

  /**
   * The campaign's fields as the import example advertises them. Default: the default view, i.e. the required
   * fields. `all`: every field (ShowAllDataEntries), `required` taken from the default view (two requests).
   */
  async importExample(campaignCode: string, options: { all?: boolean } = {}): Promise<HeroBaseFieldSpec[]> {
    checkText('campaignCode', campaignCode);
    const what = 'import example request';
    const base = new URLSearchParams({ campaignCode });
    const defaultView = await this.getJson('/api/leads/importexample', base, what, ImportExampleSchema);
    let allView: typeof defaultView | undefined;
    if (options.all) {
      const query = new URLSearchParams({ campaignCode, ShowAllDataEntries: 'true' });
      allView = await this.getJson('/api/leads/importexample', query, what, ImportExampleSchema);
    }
    const { specs, unparsable } = toFieldSpecs(defaultView.data, allView?.data);
    if (unparsable.length) {
      const shown = unparsable.slice(0, 5).join(', ');
      throw protocolError(200, `${HEROBASE_NAME} import example of fields ${shown} is not in the documented format`);
    }
    return specs;
  }

  /**
   * Imports one lead into a campaign: { stored, leadId? }, or { invalid } naming the fields the vendor refused
   * (missing required ones, regex failures) with messages that never quote a value. Rights and credential
   * problems throw. Any 2XX means the lead was stored, whatever its body (a leadId, none, or no body at all):
   * treating a missing id as a failure would make a caller import the same lead again, and the vendor keeps
   * both (HeroBase's import only creates leads).
   *
   * The vendor has no idempotency key: a 5XX or lost response after the vendor stored the lead makes the
   * transport's retry store it twice. A caller that must never duplicate gives this client
   * `retry: { maxAttempts: 1 }` and reconciles through an export before importing again.
   */
  async importLead(campaignCode: string, data: Readonly<Record<string, string>>): Promise<ImportLeadResult> {
    checkText('campaignCode', campaignCode);
    const what = 'lead import';
    const response = await this.send('POST', '/api/leads', undefined, what, JSON.stringify({ campaignCode, data }));
    if (response.status >= 200 && response.status < 300) {
      // The body is optional: a reply cut off after the status line still means stored.
      const leadId = readLeadId(await response.text().catch(() => ''));
      return leadId === undefined ? { stored: true } : { stored: true, leadId };
    }
    if (response.status === 400) {
      const invalid = await readInvalidFields(response, data);
      if (invalid) return { invalid };
      throw new VendorFatalError({
        vendor: HEROBASE_VENDOR,
        httpStatus: 400,
        code: 'bad_request',
        message: `${HEROBASE_NAME} rejected the ${what} (HTTP 400) without naming a field`,
      });
    }
    if (response.status === 404) {
      await discard(response);
      throw new VendorFatalError({
        vendor: HEROBASE_VENDOR,
        httpStatus: 404,
        code: 'bad_request',
        message: `${HEROBASE_NAME} does not know campaign code ${quote(campaignCode)} (HTTP 404)`,
      });
    }
    throw await failureFor(response, what);
  }

  /** The lead searches the account can export from (needs GET Leads). */
  async leadSearches(): Promise<HeroBaseLeadSearch[]> {
    return this.getJson('/api/leadsearches', undefined, 'lead search listing', LeadSearchListSchema);
  }

  /**
   * The leads of a search modified in [from, to), as CSV decoded with the charset the response declares (else
   * the requested one): header and rows as text. Read whole into memory; meant for incremental windows.
   */
  async exportCsv(searchName: string, options: ExportCsvOptions): Promise<HeroBaseCsv> {
    const encoding = options.encoding ?? 'utf-8';
    if (!HEROBASE_CSV_ENCODINGS.includes(encoding)) throw new RangeError('exportCsv encoding must be utf-8 or windows-1252');
    if (options.culture !== undefined && !/^[a-z]{2,3}(-[A-Z]{2})?$/.test(options.culture)) {
      throw new RangeError('exportCsv culture must look like en-GB or da-DK');
    }
    const query = exportQuery(searchName, options);
    query.set('useSystemHeaders', String(options.useSystemHeaders ?? true));
    query.set('encoding', encoding);
    if (options.culture !== undefined) query.set('culture', options.culture);
    const what = 'CSV export';
    const response = await this.send('GET', '/api/leads/export/csv', query, what, undefined, 'text/csv, application/json');
    if (response.status !== 200) throw await failureFor(response, what, searchName);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const charset = charsetOf(response.headers.get('content-type')) ?? encoding;
    try {
      return decodeCsvExport(bytes, charset);
    } catch (error) {
      if (error instanceof CsvDecodeError) throw protocolError(200, `${HEROBASE_NAME} ${what}: ${error.message}`);
      throw error;
    }
  }

  /** The leads of a search modified in [from, to), as objects. */
  async exportObjects(searchName: string, window: ExportWindow): Promise<HeroBaseExportedLead[]> {
    const what = 'object export';
    const response = await this.send('GET', '/api/leads/export', exportQuery(searchName, window), what);
    if (response.status !== 200) throw await failureFor(response, what, searchName);
    return parseWith(ExportedLeadListSchema, await readJson(response, what), response.status, what);
  }

  private async getJson<S extends z.ZodType>(path: string, query: URLSearchParams | undefined, what: string, schema: S): Promise<z.infer<S>> {
    const response = await this.send('GET', path, query, what);
    if (response.status !== 200) throw await failureFor(response, what);
    return parseWith(schema, await readJson(response, what), response.status, what);
  }

  /**
   * One request through the shared transport (retries 429/5XX/network per its policy). Every 429's Retry-After
   * goes to onRateLimited; a 429 that outlasts the attempts becomes HeroBaseRateLimitedError carrying it.
   */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    query: URLSearchParams | undefined,
    what: string,
    body?: string,
    accept = 'application/json',
  ): Promise<Response> {
    const headers: Record<string, string> = { Authorization: this.authorization, Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const url = `${this.baseUrl}${path}${query && [...query.keys()].length ? `?${query}` : ''}`;
    let retryAfterSeconds: number | undefined;
    const base = this.transport;
    const transport: TransportOptions = {
      ...base,
      fetchImpl: async (input, init) => {
        const response = await base.fetchImpl(input, init);
        if (response.status === 429) {
          retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
          try {
            this.onRateLimited?.(retryAfterSeconds);
          } catch {
            // a pacing hook never breaks the call
          }
        }
        return response;
      },
    };
    try {
      return await sendWithRetry(url, { method, headers, ...(body !== undefined && { body }) }, transport, what);
    } catch (error) {
      if (error instanceof VendorTransientError && error.httpStatus === 429) {
        throw new HeroBaseRateLimitedError({ attempts: error.attempts, what, retryAfterSeconds });
      }
      throw error;
    }
  }
}

function exportQuery(searchName: string, window: ExportWindow): URLSearchParams {
  checkText('searchName', searchName);
  checkDate('from', window.from);
  const query = new URLSearchParams({ searchName, from: window.from.toISOString() });
  if (window.to !== undefined) {
    checkDate('to', window.to);
    if (window.to.getTime() < window.from.getTime()) throw new RangeError('export window: to must not be before from');
    query.set('to', window.to.toISOString());
  }
  return query;
}

function checkText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new RangeError(`${name} must be a non-empty string`);
}

function checkDate(name: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`export window: ${name} is not a valid date`);
}

function parseWith<S extends z.ZodType>(schema: S, json: unknown, status: number, what: string): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const fields = describeIssuePaths(parsed.error);
    throw protocolError(status, `${HEROBASE_NAME} ${what} body does not match the expected schema (fields: ${fields})`);
  }
  return parsed.data;
}

/** A final, non-retriable, unsuccessful response → the error the caller acts on. Never a credential or a body value. */
async function failureFor(response: Response, what: string, searchName?: string): Promise<Error> {
  const status = response.status;
  switch (status) {
    case 400: {
      const invalid = await readInvalidFields(response);
      const fields = invalid
        ?.map((e) => e.field)
        .slice(0, 5)
        .join(', ');
      return new VendorFatalError({
        vendor: HEROBASE_VENDOR,
        httpStatus: 400,
        code: 'bad_request',
        message: `${HEROBASE_NAME} rejected the ${what} (HTTP 400)${fields ? `: invalid ${fields}` : ''}`,
      });
    }
    case 401:
      await discard(response);
      return new VendorFatalError({
        vendor: HEROBASE_VENDOR,
        httpStatus: 401,
        code: 'unauthorized',
        message: `${HEROBASE_NAME} rejected the credentials of the ${what} (HTTP 401)`,
      });
    case 403:
      return new HeroBaseForbiddenError({ what, ...(await readForbidden(response)) });
    case 404:
      await discard(response);
      if (searchName !== undefined) {
        return new VendorFatalError({
          vendor: HEROBASE_VENDOR,
          httpStatus: 404,
          code: 'bad_request',
          message: `${HEROBASE_NAME} does not know lead search ${quote(searchName)} (HTTP 404)`,
        });
      }
      return protocolError(status, `${HEROBASE_NAME} answered the ${what} with HTTP 404`);
    default:
      await discard(response);
      return protocolError(status, `${HEROBASE_NAME} answered the ${what} with undocumented HTTP ${status}`);
  }
}

/**
 * The lead's id in an import reply, when there is a usable one: `{ leadId }` (any letter case), else `{ id }`,
 * or a bare JSON string or number. Anything else (no body, text, HTML, an id that is not a plain token) is no id.
 */
function readLeadId(text: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  let candidate: unknown = json;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const entries = Object.entries(json);
    candidate = (entries.find(([key]) => key.toLowerCase() === 'leadid') ?? entries.find(([key]) => key.toLowerCase() === 'id'))?.[1];
  }
  const parsed = LeadIdSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/** A configuration name (campaign code, search name) for a message: quoted, control characters dropped, capped. */
function quote(name: string): string {
  return JSON.stringify(name.replace(/\p{Cc}/gu, '').slice(0, 80));
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function readJson(response: Response, what: string): Promise<unknown> {
  return readJsonBody(response, { id: HEROBASE_VENDOR, name: HEROBASE_NAME }, what);
}

function protocolError(httpStatus: number, message: string): VendorProtocolError {
  return new VendorProtocolError({ vendor: HEROBASE_VENDOR, httpStatus, message });
}
