import { Hono, type Context } from 'hono';
import type { BulkProcessor } from './bulks';
import { errorBody } from './errorBody';
import type { FaultInjector } from './faults';
import type { GrantOutcome, TokenIssuer } from './oauth';
import { BulkRequestSchema, MAX_BULK_ITEMS, meetsMinimumInput } from './request';
import type { SimulatorStats } from './stats';
import { countRequests } from '../requestStats';
import { isHttpUrl } from '../httpUrl';

export interface RouteDeps {
  /** perpetual tokens */
  tokens: ReadonlySet<string>;
  oauth: TokenIssuer;
  processor: BulkProcessor;
  faults: FaultInjector;
  stats: SimulatorStats;
}

export const SUBMIT_PATH = '/enrichment/enrich/bulk';
export const RESULTS_PREFIX = '/v3/enrichment/results';
export const TOKEN_PATH = '/oauth2/token';

const STATUS_TEXT = {
  unauthorized: ['Unauthorized request', 'Credentials are required to access this resource.'],
  invalidJson: ['JSON format is invalid', 'The request body must be a JSON object with a "data" list'],
  tooMany: ['Too many records', `data is limited to ${MAX_BULK_ITEMS} items per bulk`],
  insufficientInput: [
    'Insufficient basic input',
    'Provide Company Name (account enrichment), or First Name, Last Name and Company Name/Email Address/Website (person enrichment)',
  ],
  badCallback: ['Invalid callbackUrl', 'callbackUrl must be an absolute http(s) URL'],
  credits: [
    'Insufficient credits or program ID is invalid',
    'Please reach out to the Customer Success Manager and the Support team (at support@leadspace.com) for credits allocation',
  ],
  // The document names no status for a full backlog; 429 is the conventional "slow down", and the client
  // treats it as retriable, which matches a backlog that drains.
  backlog: ['Backlog limit exceeded', 'Leadspace keeps a limited number of leads in the backlog; retry later'],
  server: ['Server error', 'Please reach out to the Support team for assistance.'],
} as const;

type ErrorKind = keyof typeof STATUS_TEXT;
type ErrorStatus = 400 | 401 | 427 | 429 | 500 | 502 | 503;

// A plain Response rather than c.json: Hono's status type has no room for the vendor's non-standard 427.
function fail(status: ErrorStatus, kind: ErrorKind): Response {
  const [error, details] = STATUS_TEXT[kind];
  return new Response(JSON.stringify(errorBody(error, details)), {
    status,
    headers: { 'Content-Type': 'application/json; charset=UTF-8' },
  });
}

export function createLeadspaceApp(deps: RouteDeps): Hono {
  const app = new Hono();

  // Outermost, so it also sees responses produced by the fault middleware and by notFound.
  app.use('*', countRequests(deps.stats));

  app.use('*', async (_c, next) => {
    const { slowResponseMs } = deps.faults.current;
    if (slowResponseMs && slowResponseMs > 0) await new Promise((resolve) => setTimeout(resolve, slowResponseMs));
    // Injected before authentication and without side effects: it stands for a failing gateway in front of the API.
    const status = deps.faults.serverError();
    if (status !== undefined) return fail(status, 'server');
    await next();
  });

  app.post(TOKEN_PATH, async (c) => {
    const outcome = deps.oauth.grant(c.req.header('authorization'), c.req.header('content-type'), await c.req.text());
    return oauthResponse(outcome);
  });

  app.post(SUBMIT_PATH, async (c) => {
    if (!isAuthorized(c, deps)) return fail(401, 'unauthorized');

    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      return fail(400, 'invalidJson');
    }
    const parsed = BulkRequestSchema.safeParse(json);
    if (!parsed.success) return fail(400, 'invalidJson');
    const { data, external_bulk_id, callbackUrl } = parsed.data;
    if (data.length > MAX_BULK_ITEMS) return fail(400, 'tooMany');
    if (!data.some(meetsMinimumInput)) return fail(400, 'insufficientInput');
    if (callbackUrl && !isHttpUrl(callbackUrl)) return fail(400, 'badCallback');

    const outcome = deps.processor.submit({
      items: data,
      ...(external_bulk_id != null && { externalBulkId: external_bulk_id }),
      ...(callbackUrl && { callbackUrl }),
    });
    switch (outcome.kind) {
      case 'insufficient_credits':
        return fail(427, 'credits');
      case 'backlog_full':
        return fail(429, 'backlog');
      case 'accepted':
        return c.json({ id: `${RESULTS_PREFIX}/${outcome.id}` }, 202);
    }
  });

  app.get(`${RESULTS_PREFIX}/:id`, (c) => {
    // The polling table documents 401 and 404 without a body.
    if (!isAuthorized(c, deps)) return c.body(null, 401);
    const outcome = deps.processor.results(c.req.param('id'));
    switch (outcome.kind) {
      case 'not_found':
        return c.body(null, 404);
      case 'processing':
        return c.body(null, 204);
      case 'done':
        return c.json(outcome.body, 200);
    }
  });

  app.notFound((c) => c.body(null, 404));
  app.onError(() => fail(500, 'server'));
  return app;
}

/** A perpetual token, or an OAuth access token still valid (and not refused by the rejectAccessTokens fault). */
function isAuthorized(c: Context, deps: RouteDeps): boolean {
  const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  const ok =
    token !== undefined &&
    (deps.tokens.has(token) || (deps.oauth.accepts(token) && !deps.faults.current.rejectAccessTokens));
  if (!ok) deps.stats.unauthorized += 1;
  return ok;
}

const OAUTH_ERRORS = {
  invalid_client: [401, 'Client authentication failed'],
  invalid_request: [400, 'The request must be form-encoded and carry grant_type'],
  unsupported_grant_type: [400, 'Only grant_type=client_credentials is supported'],
} as const;

/** RFC 6749 §5.1/§5.2 bodies; token responses must not be cached. */
function oauthResponse(outcome: GrantOutcome): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=UTF-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  };
  if (outcome.kind === 'granted') return new Response(JSON.stringify(outcome.body), { status: 200, headers });
  const [status, description] = OAUTH_ERRORS[outcome.kind];
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="leadspace"';
  return new Response(JSON.stringify({ error: outcome.kind, error_description: description }), { status, headers });
}
