/*
 * AggKnowledge person API v2, asynchronous (what its document says and how Leadflow reads it: docs/vendors.md,
 * "AggKnowledge").
 *
 * The document names the operations, their parameters and a few response fields (batchId, status, cursor,
 * isSuccess, isRetryable, "caller-supplied metadata"), but no URL, no path, no body shape, no status value and no
 * person field. What follows is LEADFLOW'S READING of it, kept in this adapter (and the simulator) only; the base
 * URL is configuration:
 *   auth             header x-api-key (documented); missing or unknown key → 401 { message } (invented)
 *   POST  /v2/{environment}/person/bulk                  { requests: [{ professionalSocialMediaUrl?, pdlId?,
 *                                                          personId?, metadata? }] } (1..1000, the cap invented)
 *                                                        → 202 { batchId }
 *   GET   /v2/{environment}/person/bulk?createdAfter=YYYY-MM-DD&limit=&offset=   (limit ≤ 1000, documented)
 *                                                        → 200 { batches: [{ batchId, status, createdAt, total,
 *                                                          completed, failed }], total }
 *   GET   /v2/{environment}/person/bulk/{id}             → 200 { status, total?, completed?, failed? }
 *   GET   /v2/{environment}/person/bulk/{id}/items?cursor=&limit=   → 200 { items, cursor|null } (limit ≤ 50, documented)
 *   GET   /v2/{environment}/person/bulk/{id}/items/{itemId}         → 200 item
 *   400 → { message, field } (invented); 402 → out of credits (invented: no status code is documented);
 *   429/5XX retried by the shared transport (no limit is documented; "Tier 3/4" is not explained);
 *   `environment` is `live` or `test` (documented); that `test` is an unbilled sandbox is Leadflow's reading.
 * Read leniently (readings.ts): the status in any case and its synonyms, lists wrapped in items/data/results or
 * bare, cursor/nextCursor/next_cursor, snake_case item flags; the person's field names in personFields.ts.
 * Each read says which variant it met (statusValue, reading), for the adapter to log.
 */
import type { z } from 'zod';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings, readJsonBody } from '../transport';
import { describeIssuePaths } from '../zodIssues';
import { readErrorField } from './errorBody';
import { BATCH_LIST_KEYS, ITEM_LIST_KEYS, canonicalItem, readBatchState, readCursor, readTotal, unwrapList } from './readings';
import { AGGKNOWLEDGE_ENVIRONMENTS, toAggKnowledgeBulkRequest, type AggKnowledgeEnvironment, type AggKnowledgeRecord } from './request';
import {
  AcceptedBodySchema,
  BatchStatusBodySchema,
  BatchListPageSchema,
  ItemPageBodySchema,
  ItemSchema,
  type AggKnowledgeBatchList,
  type AggKnowledgeBatchStatus,
  type AggKnowledgeItem,
  type AggKnowledgeItemPage,
  type AggKnowledgeItemsReading,
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
    this.transport = transportOptions({ id: VENDOR, name: NAME }, options, async (response) => (response.status === 429 ? ' (rate limited)' : ''));
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

  /** The batch's state, whatever word and letter case the vendor uses for it (see readings.ts). */
  async batchStatus(batchId: string): Promise<AggKnowledgeBatchStatus> {
    const what = 'batch status';
    const { status, total, completed, failed } = parseWith(BatchStatusBodySchema, await this.getBody(this.path(batchId), what), what);
    const read = readBatchState(status);
    // The value is not quoted: an unknown one is free text as far as Leadflow knows.
    if (!read) throw protocolError(200, `${NAME} ${what} has no status value Leadflow recognises (field status)`);
    return {
      status: read.state,
      statusValue: read.statusValue,
      ...(total !== undefined && { total }),
      ...(completed !== undefined && { completed }),
      ...(failed !== undefined && { failed }),
    };
  }

  /** One page of batches, oldest first as the vendor lists them; `total` when the vendor gives one. */
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
    const what = 'batch listing';
    const unwrapped = unwrapList(await this.getBody(this.path(undefined, query), what), BATCH_LIST_KEYS);
    if (!unwrapped) throw protocolError(200, `${NAME} ${what} body holds no list (read: batches, items, data, results or a bare list)`);
    const { batches } = parseWith(BatchListPageSchema, { batches: unwrapped.list }, what);
    const total = readTotal(unwrapped.envelope);
    return { batches, wrapper: unwrapped.wrapper, ...(total !== undefined && { total }) };
  }

  /**
   * One page of a batch's items. Only processed items are listed: while the batch runs the list is partial.
   * `reading` says which wrapper, cursor field and item key spellings the vendor used.
   */
  /**
   * One page of a batch's items. `keep` receives the page's body exactly as received, before it is read: the items
   * were paid for, so a body this code cannot read is still kept (readItemPage reads it again later).
   */
  async itemPage(batchId: string, options: { cursor?: string; limit?: number; keep?: (body: string) => void } = {}): Promise<AggKnowledgeItemPage> {
    const limit = options.limit ?? AGGKNOWLEDGE_MAX_ITEMS_PAGE;
    checkPageSize(limit);
    const query = new URLSearchParams({ limit: String(limit) });
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    const body = await this.getText(this.path(batchId, query, 'items'), 'item listing');
    options.keep?.(body);
    return readItemPage(body, limit);
  }

  /**
   * Every listed item of a batch, page by page (never more than 50 a page), following the cursor until it is
   * null. Meant for a completed batch; on a running one it stops at the first empty page, with what is there.
   */
  async *itemPages(batchId: string, options: { pageSize?: number } = {}): AsyncGenerator<AggKnowledgeItem[]> {
    for await (const page of this.pages(batchId, options)) if (page.items.length) yield page.items;
  }

  async listItems(batchId: string, options: { pageSize?: number } = {}): Promise<AggKnowledgeItem[]> {
    return (await this.readItems(batchId, options)).items;
  }

  /** listItems, with the reading of every page merged (a variant that changes between pages shows as `a+b`). */
  async readItems(
    batchId: string,
    options: { pageSize?: number; keep?: (body: string) => void } = {},
  ): Promise<{ items: AggKnowledgeItem[]; reading: AggKnowledgeItemsReading }> {
    const pages: AggKnowledgeItemPage[] = [];
    for await (const page of this.pages(batchId, options)) pages.push(page);
    return mergePages(pages);
  }

  async getItem(batchId: string, itemId: string): Promise<AggKnowledgeItem> {
    const what = 'item fetch';
    return parseWith(ItemSchema, await this.getBody(this.path(batchId, undefined, 'items', itemId), what), what);
  }

  /**
   * Reconciliation after an ambiguous submit (a 5XX or lost response after the vendor may have accepted it):
   * which batch, if any, carries `submissionKey`? Lists the batches created since `since` (1,000 a page, by
   * offset) and, oldest first, reads each candidate's first item (limit 1) and compares its
   * metadata.submissionKey. Returns the first (oldest) match, or undefined. A batch listed without createdAt
   * cannot be ruled out by date, so it is a candidate, after the dated ones.
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
    const candidates = new Map<string, number>();
    for (let offset = 0; ; ) {
      const page = await this.listBatches({ createdAfter, limit: AGGKNOWLEDGE_MAX_BATCHES_PAGE, offset });
      let fresh = 0;
      for (const batch of page.batches) {
        if (candidates.has(batch.batchId)) continue;
        const at = batch.createdAt === undefined ? Number.NaN : Date.parse(batch.createdAt);
        if (Number.isNaN(at)) candidates.set(batch.batchId, Number.POSITIVE_INFINITY);
        else if (at >= earliest) candidates.set(batch.batchId, at);
        fresh += 1;
      }
      offset += page.batches.length;
      // Without a total, a short page is the last; a page with nothing new (a vendor ignoring offset) ends it too.
      const last = page.total !== undefined ? offset >= page.total : page.batches.length < AGGKNOWLEDGE_MAX_BATCHES_PAGE;
      if (page.batches.length === 0 || fresh === 0 || last) break;
    }
    const oldestFirst = [...candidates].sort(([, a], [, b]) => a - b);
    for (const [batchId] of oldestFirst) {
      const { items } = await this.itemPage(batchId, { limit: 1 });
      if (items[0]?.metadata?.submissionKey === submissionKey) return batchId;
    }
    return undefined;
  }

  /** Every page of a batch's item listing, following the cursor; stops at an empty page or a null cursor. */
  private async *pages(batchId: string, options: { pageSize?: number; keep?: (body: string) => void }): AsyncGenerator<AggKnowledgeItemPage> {
    const limit = options.pageSize ?? AGGKNOWLEDGE_MAX_ITEMS_PAGE;
    checkPageSize(limit);
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const page = await this.itemPage(batchId, { limit, ...(cursor !== undefined && { cursor }), ...(options.keep && { keep: options.keep }) });
      yield page;
      if (page.cursor === null || page.items.length === 0) return;
      if (seen.has(page.cursor)) throw protocolError(200, `${NAME} item listing returned a cursor it had already returned`);
      seen.add(page.cursor);
      cursor = page.cursor;
    }
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

  private async getBody(url: string, what: string): Promise<unknown> {
    const response = await this.send('GET', url, what);
    if (response.status !== 200) throw await failureFor(response, what);
    return readJson(response, what);
  }

  private async getText(url: string, what: string): Promise<string> {
    const response = await this.send('GET', url, what);
    if (response.status !== 200) throw await failureFor(response, what);
    return response.text();
  }
}

/**
 * Reads one kept item-listing body (AggKnowledgeClient.itemPage keeps it): the list in any wrapper Leadflow knows,
 * the cursor, and which reading the vendor used. VendorProtocolError, never quoting the body, when it cannot.
 */
export function readItemPage(body: string, limit: number = AGGKNOWLEDGE_MAX_ITEMS_PAGE): AggKnowledgeItemPage {
  const what = 'item listing';
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw protocolError(200, `${NAME} ${what} response (HTTP 200) is not valid JSON`);
  }
  const unwrapped = unwrapList(json, ITEM_LIST_KEYS);
  if (!unwrapped) throw protocolError(200, `${NAME} ${what} body holds no item list (read: items, data, results or a bare list)`);
  const cursor = readCursor(unwrapped.envelope);
  if (cursor === 'invalid') throw protocolError(200, `${NAME} ${what} cursor is neither text nor null`);
  const page = parseWith(ItemPageBodySchema, { items: unwrapped.list, cursor: cursor.cursor }, what);
  // A bare list carries no cursor: the vendor evidently does not page it, so the page limit cannot apply.
  if (unwrapped.wrapper !== 'bare' && page.items.length > limit) {
    throw protocolError(200, `${NAME} returned ${page.items.length} items for a page of at most ${limit}`);
  }
  const itemFields = new Set(unwrapped.list.flatMap((raw) => canonicalItem(raw).spellings));
  return {
    items: page.items,
    cursor: page.cursor,
    reading: { wrapper: unwrapped.wrapper, cursorField: cursor.cursorField, itemFields: [...itemFields].sort() },
  };
}

/** The items of a batch's pages, and their readings merged (a variant that changes between pages shows as `a+b`). */
export function mergePages(pages: readonly AggKnowledgeItemPage[]): { items: AggKnowledgeItem[]; reading: AggKnowledgeItemsReading } {
  const joined = (values: Iterable<string>) => [...new Set(values)].sort().join('+');
  return {
    items: pages.flatMap((page) => page.items),
    reading: {
      wrapper: joined(pages.map((p) => p.reading.wrapper)),
      cursorField: joined(pages.map((p) => p.reading.cursorField)),
      itemFields: [...new Set(pages.flatMap((p) => p.reading.itemFields))].sort(),
    },
  };
}

/** Validates a 200's body; the message names the fields that failed, never their values. */
function parseWith<S extends z.ZodType>(schema: S, json: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw protocolError(200, `${NAME} ${what} body does not match the expected schema (fields: ${describeIssuePaths(parsed.error)})`);
  }
  return parsed.data;
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
      // Invented: the document gives no status for running out of credits; 402 is the conventional one.
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
