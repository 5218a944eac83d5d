import type { MiddlewareHandler } from 'hono';

export type AggKnowledgeEndpoint = 'submit' | 'listBatches' | 'batchStatus' | 'listItems' | 'getItem' | 'other';

export interface AggKnowledgeSimulatorStats {
  /** Every HTTP request received. */
  requests: number;
  /** Responses with status >= 400, by status. */
  rejected: Record<number, number>;
  /** Responses by endpoint, then by status (every status, 2XX included). */
  byEndpoint: Record<AggKnowledgeEndpoint, Record<number, number>>;
  /** Live batches accepted (acceptThenFail ones included: they exist). */
  batchesCreated: number;
  /** Requests in accepted live batches. */
  itemsSubmitted: number;
  /** Live items processed successfully: what the vendor bills. The same person returned twice is billed twice. */
  billed: number;
  /**
   * Items (both environments) processed successfully with a person carrying only fields Leadflow cannot map
   * (the dialect's unmappedRate). The live ones are part of `billed`: a success is billed however it is spelled.
   */
  unmappedItems: number;
  /** Test-environment batches accepted (never billed: invented, the document only names the environment). */
  testBatchesCreated: number;
  /** Requests in accepted test-environment batches (never billed). */
  testItems: number;
  /** Submissions accepted and then answered 500 (the acceptThenFailRate fault). */
  acceptedThenFailed: number;
  /** Item listings that asked for more than 50 items a page (answered 400). */
  pageSizeViolations: number;
  /** The largest item-page `limit` asked for, valid or not (0 before any listing). */
  maxPageSizeSeen: number;
}

const ENDPOINTS: readonly AggKnowledgeEndpoint[] = ['submit', 'listBatches', 'batchStatus', 'listItems', 'getItem', 'other'];

export function emptyStats(): AggKnowledgeSimulatorStats {
  return {
    requests: 0,
    rejected: {},
    byEndpoint: Object.fromEntries(ENDPOINTS.map((e) => [e, {}])) as AggKnowledgeSimulatorStats['byEndpoint'],
    batchesCreated: 0,
    itemsSubmitted: 0,
    billed: 0,
    unmappedItems: 0,
    testBatchesCreated: 0,
    testItems: 0,
    acceptedThenFailed: 0,
    pageSizeViolations: 0,
    maxPageSizeSeen: 0,
  };
}

/** A deep copy, so callers can keep snapshots and compare them. */
export function snapshot(stats: AggKnowledgeSimulatorStats): AggKnowledgeSimulatorStats {
  return {
    ...stats,
    rejected: { ...stats.rejected },
    byEndpoint: Object.fromEntries(ENDPOINTS.map((e) => [e, { ...stats.byEndpoint[e] }])) as AggKnowledgeSimulatorStats['byEndpoint'],
  };
}

/** Counts each response under its endpoint and status. */
export function countEndpoints(stats: AggKnowledgeSimulatorStats): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const endpoint = endpointOf(c.req.method, c.req.path);
    const counts = stats.byEndpoint[endpoint];
    counts[c.res.status] = (counts[c.res.status] ?? 0) + 1;
  };
}

function endpointOf(method: string, path: string): AggKnowledgeEndpoint {
  const match = /^\/v2\/[^/]+\/person\/bulk(?:\/([^/]+)(?:\/(items)(?:\/([^/]+))?)?)?\/?$/.exec(path);
  if (!match) return 'other';
  const [, batchId, items, itemId] = match;
  if (method === 'POST') return batchId === undefined ? 'submit' : 'other';
  if (method !== 'GET') return 'other';
  if (batchId === undefined) return 'listBatches';
  if (items === undefined) return 'batchStatus';
  return itemId === undefined ? 'listItems' : 'getItem';
}
