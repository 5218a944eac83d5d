import type { AggKnowledgePersonRequest } from './data';

/*
 * Validation of what clients send. Errors name the field (and the request's index), never a value: the
 * `{ message, field }` body is Leadflow's reading of the vendor's 400.
 */

export const MAX_BULK_REQUESTS = 1_000;
export const MAX_BATCH_PAGE = 1_000;
export const DEFAULT_BATCH_PAGE = 100;
export const MAX_ITEMS_PAGE = 50;
export const DEFAULT_ITEMS_PAGE = 20;

export interface BulkRequest extends AggKnowledgePersonRequest {
  /** Echoed on the item; null when the request had none. */
  metadata: Record<string, unknown> | null;
}

export interface Invalid {
  ok: false;
  message: string;
  field: string;
}

const IDENTIFIERS = ['professionalSocialMediaUrl', 'pdlId', 'personId'] as const;

export function parseBulkBody(body: unknown): { ok: true; requests: BulkRequest[] } | Invalid {
  if (!isObject(body)) return invalid('body must be a JSON object', 'body');
  const { requests } = body;
  if (!Array.isArray(requests)) return invalid('requests is required and must be a list', 'requests');
  if (requests.length === 0 || requests.length > MAX_BULK_REQUESTS) {
    return invalid(`requests must hold 1 to ${MAX_BULK_REQUESTS} person enrichment requests`, 'requests');
  }
  const parsed: BulkRequest[] = [];
  for (const [index, raw] of requests.entries()) {
    const at = `requests[${index}]`;
    if (!isObject(raw)) return invalid('each request must be an object', at);
    const request: BulkRequest = { metadata: null };
    for (const name of IDENTIFIERS) {
      const value = raw[name];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || !value.trim()) return invalid(`${name} must be a non-empty string`, `${at}.${name}`);
      request[name] = value.trim();
    }
    if (IDENTIFIERS.every((name) => request[name] === undefined)) {
      return invalid('each request needs professionalSocialMediaUrl, pdlId or personId', at);
    }
    const metadata = raw.metadata;
    if (metadata !== undefined && metadata !== null) {
      if (!isObject(metadata)) return invalid('metadata must be an object', `${at}.metadata`);
      request.metadata = metadata;
    }
    parsed.push(request);
  }
  return { ok: true, requests: parsed };
}

export interface BatchListQuery {
  /** Start of the UTC day given: batches created at or after it are listed. */
  createdAfter?: number;
  limit: number;
  offset: number;
}

export function parseBatchListQuery(query: Record<string, string | undefined>): ({ ok: true } & BatchListQuery) | Invalid {
  const limit = integer(query.limit, DEFAULT_BATCH_PAGE);
  if (limit === undefined || limit < 1 || limit > MAX_BATCH_PAGE) return invalid(`limit must be an integer within 1..${MAX_BATCH_PAGE}`, 'limit');
  const offset = integer(query.offset, 0);
  if (offset === undefined || offset < 0) return invalid('offset must be an integer >= 0', 'offset');
  if (query.createdAfter === undefined) return { ok: true, limit, offset };
  const createdAfter = utcDay(query.createdAfter);
  if (createdAfter === undefined) return invalid('createdAfter must be a date in YYYY-MM-DD format', 'createdAfter');
  return { ok: true, createdAfter, limit, offset };
}

export function parseItemsQuery(query: Record<string, string | undefined>): { ok: true; limit: number; cursor?: string } | Invalid {
  const limit = integer(query.limit, DEFAULT_ITEMS_PAGE);
  if (limit === undefined || limit < 1 || limit > MAX_ITEMS_PAGE) return invalid(`limit must be an integer within 1..${MAX_ITEMS_PAGE}`, 'limit');
  return query.cursor === undefined ? { ok: true, limit } : { ok: true, limit, cursor: query.cursor };
}

/** The numeric `limit` asked for, valid or not (for stats). */
export function requestedLimit(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

function integer(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

function utcDay(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  // Date.parse accepts 2024-02-30 in some engines' lenient modes; the round trip rejects it.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? undefined : ms;
}

function invalid(message: string, field: string): Invalid {
  return { ok: false, message, field };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
