import { Hono, type Context } from 'hono';
import type { BulkProcessor, ResultsBody } from './bulks';
import { errorBody } from './errorBody';
import type { FaultInjector, LeadspaceDialect } from './faults';
import { basicCredentials, type TokenIssuer, type TokenOutcome } from './oauth';
import { BulkRequestSchema, MAX_BULK_ITEMS, meetsMinimumInput } from './request';
import type { SimulatorStats } from './stats';
import { countRequests } from '../requestStats';
import { isHttpUrl } from '../httpUrl';

export interface RouteDeps {
  /** perpetual tokens */
  tokens: ReadonlySet<string>;
  /** The program id that `Basic base64(programId:token)` must carry for a perpetual token; none: Basic is refused. */
  programId?: string;
  oauth: TokenIssuer;
  processor: BulkProcessor;
  faults: FaultInjector;
  stats: SimulatorStats;
}

export const SUBMIT_PATH = '/enrichment/enrich/bulk';
export const RESULTS_PREFIX = '/v3/enrichment/results';
export const TOKEN_PATH = '/oauth/authorize';

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

  app.post(TOKEN_PATH, async (c) => oauthResponse(deps.oauth.authorize(c.req.header('content-type'), await c.req.text())));
  app.put(TOKEN_PATH, async (c) => oauthResponse(deps.oauth.refresh(c.req.header('content-type'), await c.req.text())));

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
      case 'accepted': {
        // The bulk is accepted (and will be processed, billed and called back) whatever the client hears next.
        if (deps.faults.acceptThenFail()) {
          deps.stats.acceptedThenFailed += 1;
          return fail(500, 'server');
        }
        const slowMs = deps.faults.slowAccept();
        if (slowMs > 0) {
          deps.stats.acceptedSlowly += 1;
          await new Promise((resolve) => setTimeout(resolve, slowMs));
        }
        return c.json({ id: `${RESULTS_PREFIX}/${outcome.id}` }, deps.faults.dialect.acceptStatus ?? 202);
      }
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
        return c.json(inDialect(outcome.body, deps.faults.dialect), 200);
    }
  });

  app.notFound((c) => c.body(null, 404));
  app.onError(() => fail(500, 'server'));
  return app;
}

/**
 * `Bearer <token>`: a perpetual token, or an OAuth access token still valid (and not refused by the
 * rejectAccessTokens fault). `Basic base64(programId:token)`: a perpetual token with the configured program id,
 * the document's "use the HTTP Basic Authentication" read literally; OAuth tokens are Bearer only.
 * Schemes are matched case-insensitively (RFC 9110 §11.1).
 */
function isAuthorized(c: Context, deps: RouteDeps): boolean {
  const header = c.req.header('authorization') ?? '';
  let ok = false;
  const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
  if (bearer !== undefined) {
    deps.stats.authSchemes.bearer += 1;
    ok = deps.tokens.has(bearer) || (deps.oauth.accepts(bearer) && !deps.faults.current.rejectAccessTokens);
  } else if (/^Basic /i.test(header)) {
    deps.stats.authSchemes.basic += 1;
    const basic = basicCredentials(header);
    ok = basic !== undefined && deps.programId !== undefined && basic.programId === deps.programId && deps.tokens.has(basic.token);
  }
  // Credentials withdrawn by the vendor (a revoked perpetual token, a disabled program): every call is refused.
  if (deps.faults.current.credentialsWithdrawn) ok = false;
  if (!ok) deps.stats.unauthorized += 1;
  return ok;
}

/*
 * The statuses are the document's (401 for wrong credentials) or Leadflow's reading (400); the bodies are invented:
 * the OAuth article shows none, so they follow the Bulk v3 document's general error format.
 */
const OAUTH_ERRORS = {
  unauthorized: [401, 'Unauthorized request', 'Wrong credentials, or credentials have expired'],
  invalid_request: [400, 'JSON format is invalid', 'The body must be a JSON object: {"user", "pass", "audience"} to authorize, with "refreshToken" to refresh'],
  invalid_audience: [400, 'Invalid audience', 'For API V3 services use "API_GATEWAY"'],
} as const;

/** Token answers must not be cached by anything in between. */
function oauthResponse(outcome: TokenOutcome): Response {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=UTF-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
  };
  if (outcome.kind === 'granted') return new Response(JSON.stringify(outcome.body), { status: 200, headers });
  const [status, error, details] = OAUTH_ERRORS[outcome.kind];
  return new Response(JSON.stringify(errorBody(error, details)), { status, headers });
}

/** The results body as the dialect answers it (the default: the document's property tables). */
function inDialect(body: ResultsBody, dialect: Readonly<LeadspaceDialect>): unknown {
  const cased = <T extends string>(value: T | undefined): string | undefined =>
    value === undefined ? undefined : dialect.statusCase === 'upper' ? value.toUpperCase() : dialect.statusCase === 'lower' ? value.toLowerCase() : value;
  const results = body.results.map(({ external_id, ...result }) => {
    const data = result.data && { ...result.data, enrichment_status: cased(result.data.enrichment_status) };
    const out = { ...result, status: cased(result.status), ...(data && { data }) };
    switch (dialect.externalIdEcho) {
      case 'company':
        return { ...out, company: { external_id } };
      case 'missing':
        return out;
      case 'null':
        return { ...out, external_id: null };
      default:
        return { ...out, external_id };
    }
  });
  return dialect.unreadableResults ? { bulk: { items: results } } : { ...body, results };
}
