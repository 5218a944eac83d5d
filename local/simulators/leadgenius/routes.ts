import { Hono } from 'hono';
import type { DialectSwitch } from './dialect';
import type { FaultInjector } from './faults';
import type { RateLimiter } from './limits';
import type { BulkJobProcessor } from './processing';
import { parseBulkJob } from './request';
import type { LeadGeniusSimulatorStats } from './stats';
import { countRequests } from '../requestStats';

export interface RouteDeps {
  apiKeys: ReadonlySet<string>;
  processor: BulkJobProcessor;
  limiter: RateLimiter;
  faults: FaultInjector;
  dialect: DialectSwitch;
  stats: LeadGeniusSimulatorStats;
  objectsPerHour: number;
  /** the simulator's clock, for the acceptance timeline */
  clock: () => number;
}

// As documented; note the status path's prefix order differs from the submission's.
export const BULK_JOB_PATH = '/emailguess/v1/bulk/job';
export const BULK_STATUS_PREFIX = '/v1/emailguess/bulk/job/status';

type ErrorStatus = 400 | 403 | 404 | 429 | 500;

/** The document's error body: `{"status": <code>, "error": "..."}`. */
function fail(status: ErrorStatus, error: string): Response {
  return new Response(JSON.stringify({ status, error }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function createLeadGeniusApp(deps: RouteDeps): Hono {
  const app = new Hono();

  app.use('*', countRequests(deps.stats));

  // Before authentication and without side effects: a failing gateway in front of the API.
  app.use('*', async (_c, next) => {
    if (deps.faults.serverError()) return fail(500, 'Internal Server Error');
    await next();
  });

  app.post(BULK_JOB_PATH, async (c) => {
    const apiKey = c.req.header('x-lg-api-key');
    if (!apiKey || !deps.apiKeys.has(apiKey)) return fail(403, 'Unauthorized');

    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return fail(400, 'body must be valid JSON');
    }
    const parsed = parseBulkJob(json);
    if (!parsed.ok) return fail(400, parsed.error);

    const dialect = deps.dialect.current;
    if (!deps.limiter.takeObjects(apiKey, parsed.items.length)) {
      deps.stats.limitViolations.objects += 1;
      return fail(dialect.rateLimitStatus, `Rate limit exceeded: ${deps.objectsPerHour} objects to find per hour`);
    }
    deps.stats.acceptedObjects.push({ at: deps.clock(), count: parsed.items.length });
    const job = deps.processor.submit(apiKey, parsed.items, parsed.webhookUrl);
    // After every side effect of an acceptance: the job runs, is billed and calls back, but its id is lost.
    if (deps.faults.failAfterAccept()) {
      deps.stats.acceptedThenFailed += 1;
      return fail(500, 'Internal Server Error');
    }
    return c.json({ status: dialect.acceptStatus, [dialect.acceptIdField]: job.externalId }, dialect.acceptStatus);
  });

  app.get(`${BULK_STATUS_PREFIX}/:jobid`, (c) => {
    const apiKey = c.req.header('x-lg-api-key');
    if (!apiKey || !deps.apiKeys.has(apiKey)) return fail(403, 'Unauthorized');
    const dialect = deps.dialect.current;
    // Every authorized status call counts, whether or not the job exists: the limit is on calls.
    if (!deps.limiter.takeStatusCall(apiKey)) {
      deps.stats.limitViolations.status += 1;
      return fail(dialect.rateLimitStatus, 'Rate limit exceeded: bulk job status is limited to 1/min, 60/hour');
    }
    const job = deps.processor.status(apiKey, c.req.param('jobid'));
    if (!job) return fail(404, 'Not Found');
    if (deps.clock() < job.acceptedAt + dialect.statusNotFoundUntilMs) return fail(404, 'Not Found');
    const { completed } = job.results;
    const results = { ...job.results, completed: dialect.completedAs === 'string' ? String(completed) : completed };
    return c.json({ status: 200, results }, 200);
  });

  app.notFound(() => fail(404, 'Not Found'));
  app.onError(() => fail(500, 'Internal Server Error'));
  return app;
}
