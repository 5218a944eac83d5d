import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AGGKNOWLEDGE_CHECK_RECORD,
  LEADGENIUS_CHECK_RECORD,
  LEADSPACE_CHECK_RECORD,
  aggKnowledgeTarget,
  checkVendors,
  exitCodeFor,
  formatLines,
  formatVerdict,
  leadGeniusTarget,
  leadspaceTarget,
  targetsFromEnvironment,
  vendorsCommand,
  type CheckLine,
  type CheckVendorsOptions,
  type HeroBaseTarget,
} from '../../local/cli/vendorsCheck';
import { AggKnowledgeClient } from '../../lambdas/vendors/aggknowledge';
import { HeroBaseClient } from '../../lambdas/vendors/herobase';
import { startSecretsManagerEmulator } from '../../local/emulators/secretsManager';
import { LOCAL_LEADGENIUS_KEY, LOCAL_LEADSPACE_TOKEN, LOCAL_AGGKNOWLEDGE_KEY, LOCAL_HEROBASE_USER } from '../../local/runtime';
import { startAggKnowledgeSimulator, type AggKnowledgeSimulatorOptions } from '../../local/simulators/aggknowledge';
import type { AggKnowledgeDialect } from '../../local/simulators/aggknowledge/dialect';
import { startHeroBaseSimulator, type HeroBaseSimulator, type HeroBaseSimulatorOptions } from '../../local/simulators/herobase';
import type { HeroBaseDialect } from '../../local/simulators/herobase/dialect';
import { startLeadGeniusSimulator, type LeadGeniusDialect, type LeadGeniusSimulatorOptions } from '../../local/simulators/leadgenius';
import { startLeadspaceSimulator, type Faults, type LeadspaceSimulator, type LeadspaceSimulatorOptions } from '../../local/simulators/leadspace';

/*
 * `leadflow vendors check` against the simulators, in each of their dialects: the check's core (checkVendors) with
 * the real clients pointed at simulators started here, polled on a fake clock (each wait advances it and yields one
 * timer turn, after the simulator's own zero-delay processing timer: Node runs equal timers in order), then the
 * real CLI against the embedded runtime.
 */

type LeadspaceDialect = NonNullable<Faults['dialect']>;

const LEADSPACE_TOKEN = 'LSPC-check-tok-Zq81Wm3Rv5';
const LEADGENIUS_KEY = 'LGNS-check-key-Hp47Xc2Ta9';
const AGGKNOWLEDGE_KEY = 'AGGK-check-key-Ys63Nb8Lq1';
const HEROBASE_PASSWORD = 'HRBS-check-pw-Vd29Kf4Ju7';
const OAUTH_SECRET = 'LSPC-oauth-secret-Tr58Gm1Xe3';
const CREDENTIALS = [LEADSPACE_TOKEN, LEADGENIUS_KEY, AGGKNOWLEDGE_KEY, HEROBASE_PASSWORD, OAUTH_SECRET];
/** What the check sends and what the simulators derive from it: none of it may be printed. */
const LEAD_VALUES = [
  LEADSPACE_CHECK_RECORD.lead.firstName!,
  LEADSPACE_CHECK_RECORD.lead.lastName!,
  LEADSPACE_CHECK_RECORD.lead.companyName!,
  LEADSPACE_CHECK_RECORD.lead.domain!,
  LEADGENIUS_CHECK_RECORD.domain,
  AGGKNOWLEDGE_CHECK_RECORD.linkedinUrl!,
  'williamhgates',
  '@',
];

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A clock that only the check's waits move; a wait also lets the simulators' pending timers run. */
function fakeTiming(attempts = 20): Pick<CheckVendorsOptions, 'clock' | 'sleep' | 'poll'> {
  let now = 1_000_000;
  return {
    clock: () => now,
    sleep: async (ms) => {
      now += ms;
      await new Promise((resolve) => setTimeout(resolve, 1));
    },
    poll: { attempts, deadlineMs: 10 * 60_000, delayMs: () => 1_000 },
  };
}

function byId(lines: readonly CheckLine[]): Record<string, CheckLine> {
  return Object.fromEntries(lines.map((line) => [line.id, line]));
}

function expectNothingLeaked(text: string): void {
  for (const value of [...CREDENTIALS, ...LEAD_VALUES]) expect(text).not.toContain(value);
}

/**
 * Every line confirmed except the ones named (their printed verdict, exactly) and the ones expected not checked;
 * the exit status follows.
 */
function expectVerdicts(lines: readonly CheckLine[], expected: { contradicted?: Record<string, string>; notChecked?: string[] }): void {
  const contradicted = expected.contradicted ?? {};
  const notChecked = expected.notChecked ?? [];
  for (const line of lines) {
    if (line.id in contradicted) expect(formatVerdict(line), line.id).toBe(contradicted[line.id]);
    else if (notChecked.includes(line.id)) expect(line.verdict, `${line.id}: ${formatVerdict(line)}`).toBe('not checked');
    else expect(line.verdict, `${line.id}: ${formatVerdict(line)}`).toBe('confirmed');
  }
  for (const id of [...Object.keys(contradicted), ...notChecked]) expect(lines.map((l) => l.id)).toContain(id);
  expect(exitCodeFor(lines)).toBe(Object.keys(contradicted).length > 0 ? 1 : 0);
  expectNothingLeaked(formatLines(lines));
}

async function leadspace(options: Partial<LeadspaceSimulatorOptions> = {}): Promise<LeadspaceSimulator> {
  const sim = await startLeadspaceSimulator({ tokens: [LEADSPACE_TOKEN], processingDelayMs: 0, ...options });
  closers.push(() => sim.close());
  return sim;
}

function checkLeadspace(url: string, spend: boolean, secret: unknown = { token: LEADSPACE_TOKEN }, attempts?: number): Promise<CheckLine[]> {
  return checkVendors({ vendors: ['leadspace'], spend, targets: { leadspace: async () => leadspaceTarget(secret, url) }, ...fakeTiming(attempts) });
}

const LEADSPACE_SPEND_READINGS = ['acceptStatus', 'pollingId', 'resultsShape', 'externalId', 'statusCase', 'enrichmentStatus', 'externalBulkId'].map(
  (id) => `leadspace.${id}`,
);

describe('Leadspace', () => {
  const dialects: Array<{ name: string; dialect: LeadspaceDialect; contradicted?: Record<string, string>; notChecked?: string[]; enrichment?: string }> = [
    { name: 'the property tables (default)', dialect: {}, enrichment: 'confirmed (Person & Company Enriched)' },
    {
      name: 'external_id echoed in company',
      dialect: { externalIdEcho: 'company' },
      contradicted: { 'leadspace.externalId': 'contradicted (external_id: came in company; accepted)' },
    },
    {
      name: 'external_id not echoed',
      dialect: { externalIdEcho: 'missing' },
      contradicted: { 'leadspace.externalId': 'contradicted (external_id: missing; accepted)' },
    },
    {
      name: 'external_id echoed as null',
      dialect: { externalIdEcho: 'null' },
      contradicted: { 'leadspace.externalId': 'contradicted (external_id: missing; accepted)' },
    },
    {
      name: 'statuses in upper case',
      dialect: { statusCase: 'upper' },
      contradicted: { 'leadspace.statusCase': 'contradicted (results[].status: came in upper case (SUCCESS); accepted)' },
      enrichment: 'confirmed (Person & Company Enriched, in upper case)',
    },
    { name: 'statuses in lower case', dialect: { statusCase: 'lower' }, enrichment: 'confirmed (Person & Company Enriched, in lower case)' },
    {
      name: 'acceptance with HTTP 200',
      dialect: { acceptStatus: 200 },
      contradicted: { 'leadspace.acceptStatus': 'contradicted (acceptance status: HTTP 200; accepted)' },
    },
    // The check sends no callback URL: the callback dialects change nothing it reads.
    { name: 'callbacks with bulkId only', dialect: { callbackFields: 'bulkIdOnly' } },
    { name: 'callbacks with pollingUrl only', dialect: { callbackFields: 'pollingUrlOnly' } },
    {
      name: 'results in an unreadable shape',
      dialect: { unreadableResults: true },
      contradicted: { 'leadspace.resultsShape': 'contradicted (results: not the documented shape; not accepted)' },
      notChecked: ['leadspace.externalId', 'leadspace.statusCase', 'leadspace.enrichmentStatus', 'leadspace.externalBulkId'],
    },
  ];

  it.each(dialects)('--spend 1 against $name', async ({ dialect, contradicted, notChecked, enrichment }) => {
    const sim = await leadspace({ faults: { dialect } });
    const lines = await checkLeadspace(sim.url, true);
    expect(lines.map((l) => l.id)).toEqual(['leadspace.credentials', ...LEADSPACE_SPEND_READINGS]);
    expectVerdicts(lines, { ...(contradicted && { contradicted }), ...(notChecked && { notChecked }) });
    if (enrichment) expect(formatVerdict(byId(lines)['leadspace.enrichmentStatus']!)).toBe(enrichment);
    expect(byId(lines)['leadspace.credentials']!.reading).toBe('credentials are accepted (perpetual token, Bearer)');
    // One synthetic record, submitted once, without a callback.
    expect(sim.stats().bulksAccepted).toBe(1);
    expect(sim.stats().recordsReceived).toBe(1);
  });

  /** Rewrites the simulator's results body on its way to the client: shapes no simulator switch produces. */
  function rewritingResults(rewrite: (body: { results: unknown[]; external_bulk_id?: string }) => unknown): typeof fetch {
    return async (input, init) => {
      const response = await fetch(input, init);
      if (response.status !== 200 || !String(input).includes('/enrichment/results/')) return response;
      const body = (await response.json()) as { results: unknown[]; external_bulk_id?: string };
      return new Response(JSON.stringify(rewrite(body)), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
  }

  it.each<{ name: string; rewrite: (body: { results: unknown[] }) => unknown; contradicted: Record<string, string> }>([
    {
      name: 'a bare results list (read too)',
      rewrite: (body) => body.results,
      contradicted: {
        'leadspace.resultsShape': 'contradicted (results: a bare list; accepted)',
        'leadspace.externalBulkId': 'contradicted (external_bulk_id: missing; accepted)',
      },
    },
    {
      name: 'the echo of another bulk id (a batch fails on it)',
      rewrite: (body) => ({ ...body, external_bulk_id: 'another-bulk' }),
      contradicted: { 'leadspace.externalBulkId': 'contradicted (external_bulk_id: another value; not accepted)' },
    },
  ])('--spend 1 against $name', async ({ rewrite, contradicted }) => {
    const sim = await leadspace();
    const target = leadspaceTarget({ token: LEADSPACE_TOKEN }, sim.url, { fetchImpl: rewritingResults(rewrite) });
    const lines = await checkVendors({ vendors: ['leadspace'], spend: true, targets: { leadspace: async () => target }, ...fakeTiming() });
    expectVerdicts(lines, { contradicted });
  });

  it('is read-only without --spend 1: one poll of a bulk that cannot exist', async () => {
    const sim = await leadspace();
    const lines = await checkLeadspace(sim.url, false);
    expectVerdicts(lines, { notChecked: LEADSPACE_SPEND_READINGS });
    expect(byId(lines)['leadspace.acceptStatus']!.verdict === 'not checked' && formatVerdict(byId(lines)['leadspace.acceptStatus']!)).toMatch(
      /needs --spend 1/,
    );
    expect(sim.stats().bulksAccepted).toBe(0);
  });

  it('says a refused token contradicts "credentials are accepted", and stops there', async () => {
    const sim = await leadspace();
    const lines = await checkLeadspace(sim.url, true, { token: 'not-the-token' });
    expectVerdicts(lines, {
      contradicted: { 'leadspace.credentials': 'contradicted (credentials: polling answered HTTP 401, refused)' },
      notChecked: LEADSPACE_SPEND_READINGS,
    });
    expect(sim.stats().bulksAccepted).toBe(0);
  });

  it('checks a Basic perpetual token with the configured scheme', async () => {
    const sim = await leadspace({ programId: 'prog-basic' });
    const lines = await checkLeadspace(sim.url, false, { token: LEADSPACE_TOKEN, programId: 'prog-basic', authScheme: 'basic' });
    expect(byId(lines)['leadspace.credentials']).toMatchObject({ verdict: 'confirmed', reading: 'credentials are accepted (perpetual token, Basic)' });
    expect(sim.stats().authSchemes.basic).toBeGreaterThan(0);
    expect(sim.stats().authSchemes.bearer).toBe(0);
  });

  it.each([
    { format: 'epoch-seconds' as const, verdict: 'confirmed' },
    { format: 'epoch-milliseconds' as const, verdict: 'contradicted (expiration: epoch-milliseconds; accepted)' },
    { format: 'iso-8601' as const, verdict: 'contradicted (expiration: iso-8601; accepted)' },
  ])('checks OAuth 2.0 credentials, and how the token expiration is stated ($format)', async ({ format, verdict }) => {
    const sim = await leadspace({ oauthPrograms: [{ programId: 'prog-oauth', secret: OAUTH_SECRET }], oauthExpirationFormat: format });
    const lines = await checkLeadspace(sim.url, true, { programId: 'prog-oauth', secret: OAUTH_SECRET });
    expect(byId(lines)['leadspace.credentials']).toMatchObject({ verdict: 'confirmed', reading: 'credentials are accepted (OAuth 2.0)' });
    expect(formatVerdict(byId(lines)['leadspace.oauthExpiration']!)).toBe(verdict);
    expectVerdicts(lines, verdict === 'confirmed' ? {} : { contradicted: { 'leadspace.oauthExpiration': verdict } });
  });

  it('says which step refused OAuth credentials', async () => {
    const sim = await leadspace({ oauthPrograms: [{ programId: 'prog-oauth', secret: OAUTH_SECRET }] });
    const lines = await checkLeadspace(sim.url, false, { programId: 'prog-oauth', secret: 'wrong-secret' });
    expect(formatVerdict(byId(lines)['leadspace.credentials']!)).toBe('contradicted (credentials: OAuth authorize answered HTTP 401, refused)');
    expect(exitCodeFor(lines)).toBe(1);
  });

  it('reports a refusal of the synthetic record (no credits) without resending it', async () => {
    const sim = await leadspace({ credits: 0 });
    const lines = await checkLeadspace(sim.url, true);
    expect(formatVerdict(byId(lines)['leadspace.acceptStatus']!)).toBe('contradicted (acceptance: HTTP 427 (insufficient credits or an invalid program id))');
    expect(lines.filter((l) => l.verdict === 'not checked').map((l) => l.id)).toEqual(LEADSPACE_SPEND_READINGS.slice(1));
    expect(sim.stats().rejected[427]).toBe(1);
  });

  it('gives up polling after its bound, and says so', async () => {
    // Processing that never ends within the test: only the poll bound can end the check.
    const sim = await leadspace({ processingDelayMs: 3_600_000 });
    const lines = await checkLeadspace(sim.url, true, undefined, 3);
    expect(byId(lines)['leadspace.acceptStatus']!.verdict).toBe('confirmed');
    const rest = lines.filter((l) => ['leadspace.resultsShape', 'leadspace.externalId'].includes(l.id));
    for (const line of rest) expect(formatVerdict(line)).toBe('not checked (not finished after 3 status call(s) in 3 s (the bulk stays accepted))');
    expect(exitCodeFor(lines)).toBe(0);
  });
});

/** The simulators' limit windows on a clock that stands still: no minute can pass during a test. */
const FROZEN = () => 1_700_000_000_000;

async function leadGenius(options: Partial<LeadGeniusSimulatorOptions> = {}) {
  const sim = await startLeadGeniusSimulator({ apiKeys: [LEADGENIUS_KEY], clock: FROZEN, ...options });
  closers.push(() => sim.close());
  return sim;
}

function checkLeadGenius(url: string, spend: boolean, apiKey = LEADGENIUS_KEY): Promise<CheckLine[]> {
  return checkVendors({ vendors: ['leadgenius'], spend, targets: { leadgenius: async () => leadGeniusTarget({ apiKey }, url) }, ...fakeTiming() });
}

describe('LeadGenius', () => {
  const dialects: Array<{ name: string; dialect: LeadGeniusDialect; contradicted?: Record<string, string> }> = [
    { name: 'the bulk section (default)', dialect: {} },
    {
      name: 'acceptance carrying id',
      dialect: { acceptIdField: 'id' },
      contradicted: { 'leadgenius.acceptIdField': 'contradicted (acceptance id field: id; accepted)' },
    },
    {
      name: 'acceptance with HTTP 200',
      dialect: { acceptStatus: 200 },
      contradicted: { 'leadgenius.acceptStatus': 'contradicted (acceptance status: HTTP 200; accepted)' },
    },
    { name: 'string job ids', dialect: { jobIdAs: 'string' } },
    { name: '"completed" as a string', dialect: { completedAs: 'string' } },
    {
      name: 'status 404 for a new job',
      dialect: { statusNotFoundUntilMs: 60_000 },
      contradicted: { 'leadgenius.status': 'contradicted (status: HTTP 404 for the accepted job; accepted)' },
    },
    { name: 'limits refused with 403', dialect: { rateLimitStatus: 403 } },
  ];

  it.each(dialects)('--spend 1 against $name: one object, one status call', async ({ dialect, contradicted }) => {
    const sim = await leadGenius({ dialect });
    const lines = await checkLeadGenius(sim.url, true);
    expect(lines.map((l) => l.id)).toEqual(['leadgenius.credentials', 'leadgenius.acceptIdField', 'leadgenius.acceptStatus', 'leadgenius.status']);
    expectVerdicts(lines, contradicted ? { contradicted } : {});
    expect(sim.stats().objectsAccepted).toBe(1);
    // The submission and exactly one status call: the limit is one a minute.
    expect(sim.stats().requests).toBe(2);
  });

  it.each([429, 403] as const)('never repeats a status call: a second check in the same minute is rate limited (HTTP %i)', async (status) => {
    const sim = await leadGenius({ dialect: { rateLimitStatus: status } });
    const first = await checkLeadGenius(sim.url, false);
    expectVerdicts(first, { notChecked: ['leadgenius.acceptIdField', 'leadgenius.acceptStatus', 'leadgenius.status'] });
    const second = await checkLeadGenius(sim.url, false);
    expect(formatVerdict(byId(second)['leadgenius.credentials']!)).toBe(
      `not checked (rate limited (HTTP ${status}): LeadGenius allows 1 bulk status call a minute per key; try again in a minute)`,
    );
    expect(exitCodeFor(second)).toBe(0);
    expect(sim.stats().requests).toBe(2);
    expect(sim.stats().objectsAccepted).toBe(0);
  });

  it('says a refused key (403 without a limit) contradicts "the API key is accepted"', async () => {
    const sim = await leadGenius();
    const lines = await checkLeadGenius(sim.url, true, 'not-the-key');
    expectVerdicts(lines, {
      contradicted: { 'leadgenius.credentials': 'contradicted (API key: HTTP 403, refused)' },
      notChecked: ['leadgenius.acceptIdField', 'leadgenius.acceptStatus', 'leadgenius.status'],
    });
  });
});

async function aggKnowledge(options: Partial<AggKnowledgeSimulatorOptions> = {}) {
  const sim = await startAggKnowledgeSimulator({ apiKeys: [AGGKNOWLEDGE_KEY], processingDelayMs: 0, ...options });
  closers.push(() => sim.close());
  return sim;
}

function checkAgg(url: string): Promise<CheckLine[]> {
  // --spend 0: the sandbox is checked anyway.
  return checkVendors({
    vendors: ['aggknowledge'],
    spend: false,
    targets: { aggknowledge: async () => aggKnowledgeTarget(AGGKNOWLEDGE_KEY, url) },
    ...fakeTiming(),
  });
}

describe('AggKnowledge (test environment)', () => {
  const ALTERNATE_PERSON =
    'contradicted (person fields: came as company.name, company.website, first_name, job_title, last_name, linkedin_url, location.city, ' +
    'location.state, seniority_level; accepted)';
  const dialects: Array<{ name: string; dialect: AggKnowledgeDialect; contradicted?: Record<string, string> }> = [
    { name: "Leadflow's reading (default)", dialect: {} },
    {
      name: 'status in upper case',
      dialect: { statusCase: 'upper' },
      contradicted: { 'aggknowledge.status': 'contradicted (status: came as "COMPLETED"; accepted)' },
    },
    { name: 'status "done"', dialect: { statusWord: 'done' }, contradicted: { 'aggknowledge.status': 'contradicted (status: came as "done"; accepted)' } },
    {
      name: 'lists under data',
      dialect: { wrapper: 'data' },
      contradicted: { 'aggknowledge.listWrapper': 'contradicted (list: { data, nextCursor }; accepted)' },
    },
    { name: 'bare lists', dialect: { wrapper: 'bare' }, contradicted: { 'aggknowledge.listWrapper': 'contradicted (list: a bare list, no cursor; accepted)' } },
    {
      name: 'snake_case names',
      dialect: { fieldNames: 'alternate' },
      contradicted: { 'aggknowledge.itemKeys': 'contradicted (item keys: is_retryable, is_success; accepted)', 'aggknowledge.personFields': ALTERNATE_PERSON },
    },
    {
      name: 'snake_case names under data',
      dialect: { fieldNames: 'alternate', wrapper: 'data', statusCase: 'upper', statusWord: 'done' },
      contradicted: {
        'aggknowledge.status': 'contradicted (status: came as "DONE"; accepted)',
        'aggknowledge.listWrapper': 'contradicted (list: { data, next_cursor }; accepted)',
        'aggknowledge.itemKeys': 'contradicted (item keys: is_retryable, is_success; accepted)',
        'aggknowledge.personFields': ALTERNATE_PERSON,
      },
    },
    {
      name: 'persons Leadflow cannot map',
      dialect: { unmappedRate: 1 },
      contradicted: { 'aggknowledge.personFields': 'contradicted (person fields: none Leadflow maps (came: headline, id, pdlId); not accepted)' },
    },
  ];

  it.each(dialects)('against $name', async ({ dialect, contradicted }) => {
    const sim = await aggKnowledge({ dialect });
    const lines = await checkAgg(sim.url);
    expect(lines).toHaveLength(6);
    expectVerdicts(lines, contradicted ? { contradicted } : {});
    // One profile, in the sandbox only: nothing live, nothing billed.
    expect(sim.stats()).toMatchObject({ testItems: 1, testBatchesCreated: 1, itemsSubmitted: 0, batchesCreated: 0, billed: 0 });
  });

  it('names the person fields it mapped and the ones it did not, never their values', async () => {
    const sim = await aggKnowledge();
    const person = byId(await checkAgg(sim.url))['aggknowledge.personFields']!;
    expect(formatVerdict(person)).toBe(
      'confirmed (mapped: currentEmployer.domain, currentEmployer.name, department, firstName, lastName, linkedinUrl, location.country, ' +
        'location.locality, location.region, seniority, title; not mapped: fullName, headline, id, pdlId)',
    );
  });

  it('leaves the person unjudged when the sandbox answers retryable', async () => {
    const sim = await aggKnowledge({ faults: { retryableItemRate: 1 } });
    const lines = byId(await checkAgg(sim.url));
    expect(formatVerdict(lines['aggknowledge.personFields']!)).toBe(
      'not checked (the sandbox answered the profile retryable (temporarily_unavailable); run the check again)',
    );
    expect(lines['aggknowledge.metadata']!.verdict).toBe('confirmed');
  });

  it('says a revoked key contradicts "the API key is accepted"', async () => {
    const sim = await aggKnowledge({ faults: { status401: true } });
    const lines = await checkAgg(sim.url);
    expect(formatVerdict(byId(lines)['aggknowledge.credentials']!)).toBe('contradicted (API key: HTTP 401, refused)');
    expect(lines.filter((l) => l.verdict === 'not checked')).toHaveLength(5);
  });

  it('never uses a live client', async () => {
    const sim = await aggKnowledge();
    const live = new AggKnowledgeClient({ baseUrl: sim.url, apiKey: AGGKNOWLEDGE_KEY, environment: 'live' });
    const lines = await checkVendors({ vendors: ['aggknowledge'], spend: true, targets: { aggknowledge: async () => ({ client: live }) }, ...fakeTiming() });
    expect(lines.every((l) => l.verdict === 'not checked')).toBe(true);
    expect(sim.stats().requests).toBe(0);
  });
});

const DEMO_CAMPAIGN = 'VENDORS-CHECK';
const HEROBASE_USER = 'leadflow-check';

async function heroBase(
  rights: { resourceRights?: Record<string, string[]>; projectRights?: string[] } = {},
  options: Partial<HeroBaseSimulatorOptions> = {},
): Promise<HeroBaseSimulator> {
  const sim = await startHeroBaseSimulator({
    users: [
      {
        username: HEROBASE_USER,
        password: HEROBASE_PASSWORD,
        resourceRights: rights.resourceRights ?? { Account: ['GET'], Campaigns: ['GET'], Leads: ['GET', 'POST'] },
        projectRights: rights.projectRights ?? ['B2B*'],
      },
    ],
    campaigns: [
      {
        code: DEMO_CAMPAIGN,
        name: 'Check',
        projectName: 'B2B Check',
        fields: [
          { name: 'name', type: 'varchar', regex: '.*', required: true },
          { name: 'phone', type: 'phone', regex: '^\\+?[\\d ]{5,25}$', required: true },
          { name: 'email', type: 'email', regex: '^[^@\\s]+@[^@\\s]+$', required: false },
        ],
      },
    ],
    ...options,
  });
  closers.push(() => sim.close());
  return sim;
}

/** `null`: no campaign configured. */
function checkHero(url: string, campaignCode: string | null = DEMO_CAMPAIGN): Promise<CheckLine[]> {
  const target: HeroBaseTarget = {
    client: new HeroBaseClient({ baseUrl: url, username: HEROBASE_USER, password: HEROBASE_PASSWORD, retry: { maxAttempts: 1 } }),
    ...(campaignCode !== null && { campaignCode }),
  };
  return checkVendors({ vendors: ['herobase'], spend: true, targets: { herobase: async () => target }, ...fakeTiming() });
}

describe('HeroBase (read-only)', () => {
  const REPLY = 'herobase.importReply';

  it.each<HeroBaseDialect['importReply']>(['leadId', 'noLeadId', 'empty204'])(
    'reads the account, the campaigns and the import example, and never imports (import reply %s)',
    async (importReply) => {
      const sim = await heroBase({}, { dialect: { importReply: importReply! } });
      const lines = await checkHero(sim.url);
      expectVerdicts(lines, { notChecked: [REPLY] });
      expect(formatVerdict(byId(lines)['herobase.account']!)).toBe('confirmed (Account GET, Campaigns GET, Leads GET/POST; 1 project right(s))');
      expect(formatVerdict(byId(lines)['herobase.importExample']!)).toBe('confirmed (3 field(s), 2 required)');
      expect(sim.leadsIn(DEMO_CAMPAIGN)).toHaveLength(0);
      expect(sim.stats().byEndpoint.importLead).toEqual({});
    },
  );

  it('skips the campaign list of an account that may not see campaigns', async () => {
    const sim = await heroBase({ resourceRights: { Account: ['GET'], Leads: ['GET', 'POST'] } });
    const lines = await checkHero(sim.url);
    expectVerdicts(lines, { notChecked: ['herobase.campaigns', 'herobase.projectRight', REPLY] });
    expect(formatVerdict(byId(lines)['herobase.campaigns']!)).toBe('not checked (the account has no GET Campaigns right)');
  });

  it('says an account without POST Leads cannot export', async () => {
    const sim = await heroBase({ resourceRights: { Account: ['GET'], Campaigns: ['GET'], Leads: ['GET'] } });
    const lines = await checkHero(sim.url);
    expectVerdicts(lines, {
      contradicted: { 'herobase.importRight': 'contradicted (rights: no POST Leads; exports fail at Preflight)' },
      notChecked: ['herobase.importExample', REPLY],
    });
    expect(formatVerdict(byId(lines)['herobase.importExample']!)).toBe('not checked (the account may not read it (missing POST Leads))');
  });

  it("says no project right covers the campaign's project", async () => {
    const sim = await heroBase({ projectRights: ['Retail*'] });
    const lines = await checkHero(sim.url);
    expectVerdicts(lines, {
      contradicted: { 'herobase.projectRight': "contradicted (project rights: none covers the campaign's project; exports fail at Preflight)" },
      notChecked: ['herobase.importExample', REPLY],
    });
  });

  it('says a campaign HeroBase does not know is unknown, and checks no campaign when none is configured', async () => {
    const sim = await heroBase();
    const unknown = byId(await checkHero(sim.url, 'NO-SUCH-CAMPAIGN'));
    expect(formatVerdict(unknown['herobase.importExample']!)).toBe('contradicted (campaign: unknown to HeroBase (HTTP 404))');
    const none = await checkHero(sim.url, null);
    expectVerdicts(none, { notChecked: ['herobase.importExample', 'herobase.projectRight', REPLY] });
    expect(formatVerdict(byId(none)['herobase.importExample']!)).toBe('not checked (no campaign configured (--campaign CODE))');
  });

  it('says refused credentials contradict "credentials are accepted"', async () => {
    const sim = await heroBase({}, { faults: { status401: true } });
    const lines = await checkHero(sim.url);
    expect(formatVerdict(byId(lines)['herobase.account']!)).toBe('contradicted (credentials: HTTP 401, refused)');
    expect(exitCodeFor(lines)).toBe(1);
  });
});

describe('the check without targets, and its output', () => {
  it('checks nothing it has no credentials for, and says why', async () => {
    const lines = await checkVendors({
      spend: true,
      targets: {
        ...targetsFromEnvironment({}),
        leadgenius: async () => {
          throw new Error('The LeadGenius secret has no "apiKey" field');
        },
      },
    });
    expect(lines.map((l) => [l.id, formatVerdict(l)])).toEqual([
      ['leadspace.configured', 'not checked (LEADSPACE_SECRET_ID is not set)'],
      ['leadgenius.configured', 'not checked (the credentials could not be read: The LeadGenius secret has no "apiKey" field)'],
      ['aggknowledge.configured', 'not checked (AGGKNOWLEDGE_SECRET_ID is not set)'],
      ['herobase.configured', 'not checked (HEROBASE_SECRET_ID is not set)'],
    ]);
    expect(exitCodeFor(lines)).toBe(0);
  });

  it('prints one line per reading, in columns, then the counts', () => {
    const lines: CheckLine[] = [
      { vendor: 'leadspace', id: 'leadspace.a', reading: 'a reading', verdict: 'confirmed' },
      {
        vendor: 'leadspace',
        id: 'leadspace.b',
        reading: 'another reading',
        verdict: 'contradicted',
        field: 'external_id',
        came: 'came in company',
        accepted: true,
      },
      { vendor: 'herobase', id: 'herobase.c', reading: 'a third', verdict: 'contradicted', field: 'credentials', came: 'HTTP 401, refused' },
      { vendor: 'herobase', id: 'herobase.d', reading: 'a fourth', verdict: 'not checked', why: 'needs --spend 1' },
    ];
    expect(formatLines(lines)).toBe(
      [
        'leadspace  a reading        confirmed',
        'leadspace  another reading  contradicted (external_id: came in company; accepted)',
        'herobase   a third          contradicted (credentials: HTTP 401, refused)',
        'herobase   a fourth         not checked (needs --spend 1)',
        '',
        '1 confirmed, 2 contradicted, 1 not checked',
        '',
      ].join('\n'),
    );
    expect(exitCodeFor(lines)).toBe(1);
    expect(exitCodeFor([lines[0]!, lines[3]!])).toBe(0);
  });
});

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('leadflow vendors (the function the CLI calls)', () => {
  it.each([
    [['check', 'nosuchvendor'], /Unknown vendor "nosuchvendor"/],
    [['check', '--spend', '2'], /--spend expects 1/],
    [['frob'], /Unknown vendors action "frob"/],
    [['check', 'leadspace', 'leadgenius'], /at most one vendor/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j as a usage error (exit 2)', async (argv, message) => {
    const out = new Collect();
    const err = new Collect();
    expect(await vendorsCommand(argv, out, err)).toBe(2);
    expect(err.text).toMatch(message);
    expect(err.text).toMatch(/Usage: leadflow vendors check/);
    expect(out.text).toBe('');
  });

  describe('with deployed secrets (the environment names them)', () => {
    let secrets: Awaited<ReturnType<typeof startSecretsManagerEmulator>>;
    let env: NodeJS.ProcessEnv;
    let sims: { leadspace: LeadspaceSimulator; heroBase: HeroBaseSimulator };
    const saved = { ...process.env };

    beforeAll(async () => {
      secrets = await startSecretsManagerEmulator('us-east-1');
      const ls = await startLeadspaceSimulator({ tokens: [LEADSPACE_TOKEN], processingDelayMs: 0, faults: { dialect: { externalIdEcho: 'company' } } });
      const hb = await startHeroBaseSimulator({
        users: [{ username: HEROBASE_USER, password: HEROBASE_PASSWORD, resourceRights: { Account: ['GET'], Leads: ['POST'] }, projectRights: ['*'] }],
        campaigns: [],
      });
      sims = { leadspace: ls, heroBase: hb };
      secrets.seed('check/leadspace', JSON.stringify({ token: LEADSPACE_TOKEN }));
      secrets.seed('check/herobase', JSON.stringify({ username: HEROBASE_USER, password: HEROBASE_PASSWORD, baseUrl: hb.url }));
      env = {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        LEADSPACE_SECRET_ID: 'check/leadspace',
        LEADSPACE_BASE_URL: ls.url,
        HEROBASE_SECRET_ID: 'check/herobase',
      };
      // The SDK and Powertools read their endpoint and credentials from the process environment.
      Object.assign(process.env, env);
    });

    afterAll(async () => {
      for (const key of Object.keys(env ?? {})) if (saved[key] === undefined) delete process.env[key];
      await sims?.leadspace.close();
      await sims?.heroBase.close();
      await secrets?.close();
    });

    it('reads the secrets the pipeline reads and exits 1 for a contradicted reading', async () => {
      const out = new Collect();
      const err = new Collect();
      const code = await vendorsCommand(['check', '--spend', '1'], out, err, { env, poll: { attempts: 50, deadlineMs: 60_000, delayMs: () => 5 } });
      expect(code, out.text + err.text).toBe(1);
      expect(err.text).toMatch(/deployed secrets \(LEADSPACE_SECRET_ID, HEROBASE_SECRET_ID\)/);
      expect(out.text).toMatch(
        /^leadspace +results echo external_id at the item \(results\[\]\.external_id\) +contradicted \(external_id: came in company; accepted\)$/m,
      );
      expect(out.text).toMatch(/^leadgenius +credentials are configured +not checked \(LEADGENIUS_SECRET_ID is not set\)$/m);
      expect(out.text).toMatch(/^herobase +campaigns read as .* +not checked \(the account has no GET Campaigns right\)$/m);
      expect(out.text).toMatch(/^\d+ confirmed, 1 contradicted, \d+ not checked$/m);
      expect(sims.leadspace.stats().bulksAccepted).toBe(1);
      expectNothingLeaked(out.text + err.text);
    });
  });
});

describe('leadflow vendors check (the real CLI, embedded runtime)', () => {
  it('checks the embedded simulators with --spend 1, exits 0 and prints no credential or lead value', async () => {
    const env = { ...process.env };
    for (const name of ['LEADSPACE_SECRET_ID', 'LEADGENIUS_SECRET_ID', 'AGGKNOWLEDGE_SECRET_ID', 'HEROBASE_SECRET_ID']) delete env[name];
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bin/leadflow.ts', 'vendors', 'check', 'leadspace', '--spend', '1'], { env, timeout: 150_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf-8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf-8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    const all = result.stdout + result.stderr;
    expect(result.code, all).toBe(0);
    expect(result.stderr).toMatch(/checking the embedded simulators/);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('leadspace'));
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toMatch(/ {2}confirmed( \(.*\))?$/);
    expect(result.stdout).toMatch(/^8 confirmed, 0 contradicted, 0 not checked$/m);
    for (const value of [LOCAL_LEADSPACE_TOKEN, LOCAL_LEADGENIUS_KEY, LOCAL_AGGKNOWLEDGE_KEY, LOCAL_HEROBASE_USER.password, ...LEAD_VALUES]) {
      expect(all).not.toContain(value);
    }
    expect(all).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
