import { Hono, type Context } from 'hono';
import { countRequests } from '../requestStats';
import { CSV_ENCODINGS, DEFAULT_CULTURE, encodeCsv, isSupportedCulture, renderCsv, type CsvEncoding } from './csv';
import type { HeroBaseSimUser } from './data';
import type { DialectSwitch } from './dialect';
import type { FaultInjector } from './faults';
import type { PerMinuteLimiter } from './limits';
import { allows, coversProject } from './rights';
import { countEndpoints, type HeroBaseSimulatorStats } from './stats';
import type { FieldError, LeadStore } from './store';

export interface RouteDeps {
  users: readonly HeroBaseSimUser[];
  store: LeadStore;
  limiter: PerMinuteLimiter;
  faults: FaultInjector;
  dialect: DialectSwitch;
  stats: HeroBaseSimulatorStats;
  requestsPerMinute: number;
}

type Env = { Variables: { user: HeroBaseSimUser } };

/**
 * Leadflow's reading of the guide's services (it names them, not their paths): see lambdas/vendors/herobase/client.ts.
 * Invented beyond the guide: the paths, every error body (400 errors[], 403 missingRight/missingProjectRight, 404),
 * the import's reply (dialect.ts), and the 429 fair-use limit with Retry-After (the guide mentions no limit).
 */
export function createHeroBaseApp(deps: RouteDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { store, stats } = deps;

  app.use('*', countRequests(stats));
  app.use('*', countEndpoints(stats));

  // Before authentication and without side effects: a failing gateway in front of the API.
  app.use('*', async (c, next) => {
    if (deps.faults.serverError()) {
      stats.serverErrors += 1;
      return c.json({ message: 'An error has occurred.' }, 500);
    }
    await next();
  });

  app.use('*', async (c, next) => {
    const user = authenticate(c.req.header('authorization'), deps.users);
    if (!user || deps.faults.unauthorized()) {
      return c.json({ message: 'Authorization has been denied for this request.' }, 401, { 'WWW-Authenticate': 'Basic realm="HeroBase"' });
    }
    c.set('user', user);
    await next();
  });

  app.use('*', async (c, next) => {
    const username = c.get('user').username;
    const retryAfter = deps.limiter.take(username);
    if (retryAfter !== undefined) {
      stats.rateLimited += 1;
      stats.rateLimitedByUser[username] = (stats.rateLimitedByUser[username] ?? 0) + 1;
      return c.json({ message: `Rate limit exceeded: at most ${deps.requestsPerMinute} requests per minute per user` }, 429, {
        'Retry-After': String(retryAfter),
      });
    }
    await next();
  });

  app.get('/api/myaccount', (c) => {
    const user = c.get('user');
    return reply(c, {
      username: user.username,
      logRequestData: user.logRequestData ?? false,
      projectRights: user.projectRights,
      resourceRights: user.resourceRights,
    });
  });

  app.get('/api/campaigns', (c) => {
    const user = c.get('user');
    if (!allows(user, 'Campaigns', 'GET')) return missingRight(c, 'GET', 'Campaigns');
    const visible = store.allCampaigns().filter((campaign) => coversProject(user, campaign.projectName));
    return reply(
      c,
      visible.map((campaign) => ({
        code: campaign.code,
        name: campaign.name,
        projectName: campaign.projectName,
        active: campaign.active ?? true,
      })),
    );
  });

  app.get('/api/leads/importexample', (c) => {
    const user = c.get('user');
    if (!allows(user, 'Leads', 'POST')) return missingRight(c, 'POST', 'Leads');
    const query = lowerQuery(c);
    const code = query.campaigncode;
    if (!code) return invalid(c, 'The request is invalid.', [{ field: 'campaignCode', message: 'campaignCode is required' }]);
    const campaign = store.campaign(code);
    if (!campaign) return c.json({ message: 'Campaign not found' }, 404);
    if (!coversProject(user, campaign.projectName)) return missingProject(c, campaign.projectName);
    const all = /^(true|1)$/i.test(query.showalldataentries ?? '');
    const fields = campaign.fields.filter((field) => all || field.required);
    return reply(c, {
      campaignCode: campaign.code,
      data: Object.fromEntries(fields.map((field) => [field.name, `example ${field.name}, type is ${field.type}, regex used for validation ${field.regex}`])),
    });
  });

  app.post('/api/leads', async (c) => {
    const user = c.get('user');
    if (!allows(user, 'Leads', 'POST')) return missingRight(c, 'POST', 'Leads');
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return invalid(c, 'The request is invalid.', [{ field: 'body', message: 'the body must be JSON' }]);
    }
    if (!isObject(body)) return invalid(c, 'The request is invalid.', [{ field: 'body', message: 'the body must be an object' }]);
    const problems: FieldError[] = [];
    if (typeof body.campaignCode !== 'string' || body.campaignCode === '') {
      problems.push({ field: 'campaignCode', message: 'campaignCode is required' });
    }
    if (!isObject(body.data)) problems.push({ field: 'data', message: 'data is required and must be an object' });
    if (problems.length) return invalid(c, 'The request is invalid.', problems);
    const campaign = store.campaign(body.campaignCode as string);
    if (!campaign) return c.json({ message: 'Campaign not found' }, 404);
    if (!coversProject(user, campaign.projectName)) return missingProject(c, campaign.projectName);

    const data = body.data as Record<string, unknown>;
    const errors = store.validate(campaign, data);
    if (errors.length) {
      stats.importsRejected += 1;
      for (const error of errors) stats.rejectedFields[error.field] = (stats.rejectedFields[error.field] ?? 0) + 1;
      return invalid(c, 'The lead is invalid.', errors);
    }
    const lead = store.importLead(campaign, data as Record<string, string>);
    stats.importsAccepted += 1;
    return deps.dialect.importReply(lead.leadId);
  });

  app.get('/api/leadsearches', (c) => {
    if (!allows(c.get('user'), 'Leads', 'GET')) return missingRight(c, 'GET', 'Leads');
    return reply(c, store.searchList());
  });

  app.get('/api/leads/export/csv', (c) => {
    const selection = selectExport(c, deps);
    if (selection instanceof Response) return selection;
    const query = lowerQuery(c);
    const errors: FieldError[] = [];
    const systemHeaders = (query.usesystemheaders ?? 'true').toLowerCase();
    if (systemHeaders !== 'true' && systemHeaders !== 'false') {
      errors.push({ field: 'useSystemHeaders', message: 'useSystemHeaders must be true or false' });
    }
    const encoding = normalizeEncoding(query.encoding ?? 'utf-8');
    if (!encoding) errors.push({ field: 'encoding', message: `encoding must be one of ${CSV_ENCODINGS.join(', ')}` });
    const culture = query.culture ?? DEFAULT_CULTURE;
    if (!isSupportedCulture(culture)) errors.push({ field: 'culture', message: 'culture is not a supported culture' });
    if (errors.length || !encoding) return invalid(c, 'The request is invalid.', errors);

    stats.leadsExported += selection.length;
    const text = renderCsv(selection, { useSystemHeaders: systemHeaders === 'true', culture, campaigns: (code) => store.campaign(code) });
    return new Response(new Uint8Array(encodeCsv(text, encoding)), {
      status: 200,
      headers: { 'Content-Type': `text/csv; charset=${encoding}`, 'Content-Disposition': 'attachment; filename="leads.csv"' },
    });
  });

  app.get('/api/leads/export', (c) => {
    const selection = selectExport(c, deps);
    if (selection instanceof Response) return selection;
    stats.leadsExported += selection.length;
    return reply(
      c,
      selection.map((lead) => ({
        leadId: lead.leadId,
        campaignCode: lead.campaignCode,
        modifiedAt: new Date(lead.modifiedAt).toISOString(),
        data: lead.data,
      })),
    );
  });

  app.notFound((c) => c.json({ message: 'No HTTP resource was found that matches the request URI.' }, 404));
  app.onError((_error, c) => c.json({ message: 'An error has occurred.' }, 500));
  return app;
}

/** The leads an export lists (GET Leads; search by name; [from, to); campaigns the project rights cover), or the refusal. */
function selectExport(c: Context<Env>, deps: RouteDeps) {
  const user = c.get('user');
  if (!allows(user, 'Leads', 'GET')) return missingRight(c, 'GET', 'Leads');
  const query = lowerQuery(c);
  const errors: FieldError[] = [];
  const searchName = query.searchname;
  if (!searchName) errors.push({ field: 'searchName', message: 'searchName is required' });
  const from = query.from === undefined ? undefined : Date.parse(query.from);
  if (from === undefined || Number.isNaN(from)) errors.push({ field: 'from', message: 'from is required and must be a date' });
  const to = query.to === undefined || query.to === '' ? Number.POSITIVE_INFINITY : Date.parse(query.to);
  if (Number.isNaN(to)) errors.push({ field: 'to', message: 'to must be a date' });
  if (errors.length || !searchName || from === undefined) return invalid(c, 'The request is invalid.', errors);
  if (!deps.store.hasSearch(searchName)) return c.json({ message: 'Lead search not found' }, 404);
  return deps.store.exportLeads(searchName, from, to, (code) => {
    const campaign = deps.store.campaign(code);
    return !campaign || coversProject(user, campaign.projectName);
  });
}

function authenticate(header: string | undefined, users: readonly HeroBaseSimUser[]): HeroBaseSimUser | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return users.find((user) => user.username === username && user.password === password);
}

/** JSON, or the HTML rendering the guide describes when the caller asks for text/html and not JSON. */
function reply(c: Context<Env>, body: unknown): Response {
  const accept = (c.req.header('accept') ?? '').toLowerCase();
  if (accept.includes('text/html') && !accept.includes('application/json')) {
    const escaped = JSON.stringify(body, null, 2).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return c.html(`<!DOCTYPE html><html><body><pre>${escaped}</pre></body></html>`, 200);
  }
  return c.json(body, 200);
}

function missingRight(c: Context<Env>, verb: string, resource: string): Response {
  return c.json({ message: `missing resource right ${verb} ${resource}`, missingRight: `${verb} ${resource}` }, 403);
}

function missingProject(c: Context<Env>, projectName: string): Response {
  return c.json({ message: `no project right covers project '${projectName}'`, missingProjectRight: projectName }, 403);
}

function invalid(c: Context<Env>, message: string, errors: FieldError[]): Response {
  return c.json({ message, errors }, 400);
}

/** Query parameters by lower-cased name: the vendor's framework binds them case-insensitively. */
function lowerQuery(c: Context<Env>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(c.req.query()).map(([key, value]) => [key.toLowerCase(), value]));
}

function normalizeEncoding(value: string): CsvEncoding | undefined {
  const lower = value.toLowerCase();
  if (lower === 'utf-8' || lower === 'utf8') return 'utf-8';
  if (lower === 'windows-1252' || lower === 'cp1252') return 'windows-1252';
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
