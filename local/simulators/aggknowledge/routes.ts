import { Hono, type Context } from 'hono';
import type { BatchStore, Environment } from './batches';
import { decodeCursor, encodeCursor } from './cursor';
import type { DialectSwitch } from './dialect';
import type { FaultInjector } from './faults';
import { parseBatchListQuery, parseBulkBody, parseItemsQuery, requestedLimit, MAX_BULK_REQUESTS, MAX_ITEMS_PAGE } from './request';
import { countEndpoints, type AggKnowledgeSimulatorStats } from './stats';
import { countRequests } from '../requestStats';

export interface RouteDeps {
  apiKeys: ReadonlySet<string>;
  batches: BatchStore;
  faults: FaultInjector;
  dialect: DialectSwitch;
  stats: AggKnowledgeSimulatorStats;
}

/**
 * Leadflow's reading of the document's paths (it names operations and parameters, not URLs). Invented beyond the
 * document: the paths, 401 `{ message }`, 400 `{ message, field }`, 404s, 202 for an accepted batch. The
 * simulator never answers 402 (credits) or 429 (the client handles both as Leadflow's reading; the document
 * names neither).
 */
export const BULK_PATH = '/v2/:environment/person/bulk';

type ErrorStatus = 400 | 401 | 404 | 500;

function fail(status: ErrorStatus, message: string, field?: string): Response {
  return new Response(JSON.stringify(field === undefined ? { message } : { message, field }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function environmentOf(c: Context): Environment | undefined {
  const environment = c.req.param('environment');
  return environment === 'live' || environment === 'test' ? environment : undefined;
}

export function createAggKnowledgeApp(deps: RouteDeps): Hono<{ Variables: { apiKey: string } }> {
  const app = new Hono<{ Variables: { apiKey: string } }>();
  const { batches, faults, dialect, stats } = deps;

  app.use('*', countRequests(stats));
  app.use('*', countEndpoints(stats));

  // Before authentication and without side effects: a failing gateway in front of the API.
  app.use('*', async (_c, next) => {
    if (faults.serverError()) return fail(500, 'Internal Server Error');
    await next();
  });

  app.use('*', async (c, next) => {
    const apiKey = c.req.header('x-api-key');
    if (faults.unauthorized() || !apiKey || !deps.apiKeys.has(apiKey)) return fail(401, 'Missing or invalid API key');
    c.set('apiKey', apiKey);
    await next();
  });

  app.post(BULK_PATH, async (c) => {
    const environment = environmentOf(c);
    if (!environment) return fail(404, 'Not Found');
    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return fail(400, 'body must be valid JSON', 'body');
    }
    const parsed = parseBulkBody(json);
    if (!parsed.ok) return fail(400, parsed.message, parsed.field);
    const batch = batches.create(c.get('apiKey'), environment, parsed.requests);
    if (faults.acceptThenFail()) {
      stats.acceptedThenFailed += 1;
      return fail(500, 'Internal Server Error');
    }
    return c.json({ batchId: batch.batchId }, 202);
  });

  app.get(BULK_PATH, (c) => {
    const environment = environmentOf(c);
    if (!environment) return fail(404, 'Not Found');
    const query = parseBatchListQuery(c.req.query());
    if (!query.ok) return fail(400, query.message, query.field);
    return c.json(dialect.batchList(batches.list(c.get('apiKey'), environment, query)), 200);
  });

  app.get(`${BULK_PATH}/:id`, (c) => {
    const environment = environmentOf(c);
    const summary = environment && batches.status(c.get('apiKey'), environment, c.req.param('id'));
    return summary ? c.json(dialect.summary(summary), 200) : fail(404, 'Bulk enrichment not found');
  });

  app.get(`${BULK_PATH}/:id/items`, (c) => {
    const environment = environmentOf(c);
    if (!environment) return fail(404, 'Not Found');
    const asked = requestedLimit(c.req.query('limit'));
    if (asked !== undefined) stats.maxPageSizeSeen = Math.max(stats.maxPageSizeSeen, asked);
    if (asked !== undefined && asked > MAX_ITEMS_PAGE) stats.pageSizeViolations += 1;
    const query = parseItemsQuery(c.req.query());
    if (!query.ok) return fail(400, query.message, query.field);

    const batchId = c.req.param('id');
    let start = 0;
    if (!dialect.pagesItems) {
      // A bare list carries no cursor: every processed item goes in one answer.
      const all = batches.items(c.get('apiKey'), environment, batchId, 0, MAX_BULK_REQUESTS);
      if (all === undefined || all === 'bad_start') return fail(404, 'Bulk enrichment not found');
      return c.json(dialect.itemPage(all.items, null), 200);
    }
    if (query.cursor !== undefined) {
      const decoded = decodeCursor(batchId, query.cursor);
      if (decoded === undefined) return fail(400, 'cursor is not one this listing returned', 'cursor');
      start = decoded;
    }
    const page = batches.items(c.get('apiKey'), environment, batchId, start, query.limit);
    if (page === undefined) return fail(404, 'Bulk enrichment not found');
    if (page === 'bad_start') return fail(400, 'cursor is not one this listing returned', 'cursor');
    return c.json(dialect.itemPage(page.items, page.next === null ? null : encodeCursor(batchId, page.next)), 200);
  });

  app.get(`${BULK_PATH}/:id/items/:itemId`, (c) => {
    const environment = environmentOf(c);
    const item = environment && batches.item(c.get('apiKey'), environment, c.req.param('id'), c.req.param('itemId'));
    return item ? c.json(dialect.item(item), 200) : fail(404, 'Bulk enrichment item not found');
  });

  app.notFound(() => fail(404, 'Not Found'));
  app.onError(() => fail(500, 'Internal Server Error'));
  return app;
}
