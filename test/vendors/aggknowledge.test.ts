import { afterEach, describe, expect, it } from 'vitest';
import {
  AGGKNOWLEDGE_MAX_BULK,
  AGGKNOWLEDGE_STILL_UNAVAILABLE_STATUS,
  AGGKNOWLEDGE_UNMAPPED_STATUS,
  AggKnowledgeClient,
  VendorFatalError,
  VendorProtocolError,
  VendorTransientError,
  collectResults,
  countUnmapped,
  isRetry,
  readBatchState,
  readPerson,
  stillFailingAfterRetry,
  toFinalRecordResult,
  toRecordResult,
  type AggKnowledgeClientOptions,
  type AggKnowledgeItem,
  type CollectedResults,
  type AggKnowledgeRecord,
} from '../../lambdas/vendors/aggknowledge';
import type { EnrichedValues, RecordResult, RowStatus } from '../../lambdas/core/enrichedFields';
import {
  deriveAggKnowledgePerson,
  parseLinkedInProfileUrl,
  startAggKnowledgeSimulator,
  type AggKnowledgeDialect,
  type AggKnowledgeOutcome,
  type AggKnowledgeSimulator,
  type AggKnowledgeSimulatorOptions,
} from '../../local/simulators/aggknowledge';

const KEY = 'ak-test-key-4f1d2c';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function simulator(options: Partial<AggKnowledgeSimulatorOptions> = {}): Promise<AggKnowledgeSimulator> {
  const sim = await startAggKnowledgeSimulator({ apiKeys: [KEY], processingDelayMs: 10, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

function clientFor(sim: AggKnowledgeSimulator, overrides: Partial<AggKnowledgeClientOptions> = {}): AggKnowledgeClient {
  return new AggKnowledgeClient({ baseUrl: sim.url, apiKey: KEY, retry: { baseDelayMs: 1, maxAttempts: 4 }, ...overrides });
}

/** LinkedIn URLs written every way the document allows: with and without protocol/subdomain, Sales Nav, Recruiter. */
function linkedinUrl(i: number, prefix: string): string {
  const slug = `${prefix}-person-${i}`;
  switch (i % 6) {
    case 0:
      return `https://www.linkedin.com/in/${slug}/`;
    case 1:
      return `linkedin.com/in/${slug}`;
    case 2:
      return `http://uk.linkedin.com/in/${slug.toUpperCase()}?trk=public_profile`;
    case 3:
      return `https://www.linkedin.com/sales/lead/ACwAA${prefix}${i},NAME_SEARCH,xyZ`;
    case 4:
      return `www.linkedin.com/talent/profile/AEMAA${prefix}${i}`;
    default:
      return `HTTPS://WWW.LINKEDIN.COM/IN/${slug}`;
  }
}

function records(count: number, prefix = 'r'): AggKnowledgeRecord[] {
  return Array.from({ length: count }, (_, i) => ({ externalId: `${prefix}${i}`, linkedinUrl: linkedinUrl(i, prefix) }));
}

function predict(record: AggKnowledgeRecord): AggKnowledgeOutcome {
  return deriveAggKnowledgePerson({
    ...(record.linkedinUrl !== undefined && { professionalSocialMediaUrl: record.linkedinUrl }),
    ...(record.pdlId !== undefined && { pdlId: record.pdlId }),
    ...(record.personId !== undefined && { personId: record.personId }),
  });
}

function expectedStatus(outcome: AggKnowledgeOutcome): RowStatus {
  if (outcome.outcome === 'invalid_input') return 'failed: aggknowledge invalid_input';
  if (outcome.outcome === 'not_found') return 'not_found';
  const p = outcome.person;
  return p.firstName && p.lastName && p.title && p.currentEmployer ? 'enriched' : 'partially_enriched';
}

/** Every value Leadflow should map from the simulator's person, whatever dialect spelled it. */
function expectedValues(outcome: AggKnowledgeOutcome): EnrichedValues {
  if (outcome.outcome !== 'found') return {};
  const p = outcome.person;
  const optional: Array<[keyof EnrichedValues, string | null | undefined]> = [
    ['person_email', p.workEmail],
    ['person_title', p.title],
    ['person_level', p.seniority],
    ['person_department', p.department],
    ['person_country', p.location?.country],
    ['person_state', p.location?.region],
    ['person_city', p.location?.locality],
    ['company_name', p.currentEmployer?.name],
    ['company_domain', p.currentEmployer?.domain],
  ];
  return {
    person_first_name: p.firstName,
    person_last_name: p.lastName,
    person_linkedin_url: p.linkedinUrl,
    ...Object.fromEntries(optional.filter(([, value]) => value)),
  };
}

function foundCount(recs: readonly AggKnowledgeRecord[]): number {
  return recs.filter((r) => predict(r).outcome === 'found').length;
}

/** The bound only turns a hang into a clear failure; a slow machine only waits longer. */
async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function completed(client: AggKnowledgeClient, batchId: string) {
  return until(async () => {
    const status = await client.batchStatus(batchId);
    return status.status === 'completed' ? status : undefined;
  });
}

/** Records every URL the client requests, passing the call through to the real network. */
function spyingFetch(seen: Array<{ url: string; method: string; headers: Headers; body?: unknown }>): typeof fetch {
  return async (input, init) => {
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      ...(typeof init?.body === 'string' && { body: JSON.parse(init.body) }),
    });
    return fetch(input, init);
  };
}

function expectNoLeadValues(error: unknown, values: readonly string[]): void {
  expect(error).toBeInstanceOf(Error);
  const text = `${(error as Error).message} ${String((error as Error).stack)}`;
  for (const value of values) expect(text.toLowerCase()).not.toContain(value.toLowerCase());
}

describe('AggKnowledge bulk enrich: submit, status, items', () => {
  it('120 records: documented request, status to completed, items in pages of ≤50 via the cursor, mapped back', async () => {
    const sim = await simulator();
    const seen: Parameters<typeof spyingFetch>[0] = [];
    const client = clientFor(sim, { fetchImpl: spyingFetch(seen) });
    const recs = records(120);

    const { batchId } = await client.submitBulk(recs, 'job-1:batch-1');
    expect(batchId).toBeTruthy();
    const submit = seen[0];
    expect(submit?.method).toBe('POST');
    expect(submit?.url).toBe(`${sim.url}/v2/live/person/bulk`);
    expect(submit?.headers.get('x-api-key')).toBe(KEY);
    expect(submit?.body).toEqual({
      requests: recs.map((r) => ({ professionalSocialMediaUrl: r.linkedinUrl, metadata: { externalId: r.externalId, submissionKey: 'job-1:batch-1' } })),
    });

    const status = await completed(client, batchId);
    const found = foundCount(recs);
    expect(status).toEqual({ status: 'completed', statusValue: 'completed', total: 120, completed: found, failed: 120 - found });

    seen.length = 0;
    const items = await client.listItems(batchId);
    const pages = seen.filter((s) => s.url.includes('/items'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(new URL(page.url).searchParams.get('limit')).toBe('50');
    expect(new URL(pages[0]!.url).searchParams.has('cursor')).toBe(false);
    for (const page of pages.slice(1)) expect(new URL(page.url).searchParams.get('cursor')).toBeTruthy();
    expect(sim.stats()).toMatchObject({ maxPageSizeSeen: 50, pageSizeViolations: 0 });

    // All items, in request order, each echoing its metadata.
    expect(items).toHaveLength(120);
    expect(items.map((i) => i.metadata?.externalId)).toEqual(recs.map((r) => r.externalId));
    expect(new Set(items.map((i) => i.id)).size).toBe(120);
    for (const item of items) expect(item.metadata?.submissionKey).toBe('job-1:batch-1');

    const collected = collectResults(items, 'job-1:batch-1');
    expect(collected.retry).toEqual([]);
    expect(collected.unmatched).toEqual([]);
    expect(collected.results.map((r) => r.externalId)).toEqual(recs.map((r) => r.externalId));
    const statuses = new Set<string>();
    recs.forEach((rec, i) => {
      const outcome = predict(rec);
      const result = collected.results[i] as RecordResult;
      expect(result.status).toBe(expectedStatus(outcome));
      statuses.add(result.status);
      expect(result.values).toEqual(expectedValues(outcome));
    });
    expect(statuses).toEqual(new Set(['enriched', 'partially_enriched', 'not_found']));

    // One item by id; the simulator's default page is 20.
    const one = await client.getItem(batchId, items[7]!.id);
    expect(one).toEqual(items[7]);
    const raw = await fetch(`${sim.url}/v2/live/person/bulk/${batchId}/items`, { headers: { 'x-api-key': KEY } });
    const body = (await raw.json()) as { items: unknown[]; cursor: string | null };
    expect(body.items).toHaveLength(20);
    expect(body.cursor).toEqual(expect.any(String));

    const stats = sim.stats();
    expect(stats).toMatchObject({ batchesCreated: 1, itemsSubmitted: 120, billed: found, testItems: 0 });
    expect(stats.byEndpoint.submit).toEqual({ 202: 1 });
    expect(stats.byEndpoint.getItem).toEqual({ 200: 1 });
  });

  it('items appear progressively; status goes pending → processing → completed; the list is a growing prefix', async () => {
    const sim = await simulator({ processingDelayMs: 800 });
    const client = clientFor(sim);
    const recs = records(40, 'p');
    const { batchId } = await client.submitBulk(recs, 'progressive');
    expect(await client.batchStatus(batchId)).toEqual({ status: 'pending', statusValue: 'pending', total: 40, completed: 0, failed: 0 });
    const empty = await client.itemPage(batchId, { limit: 50 });
    expect(empty.items).toEqual([]);
    expect(empty.cursor).not.toBeNull(); // more will come: a resume point, not the end
    expect(await client.listItems(batchId)).toEqual([]);

    const running = await until(async () => {
      const s = await client.batchStatus(batchId);
      return s.status === 'processing' ? s : undefined;
    });
    const processed = (running.completed ?? 0) + (running.failed ?? 0);
    expect(processed).toBeGreaterThan(0);
    expect(processed).toBeLessThan(40);
    const partial = await client.listItems(batchId);
    expect(partial.length).toBeGreaterThanOrEqual(processed);
    expect(partial.length).toBeLessThan(40);
    expect(partial.map((i) => i.metadata?.externalId)).toEqual(recs.slice(0, partial.length).map((r) => r.externalId));

    await completed(client, batchId);
    const all = await client.listItems(batchId, { pageSize: 15 });
    expect(all).toHaveLength(40);
    expect(sim.stats().maxPageSizeSeen).toBe(50);
  });

  it('the test environment is selectable, not billed, and listed apart from live batches', async () => {
    const sim = await simulator();
    const live = clientFor(sim);
    const sandbox = clientFor(sim, { environment: 'test' });
    const seen: Parameters<typeof spyingFetch>[0] = [];
    const spied = clientFor(sim, { environment: 'test', fetchImpl: spyingFetch(seen) });

    const recs = records(30, 't');
    const { batchId: testBatch } = await spied.submitBulk(recs, 'sandbox-1');
    expect(seen[0]?.url).toBe(`${sim.url}/v2/test/person/bulk`);
    const { batchId: liveBatch } = await live.submitBulk(records(5, 'l'), 'live-1');

    await completed(sandbox, testBatch);
    const testItems = await sandbox.listItems(testBatch);
    const mapped = collectResults(testItems, 'sandbox-1');
    expect(mapped.results.map((r) => r.status)).toEqual(recs.map((r) => expectedStatus(predict(r))));

    expect((await sandbox.listBatches()).batches.map((b) => b.batchId)).toEqual([testBatch]);
    expect((await live.listBatches()).batches.map((b) => b.batchId)).toEqual([liveBatch]);
    // A batch of one environment does not exist in the other.
    await expect(live.batchStatus(testBatch)).rejects.toBeInstanceOf(VendorProtocolError);
    await expect(sandbox.listItems(liveBatch)).rejects.toMatchObject({ httpStatus: 404 });

    await completed(live, liveBatch);
    const stats = sim.stats();
    expect(stats).toMatchObject({ testBatchesCreated: 1, testItems: 30, batchesCreated: 1, itemsSubmitted: 5 });
    expect(stats.billed).toBe(foundCount(records(5, 'l')));
    expect(() => clientFor(sim, { environment: 'staging' as 'test' })).toThrow(RangeError);
  });

  it('lists batches with createdAfter (a UTC day), limit and offset, oldest first', async () => {
    let now = Date.parse('2024-05-01T10:00:00Z');
    const sim = await simulator({ clock: () => now });
    const client = clientFor(sim);
    const early: string[] = [];
    for (let i = 0; i < 5; i++) {
      early.push((await client.submitBulk(records(1, `e${i}`), `early-${i}`)).batchId);
      now += 60_000;
    }
    now = Date.parse('2024-05-03T08:30:00Z');
    const late: string[] = [];
    for (let i = 0; i < 3; i++) {
      late.push((await client.submitBulk(records(2, `l${i}`), `late-${i}`)).batchId);
      now += 1_000;
    }

    const everything = await client.listBatches();
    expect(everything.total).toBe(8);
    expect(everything.batches.map((b) => b.batchId)).toEqual([...early, ...late]);
    expect(everything.batches[0]).toMatchObject({ createdAt: '2024-05-01T10:00:00.000Z', total: 1 });

    const since = await client.listBatches({ createdAfter: new Date('2024-05-02T23:59:00Z') });
    expect(since).toMatchObject({ total: 3 });
    expect(since.batches.map((b) => b.batchId)).toEqual(late);
    const firstPage = await client.listBatches({ createdAfter: new Date('2024-05-02T00:00:00Z'), limit: 2 });
    const secondPage = await client.listBatches({ createdAfter: new Date('2024-05-02T00:00:00Z'), limit: 2, offset: 2 });
    expect(firstPage.batches.map((b) => b.batchId)).toEqual(late.slice(0, 2));
    expect(secondPage.batches.map((b) => b.batchId)).toEqual(late.slice(2));
    expect(secondPage.total).toBe(3);
    expect((await client.listBatches({ offset: 6, limit: 1000 })).batches.map((b) => b.batchId)).toEqual(late.slice(1));

    const get = (query: string) => fetch(`${sim.url}/v2/live/person/bulk?${query}`, { headers: { 'x-api-key': KEY } });
    for (const [query, field] of [
      ['limit=1001', 'limit'],
      ['limit=0', 'limit'],
      ['offset=-1', 'offset'],
      ['createdAfter=2024-13-01', 'createdAfter'],
      ['createdAfter=2024-02-30', 'createdAfter'],
      ['createdAfter=yesterday', 'createdAfter'],
    ] as const) {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field, message: expect.any(String) });
    }
    expect((await get('limit=1000')).status).toBe(200);
    // The client never asks for more than the vendor allows.
    await expect(client.listBatches({ limit: 1001 })).rejects.toBeInstanceOf(RangeError);
    await expect(client.listItems(early[0]!, { pageSize: 51 })).rejects.toBeInstanceOf(RangeError);
    expect(sim.stats().pageSizeViolations).toBe(0);
  });
});

describe('AggKnowledge record-level outcomes', () => {
  it('retryable items are resubmitted once in a new bulk and then succeed; nothing is billed twice', async () => {
    const sim = await simulator({ faults: { retryableItemRate: 0.3, seed: 5 } });
    const client = clientFor(sim);
    const recs = records(60, 'x');
    const byId = new Map(recs.map((r) => [r.externalId, r]));

    const { batchId } = await client.submitBulk(recs, 'round-1');
    await completed(client, batchId);
    const first = collectResults(await client.listItems(batchId), 'round-1');
    expect(first.retry.length).toBeGreaterThan(5);
    expect(first.results.length + first.retry.length).toBe(60);
    const retriedItem = (await client.listItems(batchId)).find((i) => i.metadata?.externalId === first.retry[0]);
    expect(retriedItem).toMatchObject({ isSuccess: false, isRetryable: true, person: null, error: { code: 'temporarily_unavailable' } });

    const again = first.retry.map((id) => byId.get(id) as AggKnowledgeRecord);
    const { batchId: retryBatch } = await client.submitBulk(again, 'round-2');
    await completed(client, retryBatch);
    const finals = (await client.listItems(retryBatch)).map(toFinalRecordResult);
    const results = [...first.results, ...(finals as RecordResult[])];
    expect(results).toHaveLength(60);
    for (const result of results) {
      expect(result.status).toBe(expectedStatus(predict(byId.get(result.externalId) as AggKnowledgeRecord)));
    }
    // Each found person was returned successfully exactly once: billed once.
    expect(sim.stats().billed).toBe(foundCount(recs));
    expect(sim.stats().itemsSubmitted).toBe(60 + again.length);

    expect(stillFailingAfterRetry('x1')).toEqual({ externalId: 'x1', status: AGGKNOWLEDGE_STILL_UNAVAILABLE_STATUS, values: {} });
    expect(AGGKNOWLEDGE_STILL_UNAVAILABLE_STATUS).toBe('failed: aggknowledge temporarily unavailable');
  });

  it('not found → not_found; a URL that is not a LinkedIn person profile → failed: aggknowledge invalid_input', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    let notFound: AggKnowledgeRecord | undefined;
    for (let i = 0; !notFound; i++) {
      const candidate = { externalId: 'nf', linkedinUrl: `linkedin.com/in/nobody-${i}` };
      if (predict(candidate).outcome === 'not_found') notFound = candidate;
    }
    const invalid = ['https://www.linkedin.com/company/acme-corp', 'https://example.com/in/ada-lovelace', 'ada lovelace', 'https://www.linkedin.com/in/'];
    const recs: AggKnowledgeRecord[] = [
      notFound,
      ...invalid.map((linkedinUrl, i) => ({ externalId: `bad${i}`, linkedinUrl })),
      { externalId: 'pdl', pdlId: 'qEnOZ5Oh0poWnQ1luFBfVw_0000' },
    ];
    const { batchId } = await client.submitBulk(recs, 'outcomes');
    await completed(client, batchId);
    const items = await client.listItems(batchId);
    expect(items[0]).toMatchObject({ isSuccess: false, isRetryable: false, person: null, error: { code: 'not_found' } });
    expect(items[1]).toMatchObject({ isSuccess: false, isRetryable: false, error: { code: 'invalid_input' } });
    for (const item of items) expect(JSON.stringify(item.error ?? '')).not.toMatch(/ada|acme|example\.com/i);

    const { results } = collectResults(items);
    expect(results.map((r) => [r.externalId, r.status])).toEqual([
      ['nf', 'not_found'],
      ...invalid.map((_, i) => [`bad${i}`, 'failed: aggknowledge invalid_input']),
      ['pdl', expectedStatus(predict(recs[5]!))],
    ]);
    // Successful items are "always retryable"; that does not make them retries.
    const success = items.find((i) => i.isSuccess);
    expect(success?.isRetryable).toBe(true);
    expect(isRetry(toRecordResult(success!))).toBe(false);
  });

  it('normalizes LinkedIn URLs: one person however the URL is written; Sales Nav and Recruiter URLs accepted', async () => {
    const same = [
      'https://www.linkedin.com/in/ada-lovelace',
      'linkedin.com/in/ada-lovelace/',
      'http://uk.linkedin.com/in/Ada-Lovelace?trk=x#top',
      'WWW.LINKEDIN.COM/IN/ADA-LOVELACE',
    ];
    const keys = new Set(same.map((url) => parseLinkedInProfileUrl(url)?.key));
    expect(keys).toEqual(new Set(['in/ada-lovelace']));
    expect(parseLinkedInProfileUrl('https://www.linkedin.com/sales/lead/ACwAAAbc123,NAME_SEARCH,fT9x')).toMatchObject({
      kind: 'sales',
      id: 'ACwAAAbc123',
    });
    expect(parseLinkedInProfileUrl('linkedin.com/talent/profile/AEMAAAxyz')).toMatchObject({ kind: 'recruiter' });
    for (const bad of ['https://linkedin.com/company/acme', 'https://notlinkedin.com/in/ada', 'linkedin.com', '', 'https://www.linkedin.com/in/a']) {
      expect(parseLinkedInProfileUrl(bad)).toBeUndefined();
    }

    const sim = await simulator();
    const client = clientFor(sim);
    let found: string | undefined;
    for (let i = 0; !found; i++) {
      const url = `linkedin.com/in/some-one-${i}`;
      if (deriveAggKnowledgePerson({ professionalSocialMediaUrl: url }).outcome === 'found') found = `some-one-${i}`;
    }
    const variants = [`https://www.linkedin.com/in/${found}/`, `linkedin.com/in/${found.toUpperCase()}`, `http://de.linkedin.com/in/${found}`];
    const { batchId } = await client.submitBulk(
      variants.map((linkedinUrl, i) => ({ externalId: `v${i}`, linkedinUrl })),
      'variants',
    );
    await completed(client, batchId);
    const items = await client.listItems(batchId);
    expect(new Set(items.map((i) => i.person?.id)).size).toBe(1);
    expect(items[0]?.person?.linkedinUrl).toBe(`https://www.linkedin.com/in/${found}`);

    // A personId the vendor returned finds the same person again.
    const { batchId: byId } = await client.submitBulk([{ externalId: 'again', personId: String(items[0]!.person!.id) }], 'by-id');
    await completed(client, byId);
    expect((await client.listItems(byId))[0]?.person).toEqual(items[0]?.person);
    // The same person returned three times + once more: billed four times (how double buying shows).
    expect(sim.stats().billed).toBe(4);
  });

  it('maps items purely: enriched / partially_enriched / not_found / failures / unmatched', () => {
    const person = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: 'Director, Engineering',
      seniority: 'Director',
      department: 'Engineering',
      location: { country: 'United Kingdom', region: 'England', locality: 'London' },
      linkedinUrl: 'https://www.linkedin.com/in/ada',
      currentEmployer: { name: 'Analytical Engines', domain: 'https://www.Analytical.io/' },
      workEmail: null,
    };
    const item = (over: Partial<AggKnowledgeItem>): AggKnowledgeItem => ({
      id: 'i1',
      isSuccess: true,
      isRetryable: true,
      metadata: { externalId: 'e1', submissionKey: 'k' },
      person,
      error: null,
      ...over,
    });
    expect(toRecordResult(item({}))).toEqual({
      externalId: 'e1',
      status: 'enriched',
      values: {
        person_first_name: 'Ada',
        person_last_name: 'Lovelace',
        person_title: 'Director, Engineering',
        person_level: 'Director',
        person_department: 'Engineering',
        person_linkedin_url: 'https://www.linkedin.com/in/ada',
        person_country: 'United Kingdom',
        person_state: 'England',
        person_city: 'London',
        company_name: 'Analytical Engines',
        company_domain: 'analytical.io',
      },
    });
    expect(toRecordResult(item({ person: { ...person, workEmail: 'ada@analytical.io' } }))).toMatchObject({
      values: { person_email: 'ada@analytical.io' },
    });
    expect(toRecordResult(item({ person: { ...person, currentEmployer: null } }))).toMatchObject({ status: 'partially_enriched' });
    // A success is billed: with nothing to map it is `unmapped`, never passed off as not found.
    expect(toRecordResult(item({ person: null }))).toEqual({ externalId: 'e1', status: 'unmapped', values: {} });
    expect(toRecordResult(item({ person: { id: 'akp_1', headline: 'Open to work' } }))).toEqual({ externalId: 'e1', status: 'unmapped', values: {} });
    const failed = (code: string, isRetryable = false) =>
      toRecordResult(item({ isSuccess: false, isRetryable, person: null, error: { code, message: 'about https://linkedin.com/in/ada' } }));
    expect(failed('not_found')).toEqual({ externalId: 'e1', status: 'not_found', values: {} });
    expect(failed('invalid_input')).toMatchObject({ status: 'failed: aggknowledge invalid_input' });
    expect(failed('temporarily_unavailable', true)).toEqual({ retry: 'e1' });
    expect(failed('weird code: https://linkedin.com/in/ada')).toMatchObject({ status: 'failed: aggknowledge unknown_error' });
    expect(toFinalRecordResult(item({ isSuccess: false, person: null, error: { code: 'temporarily_unavailable' } }))).toEqual(stillFailingAfterRetry('e1'));
    // Metadata without an externalId is reported, never guessed.
    expect(toRecordResult(item({ metadata: null }))).toEqual({ unmatched: 'i1' });
    expect(toRecordResult(item({ metadata: { externalId: 42 } }))).toEqual({ unmatched: 'i1' });
    const collected = collectResults(
      [item({}), item({ id: 'i2', metadata: { externalId: 'e2', submissionKey: 'other' } }), item({ id: 'i3' }), item({ id: 'i4', metadata: {} })],
      'k',
    );
    expect(collected.results.map((r) => r.externalId)).toEqual(['e1']);
    expect(collected.unmatched).toEqual(['i2', 'i3', 'i4']);
  });
});

describe('AggKnowledge errors', () => {
  it('401 for a missing or unknown key → VendorFatalError unauthorized, not retried, key not in the message', async () => {
    const sim = await simulator();
    const none = await fetch(`${sim.url}/v2/live/person/bulk`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ message: expect.any(String) });

    const secret = 'sk-live-should-never-appear-123';
    const client = clientFor(sim, { apiKey: secret });
    const error = await client.submitBulk(records(2), 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ code: 'unauthorized', httpStatus: 401, vendor: 'aggknowledge' });
    expectNoLeadValues(error, [secret, ...records(2).map((r) => r.linkedinUrl as string)]);
    await expect(client.batchStatus('akb_1')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sim.stats().requests).toBe(3);

    sim.setFaults({ status401: true });
    await expect(clientFor(sim).listBatches()).rejects.toMatchObject({ code: 'unauthorized', httpStatus: 401 });
    expect(sim.stats().rejected[401]).toBe(4);
  });

  it('400 names the field, never the value', async () => {
    const sim = await simulator();
    const post = (body: unknown) => fetch(`${sim.url}/v2/live/person/bulk`, { method: 'POST', headers: { 'x-api-key': KEY }, body: JSON.stringify(body) });
    const url = 'https://www.linkedin.com/in/secret-person';
    const cases: Array<[unknown, string]> = [
      [{ requests: [{ professionalSocialMediaUrl: url }, { professionalSocialMediaUrl: url }, { pdlId: 'p' }, { metadata: { a: 1 } }] }, 'requests[3]'],
      [{ requests: [{ professionalSocialMediaUrl: url }, { professionalSocialMediaUrl: 42 }] }, 'requests[1].professionalSocialMediaUrl'],
      [{ requests: [{ personId: 'x', metadata: [url] }] }, 'requests[0].metadata'],
      [{ requests: Array.from({ length: AGGKNOWLEDGE_MAX_BULK + 1 }, () => ({ professionalSocialMediaUrl: url })) }, 'requests'],
      [{ requests: [] }, 'requests'],
      [{ people: [] }, 'requests'],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.status).toBe(400);
      const json = (await response.json()) as { message: string; field: string };
      expect(json.field).toBe(field);
      expect(JSON.stringify(json)).not.toContain('secret-person');
    }
    expect(sim.stats().batchesCreated).toBe(0);

    // Through the client: a cursor the vendor never issued.
    const client = clientFor(sim);
    const { batchId } = await client.submitBulk(records(3), 'k');
    const error = await client.itemPage(batchId, { cursor: 'bm90LWEtY3Vyc29y' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ code: 'bad_request', httpStatus: 400 });
    expect((error as Error).message).toContain('field cursor');

    // A vendor 400 whose text quotes a value: only a plain field path travels.
    const pinned = new AggKnowledgeClient({
      baseUrl: 'http://vendor.invalid',
      apiKey: KEY,
      fetchImpl: async () =>
        new Response(JSON.stringify({ message: `${url} is not allowed`, field: 'requests[0].professionalSocialMediaUrl' }), { status: 400 }),
    });
    const quoted = await pinned.submitBulk([{ externalId: 'a', linkedinUrl: url }], 'k').catch((e: unknown) => e);
    expect((quoted as Error).message).toBe(
      'AggKnowledge rejected the bulk enrich submission (HTTP 400): field requests[0].professionalSocialMediaUrl is invalid',
    );
    const sneaky = new AggKnowledgeClient({
      baseUrl: 'http://vendor.invalid',
      apiKey: KEY,
      fetchImpl: async () => new Response(JSON.stringify({ message: 'bad', field: `requests[0] ${url}` }), { status: 400 }),
    });
    const noField = await sneaky.submitBulk([{ externalId: 'a', linkedinUrl: url }], 'k').catch((e: unknown) => e);
    expectNoLeadValues(noField, ['secret-person']);
    expect((noField as Error).message).toContain('malformed request');

    // Caller bugs are caught before any request, without values.
    await expect(client.submitBulk([], 'k')).rejects.toBeInstanceOf(RangeError);
    await expect(client.submitBulk(records(AGGKNOWLEDGE_MAX_BULK + 1), 'k')).rejects.toBeInstanceOf(RangeError);
    const noId = await client.submitBulk([{ externalId: 'a', linkedinUrl: ' ' }], 'k').catch((e: unknown) => e);
    expect(noId).toBeInstanceOf(RangeError);
    expect((noId as Error).message).toContain('records[0]');
  });

  it('402, 404 and undocumented statuses; bodies that do not match name fields, not values', async () => {
    const respond = (status: number, body: unknown) =>
      new AggKnowledgeClient({
        baseUrl: 'http://vendor.invalid',
        apiKey: KEY,
        fetchImpl: async () => new Response(JSON.stringify(body), { status }),
      });
    await expect(respond(402, { message: 'no credits' }).submitBulk(records(1), 'k')).rejects.toMatchObject({
      name: 'VendorFatalError',
      code: 'insufficient_credits',
      httpStatus: 402,
    });
    await expect(respond(418, {}).batchStatus('b')).rejects.toMatchObject({ name: 'VendorProtocolError', httpStatus: 418 });

    const leaky = respond(200, {
      items: [
        { id: 'i1', isRetryable: false, metadata: { externalId: 'e' }, person: { fullName: 'Ada Lovelace', linkedinUrl: 'linkedin.com/in/ada-lovelace' } },
      ],
      cursor: null,
    });
    const error = await leaky.listItems('b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorProtocolError);
    expect((error as Error).message).toContain('items.0.isSuccess');
    expectNoLeadValues(error, ['Ada', 'Lovelace', 'ada-lovelace']);

    const sim = await simulator();
    await expect(clientFor(sim).batchStatus('akb_99999999')).rejects.toMatchObject({ name: 'VendorProtocolError', httpStatus: 404 });
  });
});

describe('AggKnowledge faults, retries and reconciliation', () => {
  it('retries 5XX (sleep injected), then gives up with VendorTransientError', async () => {
    const sim = await simulator({ faults: { serverErrorRate: 0.5, seed: 7 } });
    const delays: number[] = [];
    const client = clientFor(sim, { retry: { maxAttempts: 10, baseDelayMs: 4 }, sleep: async (ms) => void delays.push(ms) });
    const batchIds: string[] = [];
    for (let i = 0; i < 5; i++) batchIds.push((await client.submitBulk(records(2, `s${i}`), `five-${i}`)).batchId);
    for (const id of batchIds) await completed(client, id);
    const stats = sim.stats();
    expect(stats.batchesCreated).toBe(5); // a gateway 500 has no side effect: no duplicates
    expect(stats.rejected[500]).toBeGreaterThan(0);
    expect(delays).toHaveLength(stats.rejected[500] as number);

    sim.setFaults({ serverErrorRate: 1 });
    const error = await clientFor(sim, { retry: { maxAttempts: 3 }, sleep: async () => undefined })
      .submitBulk(records(1, 'z'), 'k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: 500, attempts: 3, vendor: 'aggknowledge' });
    expectNoLeadValues(error, [records(1, 'z')[0]!.linkedinUrl as string, 'z-person']);
  });

  it('accept-then-500: findBatch recovers the accepted batch (once it has a processed item) instead of resubmitting', async () => {
    // Processing in 4 steps over 1.6 s: a batch's first items become visible 400 ms after acceptance.
    const sim = await simulator({ processingDelayMs: 1_600 });
    const client = clientFor(sim, { retry: { maxAttempts: 1 } });
    const other = await client.submitBulk(records(3, 'o'), 'job-7:batch-1');
    await completed(client, other.batchId);

    sim.setFaults({ acceptThenFailRate: 1 });
    const since = new Date();
    const recs = records(25, 'a');
    const error = await client.submitBulk(recs, 'job-7:batch-2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: 500 });
    expectNoLeadValues(
      error,
      recs.map((r) => r.linkedinUrl as string),
    );
    sim.setFaults({});
    expect(sim.stats()).toMatchObject({ batchesCreated: 2, acceptedThenFailed: 1 });

    // Still pending: no item carries the key yet (the documented limitation).
    expect(await client.findBatch('job-7:batch-2', since)).toBeUndefined();
    const found = await until(() => client.findBatch('job-7:batch-2', since));
    expect(found).not.toBe(other.batchId);
    expect(await client.findBatch('job-7:batch-1', new Date(since.getTime() - 60_000))).toBe(other.batchId);
    expect(await client.findBatch('job-7:never-sent', since)).toBeUndefined();

    await completed(client, found);
    const collected = collectResults(await client.listItems(found), 'job-7:batch-2');
    expect(collected.results.map((r) => r.externalId)).toEqual(recs.map((r) => r.externalId));
    const stats = sim.stats();
    expect(stats.batchesCreated).toBe(2);
    expect(stats.billed).toBe(foundCount(records(3, 'o')) + foundCount(recs));
    expect(stats.byEndpoint.listItems[200]).toBeGreaterThan(0);
    expect(stats.maxPageSizeSeen).toBe(50);
  });

  it('retrying an accepted-then-500 submission buys twice, which billed shows; findBatch returns the first batch', async () => {
    let now = Date.parse('2024-06-10T12:00:00Z');
    const sim = await simulator({ clock: () => now, faults: { acceptThenFailRate: 1 } });
    const client = clientFor(sim, { retry: { maxAttempts: 2 }, sleep: async () => void (now += 1_000) });
    const recs = records(10, 'd');
    await expect(client.submitBulk(recs, 'dup')).rejects.toBeInstanceOf(VendorTransientError);
    const { batches } = await client.listBatches();
    expect(batches).toHaveLength(2);
    for (const b of batches) await completed(client, b.batchId);
    expect(sim.stats().billed).toBe(2 * foundCount(recs));
    expect(await client.findBatch('dup', new Date(Date.parse('2024-06-10T12:00:00Z')))).toBe(batches[0]?.batchId);
  });
});

/** Submits, waits until the client reads the batch as completed, reads every item and maps them. */
async function roundTrip(client: AggKnowledgeClient, recs: readonly AggKnowledgeRecord[], key: string) {
  const { batchId } = await client.submitBulk(recs, key);
  const status = await completed(client, batchId);
  const { items, reading } = await client.readItems(batchId);
  return { batchId, status, items, reading, collected: collectResults(items, key) };
}

/** Each record's result is what the simulator's person predicts: same rows, statuses and values. */
function expectPredicted(recs: readonly AggKnowledgeRecord[], collected: CollectedResults): void {
  expect(collected.results.map((r) => r.externalId)).toEqual(recs.map((r) => r.externalId));
  recs.forEach((rec, i) => {
    const result = collected.results[i] as RecordResult;
    expect(result.status, rec.externalId).toBe(expectedStatus(predict(rec)));
    expect(result.values, rec.externalId).toEqual(expectedValues(predict(rec)));
  });
}

describe('AggKnowledge dialects: other plausible readings of the document', () => {
  const dialectSim = (dialect: AggKnowledgeDialect) => simulator({ dialect });

  it('statusCase upper, statusWord done: "DONE" is completed, "PENDING" is not yet', async () => {
    const sim = await dialectSim({ statusCase: 'upper', statusWord: 'done' });
    const client = clientFor(sim);
    const recs = records(30, 'u');
    // Held, the batch is still pending when its status is first asked, however slow the machine.
    const release = sim.holdProcessing();
    const { batchId } = await client.submitBulk(recs, 'upper');
    const first = await client.batchStatus(batchId);
    expect({ status: first.status, statusValue: first.statusValue }).toEqual({ status: 'pending', statusValue: 'PENDING' });
    const raw = (await (await fetch(`${sim.url}/v2/live/person/bulk/${batchId}`, { headers: { 'x-api-key': KEY } })).json()) as { status: string };
    expect(raw.status).toBe('PENDING');
    release();

    const status = await completed(client, batchId);
    expect(status).toMatchObject({ status: 'completed', statusValue: 'DONE', total: 30 });
    expect((await client.listBatches()).batches[0]).toMatchObject({ batchId, status: 'completed' });
    const collected = collectResults(await client.listItems(batchId), 'upper');
    expectPredicted(recs, collected);
    expect(collected.billed).toBe(sim.stats().billed);
    expect(sim.stats().billed).toBe(foundCount(recs));
  });

  it('wrapper data: { data, nextCursor } pages of ≤50 followed to the end, { data, total } for batches', async () => {
    const sim = await dialectSim({ wrapper: 'data' });
    const seen: Parameters<typeof spyingFetch>[0] = [];
    const client = clientFor(sim, { fetchImpl: spyingFetch(seen) });
    const recs = records(120, 'w');
    const { reading, collected, items } = await roundTrip(client, recs, 'data-1');
    expect(reading).toEqual({ wrapper: 'data', cursorField: 'nextCursor', itemFields: ['error', 'id', 'isRetryable', 'isSuccess', 'metadata', 'person'] });
    expect(seen.filter((s) => s.url.includes('/items')).length).toBe(3);
    expect(items).toHaveLength(120);
    expectPredicted(recs, collected);
    expect(collected.billed).toBe(sim.stats().billed);
    expect(sim.stats()).toMatchObject({ maxPageSizeSeen: 50, pageSizeViolations: 0, unmappedItems: 0 });
    expect(await client.listBatches()).toMatchObject({ wrapper: 'data', total: 1 });
  });

  it('wrapper bare: one plain array with every item; batch listings without a total still reconcile', async () => {
    const sim = await dialectSim({ wrapper: 'bare' });
    const seen: Parameters<typeof spyingFetch>[0] = [];
    const client = clientFor(sim, { fetchImpl: spyingFetch(seen) });
    const recs = records(80, 'b');
    const since = new Date(Date.now() - 1_000);
    const { reading, collected, items } = await roundTrip(client, recs, 'bare-1');
    expect(reading).toMatchObject({ wrapper: 'bare', cursorField: 'none' });
    expect(seen.filter((s) => s.url.includes('/items'))).toHaveLength(1);
    expect(items).toHaveLength(80);
    expectPredicted(recs, collected);
    expect(collected.billed).toBe(sim.stats().billed);

    const listing = await client.listBatches();
    expect(listing.wrapper).toBe('bare');
    expect(listing.total).toBeUndefined();
    expect(await client.findBatch('bare-1', since)).toBe(listing.batches[0]?.batchId);
    expect(await client.findBatch('never-sent', since)).toBeUndefined();
  });

  it('fieldNames alternate: is_success/is_retryable, next_cursor, job_title, work_email, company.website… map the same values', async () => {
    const sim = await dialectSim({ fieldNames: 'alternate', wrapper: 'data' });
    const client = clientFor(sim);
    const recs = records(90, 'n');
    const { reading, collected, items } = await roundTrip(client, recs, 'alt-1');
    expect(reading).toEqual({ wrapper: 'data', cursorField: 'next_cursor', itemFields: ['error', 'id', 'is_retryable', 'is_success', 'metadata', 'person'] });
    expect(items.filter((i) => i.isSuccess)).toHaveLength(foundCount(recs));
    expectPredicted(recs, collected);
    expect(collected.fieldNames).toEqual(
      expect.arrayContaining([
        'first_name',
        'last_name',
        'job_title',
        'work_email',
        'linkedin_url',
        'seniority_level',
        'company.name',
        'company.website',
        'location.country',
        'location.state',
        'location.city',
      ]),
    );
    expect(collected.unmapped).toBe(0);
    expect(collected.billed).toBe(sim.stats().billed);
    // The stored item keeps what the vendor sent beside the canonical keys the client reads.
    const success = items.find((i) => i.isSuccess);
    expect(success?.person).toHaveProperty('job_title');
    expect(success).not.toHaveProperty('is_success');
  });

  it('unmappedRate: billed successes with nothing to map are `unmapped` (values {}), counted, never not_found', async () => {
    const sim = await dialectSim({ unmappedRate: 0.3 });
    const client = clientFor(sim);
    const recs = records(100, 'm');
    const { collected, items } = await roundTrip(client, recs, 'unmapped-1');
    const stats = sim.stats();
    expect(stats.unmappedItems).toBeGreaterThan(5);
    expect(stats.unmappedItems).toBeLessThan(foundCount(recs));
    expect(collected.unmapped).toBe(stats.unmappedItems);
    expect(countUnmapped(collected.results)).toBe(stats.unmappedItems);
    // The vendor bills every success, unmapped ones included; so does Leadflow's count.
    expect(stats.billed).toBe(foundCount(recs));
    expect(collected.billed).toBe(stats.billed);
    expect(collected.ignoredFieldNames).toEqual(expect.arrayContaining(['headline', 'id', 'pdlId']));

    const byId = new Map(items.map((i) => [i.metadata?.externalId, i]));
    recs.forEach((rec, i) => {
      const result = collected.results[i] as RecordResult;
      if (result.status === AGGKNOWLEDGE_UNMAPPED_STATUS) {
        expect(predict(rec).outcome).toBe('found');
        expect(result.values).toEqual({});
        // The raw item is kept whole: the person's unmapped fields are there to look at.
        expect(byId.get(rec.externalId)?.person).toEqual({ id: expect.any(String), pdlId: expect.any(String), headline: expect.any(String) });
      } else {
        expect(result.status).toBe(expectedStatus(predict(rec)));
        expect(result.values).toEqual(expectedValues(predict(rec)));
      }
    });
    expect(collected.results.filter((r) => r.status === 'not_found')).toHaveLength(recs.filter((r) => predict(r).outcome === 'not_found').length);
  });

  it('switches at run time: a batch read before and after setDialect maps to the same values', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const recs = records(40, 'r');
    const before = await roundTrip(client, recs, 'switch');
    expect(before.reading.wrapper).toBe('items');
    sim.setDialect({ statusCase: 'upper', statusWord: 'done', wrapper: 'bare', fieldNames: 'alternate' });
    expect(await client.batchStatus(before.batchId)).toMatchObject({ status: 'completed', statusValue: 'DONE' });
    const after = await client.readItems(before.batchId);
    expect(after.reading).toMatchObject({ wrapper: 'bare', itemFields: expect.arrayContaining(['is_success']) });
    expect(collectResults(after.items, 'switch').results).toEqual(before.collected.results);
    expectPredicted(recs, before.collected);
    expect(() => sim.setDialect({ unmappedRate: 2 })).toThrow(RangeError);
  });
});

describe('AggKnowledge lenient readings (pure and stubbed)', () => {
  it('reads the status in any case and its synonyms; an unknown word is refused without being quoted', async () => {
    const words: Array<[string, string]> = [
      ['completed', 'completed'],
      ['Complete', 'completed'],
      ['DONE', 'completed'],
      ['finished', 'completed'],
      ['Succeeded', 'completed'],
      ['processing', 'processing'],
      ['RUNNING', 'processing'],
      ['in_progress', 'processing'],
      ['In Progress', 'processing'],
      ['in-progress', 'processing'],
      ['pending', 'pending'],
      ['Queued', 'pending'],
      ['FAILED', 'failed'],
      ['error', 'failed'],
    ];
    for (const [word, state] of words) expect(readBatchState(word), word).toEqual({ state, statusValue: word });
    for (const odd of ['', 'completed successfully', 'ok', 42, null]) expect(readBatchState(odd)).toBeUndefined();

    const answer = (body: unknown) =>
      new AggKnowledgeClient({ baseUrl: 'http://vendor.invalid', apiKey: KEY, fetchImpl: async () => new Response(JSON.stringify(body), { status: 200 }) });
    expect(await answer({ status: 'Failed' }).batchStatus('b')).toEqual({ status: 'failed', statusValue: 'Failed' });
    // Counts, batchId and createdAt are Leadflow's reading: a body with only the documented `status` is enough.
    expect(await answer({ status: 'done' }).batchStatus('b')).toEqual({ status: 'completed', statusValue: 'done' });
    const odd = await answer({ status: 'stuck on https://linkedin.com/in/ada-lovelace' })
      .batchStatus('b')
      .catch((e: unknown) => e);
    expect(odd).toBeInstanceOf(VendorProtocolError);
    expect((odd as Error).message).toContain('field status');
    expectNoLeadValues(odd, ['ada-lovelace', 'stuck']);
  });

  it('reads results/items/data or bare lists, cursor/nextCursor/next_cursor, snake_case flags, JSON-text metadata', async () => {
    const item = (n: number, extra: Record<string, unknown> = {}) => ({
      item_id: n,
      is_success: true,
      metadata: JSON.stringify({ externalId: `e${n}`, submissionKey: 'k' }),
      profile: { given_name: 'Ada', family_name: 'Lovelace', JobTitle: 'Director' },
      ...extra,
    });
    const pages: unknown[] = [
      { results: [item(1), item(2)], next_cursor: 7 },
      { items: [item(3, { is_success: false, is_retryable: false, error: 'not_found', profile: null })], cursor: '' },
    ];
    let call = 0;
    const client = new AggKnowledgeClient({
      baseUrl: 'http://vendor.invalid',
      apiKey: KEY,
      fetchImpl: async () => new Response(JSON.stringify(pages[call++]), { status: 200 }),
    });
    const { items, reading } = await client.readItems('b');
    expect(reading).toEqual({
      wrapper: 'items+results',
      cursorField: 'cursor+next_cursor',
      itemFields: ['error', 'is_retryable', 'is_success', 'item_id', 'metadata', 'profile'],
    });
    expect(items.map((i) => [i.id, i.isSuccess, i.isRetryable])).toEqual([
      ['1', true, true],
      ['2', true, true],
      ['3', false, false],
    ]);
    const collected = collectResults(items, 'k');
    expect(collected.results).toEqual([
      { externalId: 'e1', status: 'partially_enriched', values: { person_first_name: 'Ada', person_last_name: 'Lovelace', person_title: 'Director' } },
      { externalId: 'e2', status: 'partially_enriched', values: { person_first_name: 'Ada', person_last_name: 'Lovelace', person_title: 'Director' } },
      { externalId: 'e3', status: 'not_found', values: {} },
    ]);
    expect(collected).toMatchObject({ billed: 2, unmapped: 0, fieldNames: ['JobTitle', 'family_name', 'given_name'] });

    const bodyOf = (body: unknown) =>
      new AggKnowledgeClient({ baseUrl: 'http://vendor.invalid', apiKey: KEY, fetchImpl: async () => new Response(JSON.stringify(body), { status: 200 }) });
    await expect(bodyOf({ people: [] }).itemPage('b')).rejects.toThrow(/holds no item list/);
    await expect(bodyOf({ items: [], cursor: { next: 1 } }).itemPage('b')).rejects.toThrow(/cursor is neither text nor null/);
    // A wrapped page over the limit is still refused; a failure must say whether it is retryable.
    await expect(bodyOf({ items: Array.from({ length: 51 }, (_, i) => item(i)), cursor: null }).itemPage('b')).rejects.toThrow(/51 items/);
    await expect(bodyOf([{ id: 'x', isSuccess: false, metadata: null }]).itemPage('b')).rejects.toThrow(/items\.0\.isRetryable/);
  });

  it('maps the person under plausible names; headline is never a title; full names split only when unambiguous', () => {
    const read = (person: Record<string, unknown>) => readPerson(person);
    expect(
      read({
        first_name: 'Ada',
        last_name: 'Lovelace',
        job_title: 'Director',
        work_email: 'ada@analytical.io',
        email: 'ada@gmail.com',
        linkedInUrl: 'https://www.linkedin.com/in/ada',
        seniority_level: 'Director',
        organization: { name: 'Analytical Engines', website: 'https://www.Analytical.io/' },
        location: { country: 'United Kingdom', state: 'England', city: 'London' },
        headline: 'Director at Analytical Engines',
      }),
    ).toEqual({
      values: {
        person_first_name: 'Ada',
        person_last_name: 'Lovelace',
        person_title: 'Director',
        person_email: 'ada@analytical.io',
        person_linkedin_url: 'https://www.linkedin.com/in/ada',
        person_level: 'Director',
        company_name: 'Analytical Engines',
        company_domain: 'analytical.io',
        person_country: 'United Kingdom',
        person_state: 'England',
        person_city: 'London',
      },
      fieldNames: expect.any(Array),
      ignoredFieldNames: ['email', 'headline'],
    });
    expect(read({ jobTitle: 'CTO', companyName: 'Acme', companyDomain: 'acme.com', email: 'x@acme.com', linkedin: 'linkedin.com/in/x' }).values).toEqual({
      person_title: 'CTO',
      company_name: 'Acme',
      company_domain: 'acme.com',
      person_email: 'x@acme.com',
      person_linkedin_url: 'linkedin.com/in/x',
    });
    expect(read({ title: 'CEO', employer: 'Initech', city: 'Austin' }).values).toEqual({ person_title: 'CEO', company_name: 'Initech', person_city: 'Austin' });
    expect(read({ headline: 'Open to work' })).toEqual({ values: {}, fieldNames: [], ignoredFieldNames: ['headline'] });
    expect(read({ fullName: 'Grace Hopper' }).values).toEqual({ person_first_name: 'Grace', person_last_name: 'Hopper' });
    expect(read({ full_name: 'Mary Ann Smith' }).values).toEqual({});
    expect(read({ firstName: 'Mary Ann', name: 'Mary Ann Smith' }).values).toEqual({ person_first_name: 'Mary Ann', person_last_name: 'Smith' });
    expect(read({ lastName: 'van der Berg', fullName: 'Jan van der Berg' }).values).toEqual({ person_first_name: 'Jan', person_last_name: 'van der Berg' });
    expect(read({ title: '  ', job_title: 42, position: 'Engineer' }).values).toEqual({ person_title: 'Engineer' });
  });
});
