/*
 * AggKnowledge person API v2, asynchronous (vendor-docs/aggknowledge-person-async-v2.txt).
 *
 * The document names the operations, parameters and some fields, but not the URL paths, the base URL or every
 * body shape. What follows is LEADFLOW'S READING of it, kept in this adapter (and the simulator) only; the base
 * URL is configuration:
 *   auth             header x-api-key; missing or unknown key → 401 { message }
 *   POST  /v2/{environment}/person/bulk                  { requests: [{ professionalSocialMediaUrl?, pdlId?,
 *                                                          personId?, metadata? }] } (1..1000) → 202 { batchId }
 *   GET   /v2/{environment}/person/bulk?createdAfter=YYYY-MM-DD&limit=&offset=
 *                                                        → 200 { batches: [{ batchId, status, createdAt, total,
 *                                                          completed, failed }], total } (limit ≤ 1000)
 *   GET   /v2/{environment}/person/bulk/{id}             → 200 { batchId, status, total, completed, failed, createdAt }
 *   GET   /v2/{environment}/person/bulk/{id}/items?cursor=&limit=   → 200 { items, cursor|null } (limit ≤ 50)
 *   GET   /v2/{environment}/person/bulk/{id}/items/{itemId}         → 200 item
 *   400 → { message, field }; `environment` is `live` (billed) or `test`.
 */
import type { z } from 'zod';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings, readJsonBody } from '../transport';
import { describeIssuePaths } from '../zodIssues';
import { readErrorField } from './errorBody';
import {
  AGGKNOWLEDGE_ENVIRONMENTS,
  toAggKnowledgeBulkRequest,
  type AggKnowledgeEnvironment,
  type AggKnowledgeRecord,
} from './request';
import {
  AcceptedBodySchema,
  BatchListBodySchema,
  BatchStatusBodySchema,
  ItemPageBodySchema,
  ItemSchema,
  type AggKnowledgeBatchList,
  type AggKnowledgeBatchStatus,
  type AggKnowledgeItem,
  type AggKnowledgeItemPage,
} from './schemas';

const VENDOR = 'aggknowledge';
const NAME = 'AggKnowledge';

/** Items per page: the documented maximum, and the client's default. */
export const AGGKNOWLEDGE_MAX_ITEMS_PAGE = 50;
/** Batches per list page: the documented maximum. */
export const AGGKNOWLEDGE_MAX_BATCHES_PAGE = 1_000;

const DAY_MS = 86_400_000;
const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;

export interface AggKnowledgeClientOptions extends TransportSettings {
  /** The API's base URL (the document does not give one), or a simulator's url. */
  baseUrl: string;
  apiKey: string;
  /** Default `live`. `test` batches are the vendor's sandbox: not billed, listed apart from live ones. */
  environment?: AggKnowledgeEnvironment;
}

export interface ListBatchesOptions {
  /** Sent as the UTC date YYYY-MM-DD; the vendor filters by day. */
  createdAfter?: Date;
  /** 1..1000; the vendor's default is 100. */
  limit?: number;
  offset?: number;
}

export interface FindBatchOptions {
  /** How much earlier than `since` a batch's createdAt may be (our clock vs the vendor's). Default 5 minutes. */
  clockSkewMs?: number;
}

export class AggKnowledgeClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly transport: TransportOptions;
  readonly environment: AggKnowledgeEnvironment;

  constructor(options: AggKnowledgeClientOptions) {
    const environment = options.environment ?? 'live';
    if (!AGGKNOWLEDGE_ENVIRONMENTS.includes(environment)) throw new RangeError('environment must be "live" or "test"');
    this.environment = environment;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    // No vendor text in exhausted-retry messages: a 5XX body is free text and might echo input.
    this.transport = transportOptions({ id: VENDOR, name: NAME }, options, async (response) =>
      response.status === 429 ? ' (rate limited)' : '',
    );
  }

  /**
   * Submits one batch (202 → batchId). Every request carries metadata { externalId, submissionKey }.
   *
   * 429/5XX/network failures are retried by the transport. The vendor has no idempotency key, so a 5XX or lost
   * response AFTER it accepted the batch makes a retry create a second, billed batch. A caller that must never
   * buy twice gives this client `retry: { maxAttempts: 1 }` for submissions and, on VendorTransientError, calls
   * findBatch(submissionKey, since) before deciding to submit again.
   */
  async submitBulk(records: readonly AggKnowledgeRecord[], submissionKey: string): Promise<{ batchId: string }> {
    const body = toAggKnowledgeBulkRequest(records, submissionKey);
    const response = await this.send('POST', this.path(), 'bulk enrich submission', JSON.stringify(body));
    if (response.status !== 202) throw await failureFor(response, 'bulk enrich submission');
    const accepted = AcceptedBodySchema.safeParse(await readJson(response, 'bulk enrich submission'));
    if (!accepted.success) throw protocolError(response.status, `${NAME} accepted the batch but its body has no batchId`);
    return { batchId: accepted.data.batchId };
  }

  async batchStatus(batchId: string): Promise<AggKnowledgeBatchStatus> {
    const body = await this.getJson(this.path(batchId), 'batch status', BatchStatusBodySchema);
    return { status: body.status, total: body.total, completed: body.completed, failed: body.failed };
  }

  /** One page of batches, oldest first as the vendor lists them. */
  async listBatches(options: ListBatchesOptions = {}): Promise<AggKnowledgeBatchList> {
    const { createdAfter, limit, offset } = options;
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= AGGKNOWLEDGE_MAX_BATCHES_PAGE)) {
      throw new RangeError(`listBatches limit must be an integer within 1..${AGGKNOWLEDGE_MAX_BATCHES_PAGE}`);
    }
    if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0)) {
      throw new RangeError('listBatches offset must be an integer >= 0');
    }
    if (createdAfter !== undefined && Number.isNaN(createdAfter.getTime())) {
      throw new RangeError('listBatches createdAfter is not a valid date');
    }
    const query = new URLSearchParams();
    if (createdAfter) query.set('createdAfter', utcDate(createdAfter));
    if (limit !== undefined) query.set('limit', String(limit));
    if (offset !== undefined) query.set('offset', String(offset));
    return this.getJson(this.path(undefined, query), 'batch listing', BatchListBodySchema);
  }

  /** One page of a batch's items. Only processed items are listed: while the batch runs the list is partial. */
  async itemPage(batchId: string, options: { cursor?: string; limit?: number } = {}): Promise<AggKnowledgeItemPage> {
    const limit = options.limit ?? AGGKNOWLEDGE_MAX_ITEMS_PAGE;
    checkPageSize(limit);
    const query = new URLSearchParams({ limit: String(limit) });
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    const page = await this.getJson(this.path(batchId, query, 'items'), 'item listing', ItemPageBodySchema);
    if (page.items.length > limit) {
      throw protocolError(200, `${NAME} returned ${page.items.length} items for a page of at most ${limit}`);
    }
    return page;
  }

  /**
   * Every listed item of a batch, page by page (never more than 50 a page), following the cursor until it is
   * null. Meant for a completed batch; on a running one it stops at the first empty page, with what is there.
   */
  async *itemPages(batchId: string, options: { pageSize?: number } = {}): AsyncGenerator<AggKnowledgeItem[]> {
    const limit = options.pageSize ?? AGGKNOWLEDGE_MAX_ITEMS_PAGE;
    checkPageSize(limit);
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await this.itemPage(batchId, { limit, ...(cursor !== undefined && { cursor }) });
      if (page.items.length) yield page.items;
      if (page.cursor === null || page.items.length === 0) return;
      if (seen.has(page.cursor)) throw protocolError(200, `${NAME} item listing returned a cursor it had already returned`);
      seen.add(page.cursor);
      cursor = page.cursor;
    }
  }

  async listItems(batchId: string, options: { pageSize?: number } = {}): Promise<AggKnowledgeItem[]> {
    const items: AggKnowledgeItem[] = [];
    for await (const page of this.itemPages(batchId, options)) items.push(...page);
    return items;
  }

  async getItem(batchId: string, itemId: string): Promise<AggKnowledgeItem> {
    return this.getJson(this.path(batchId, undefined, 'items', itemId), 'item fetch', ItemSchema);
  }

  /**
   * Reconciliation after an ambiguous submit (a 5XX or lost response after the vendor may have accepted it):
   * which batch, if any, carries `submissionKey`? Lists the batches created since `since` (1,000 a page, by
   * offset) and, oldest first, reads each candidate's first item (limit 1) and compares its
   * metadata.submissionKey. Returns the first (oldest) match, or undefined.
   *
   * LIMITATION: the key is only visible on processed items, and the list shows only processed items. A batch
   * with no processed item yet (status pending) cannot be identified: undefined then means "not found YET".
   * Call again once the vendor has had time to start processing (or treat pending candidates as a reason to
   * wait) before resubmitting. Costs one list call per 1,000 batches and one item call per candidate.
   */
  async findBatch(submissionKey: string, since: Date, options: FindBatchOptions = {}): Promise<string | undefined> {
    if (Number.isNaN(since.getTime())) throw new RangeError('findBatch since is not a valid date');
    const earliest = since.getTime() - (options.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS);
    // createdAfter is a day; whether the vendor reads "after" as "on or after" or "after the end of", the day
    // before `earliest` includes every batch created since then. Anything older is dropped below.
    const createdAfter = new Date(earliest - DAY_MS);
    const candidates: Array<{ batchId: string; at: number }> = [];
    for (let offset = 0; ; ) {
      const page = await this.listBatches({ createdAfter, limit: AGGKNOWLEDGE_MAX_BATCHES_PAGE, offset });
      for (const batch of page.batches) {
        const at = Date.parse(batch.createdAt);
        if (at >= earliest) candidates.push({ batchId: batch.batchId, at });
      }
      offset += page.batches.length;
      if (page.batches.length === 0 || offset >= page.total) break;
    }
    candidates.sort((a, b) => a.at - b.at);
    for (const candidate of candidates) {
      const { items } = await this.itemPage(candidate.batchId, { limit: 1 });
      if (items[0]?.metadata?.submissionKey === submissionKey) return candidate.batchId;
    }
    return undefined;
  }

  private path(batchId?: string, query?: URLSearchParams, ...rest: string[]): string {
    const segments = ['v2', this.environment, 'person', 'bulk', ...(batchId === undefined ? [] : [batchId]), ...rest];
    const search = query && [...query.keys()].length ? `?${query}` : '';
    return `${this.baseUrl}/${segments.map(encodeURIComponent).join('/')}${search}`;
  }

  private send(method: 'GET' | 'POST', url: string, what: string, body?: string): Promise<Response> {
    const headers: Record<string, string> = { 'x-api-key': this.apiKey, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return sendWithRetry(url, { method, headers, ...(body !== undefined && { body }) }, this.transport, what);
  }

  private async getJson<S extends z.ZodType>(url: string, what: string, schema: S): Promise<z.infer<S>> {
    const response = await this.send('GET', url, what);
    if (response.status !== 200) throw await failureFor(response, what);
    const parsed = schema.safeParse(await readJson(response, what));
    if (!parsed.success) {
      const fields = describeIssuePaths(parsed.error);
      throw protocolError(response.status, `${NAME} ${what} body does not match the expected schema (fields: ${fields})`);
    }
    return parsed.data;
  }
}

function checkPageSize(limit: number): void {
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= AGGKNOWLEDGE_MAX_ITEMS_PAGE)) {
    throw new RangeError(`item page size must be an integer within 1..${AGGKNOWLEDGE_MAX_ITEMS_PAGE}`);
  }
}

function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A final, non-retriable, unsuccessful response → the error the caller acts on. Never a body value. */
async function failureFor(response: Response, what: string): Promise<Error> {
  const status = response.status;
  if (status === 400) {
    const field = await readErrorField(response);
    return new VendorFatalError({
      vendor: VENDOR,
      httpStatus: status,
      code: 'bad_request',
      message: `${NAME} rejected the ${what} (HTTP 400)${field ? `: field ${field} is invalid` : ': malformed request'}`,
    });
  }
  await response.body?.cancel().catch(() => undefined);
  switch (status) {
    case 401:
    case 403:
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'unauthorized',
        message: `${NAME} rejected the API key (HTTP ${status})`,
      });
    case 402:
      return new VendorFatalError({
        vendor: VENDOR,
        httpStatus: status,
        code: 'insufficient_credits',
        message: `${NAME} reports insufficient credits (HTTP 402)`,
      });
    case 404:
      return protocolError(status, `${NAME} does not know the batch or item of this ${what} (HTTP 404)`);
    default:
      return protocolError(status, `${NAME} answered the ${what} with undocumented HTTP ${status}`);
  }
}

function readJson(response: Response, what: string): Promise<unknown> {
  return readJsonBody(response, { id: VENDOR, name: NAME }, what);
}

function protocolError(httpStatus: number, message: string): VendorProtocolError {
  return new VendorProtocolError({ vendor: VENDOR, httpStatus, message });
}
