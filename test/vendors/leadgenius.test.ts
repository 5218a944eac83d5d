import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  LeadGeniusClient,
  VendorFatalError,
  VendorTransientError,
  matchResults,
  parseLeadGeniusWebhook,
  splitWebhookId,
  type LeadGeniusRecord,
  type LeadGeniusWebhook,
} from '../../lambdas/vendors/leadgenius';
import { deriveLeadGeniusEmails } from '../../local/simulators/leadgenius';
import { KEY, afterThisTest, clientFor, manualClock, simulator } from './leadgeniusSupport';

const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia', 'Zoë'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Liskov', 'Ritchie', 'Allen', 'Thompson'];
const DOMAINS = ['analytical.io', 'acme.com', 'linux-foundation.org'];

function records(count: number, prefix = 'r'): LeadGeniusRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    externalId: `${prefix}${i}`,
    first: FIRST[i % FIRST.length] as string,
    ...(i % 4 === 0 && { middle: 'Q' }),
    last: `${LAST[i % LAST.length]}${i}`,
    domain: DOMAINS[i % DOMAINS.length] as string,
  }));
}

interface Receiver {
  url: string;
  /** Every POST body received, in arrival order (retries and duplicates included). */
  bodies: unknown[];
  /** Answers per request; default 200. */
  respond: (body: LeadGeniusWebhook, attemptForId: number) => number;
}

async function webhookReceiver(): Promise<Receiver> {
  const attemptsById = new Map<string, number>();
  const receiver: Receiver = { url: '', bodies: [], respond: () => 200 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const body: unknown = JSON.parse(raw);
      receiver.bodies.push(body);
      const parsed = parseLeadGeniusWebhook(body);
      const id = parsed.success ? parsed.data.webhook_id : '';
      const attempt = (attemptsById.get(id) ?? 0) + 1;
      attemptsById.set(id, attempt);
      res.statusCode = parsed.success ? receiver.respond(parsed.data, attempt) : 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leadgenius`;
  afterThisTest(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return receiver;
}

/** The bound only turns a hang into a clear failure; a slow machine only waits longer. */
async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Webhooks of one job arrive concurrently, so their order is not defined. */
const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectedEmails(recs: readonly LeadGeniusRecord[]): string[][] {
  return recs.map((r) => deriveLeadGeniusEmails(r));
}

describe('LeadGenius simulator + client: bulk jobs, webhooks, status', () => {
  it('sends one webhook per email found, with bulk;sub;email ids and the derived emails', async () => {
    const sim = await simulator();
    const receiver = await webhookReceiver();
    const recs = records(60);
    const expected = expectedEmails(recs);
    const totalEmails = expected.flat().length;

    const { jobId } = await clientFor(sim).submitBulk({ records: recs, webhookUrl: receiver.url });
    expect(jobId).toMatch(/^\d+$/);
    await until(() => receiver.bodies.length >= totalEmails);
    await sleep(30);
    expect(receiver.bodies).toHaveLength(totalEmails);

    const hooks = receiver.bodies.map((body) => {
      const parsed = parseLeadGeniusWebhook(body);
      if (!parsed.success) throw new Error(parsed.error);
      return parsed.data;
    });
    const subJobOfRecord = new Map<number, string>();
    for (const hook of hooks) {
      const id = splitWebhookId(hook.webhook_id);
      expect(id).toBeDefined();
      expect(id?.bulkId).toBe(jobId);
      expect(id?.email).toBe(hook.result.email);
      expect(String(hook.result.bulk_id)).toBe(jobId);
      expect(String(hook.result.jobid)).toBe(id?.subJobId);
      const index = recs.findIndex((r) => r.first === hook.result.first && r.last === hook.result.last && r.domain === hook.result.domain);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(hook.result.middle).toBe(recs[index]?.middle ?? '');
      expect(expected[index]).toContain(hook.result.email);
      // All emails of one person come from one sub job; different people have different sub jobs.
      const sub = subJobOfRecord.get(index) ?? id?.subJobId;
      expect(id?.subJobId).toBe(sub);
      subJobOfRecord.set(index, sub as string);
    }
    expect(new Set(subJobOfRecord.values()).size).toBe(subJobOfRecord.size);

    // The webhooks map back to every record's expected emails.
    const matched = matchResults(
      recs,
      hooks.map((h) => h.result),
    );
    expect(matched.unmatched).toEqual([]);
    recs.forEach((r, i) => expect(sorted(matched.emailsByExternalId.get(r.externalId))).toEqual(sorted(expected[i])));

    const stats = sim.stats();
    expect(stats.objectsAccepted).toBe(60);
    expect(stats.billedObjects).toBe(60);
    expect(stats.webhooksSent).toBe(totalEmails);
    expect(stats.webhooksDelivered).toBe(totalEmails);
  });

  it('sends the documented request: X-LG-API-KEY, data with middle "", options, webhook_url', async () => {
    const sim = await simulator();
    const seen: Array<{ url: string; headers: Headers; body: unknown }> = [];
    const client = clientFor(sim, {
      fetchImpl: async (input, init) => {
        seen.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
        return fetch(input, init);
      },
    });
    await client.submitBulk({
      records: [{ externalId: 'x1', first: 'Chris', last: 'George', domain: 'foo.com' }],
      webhookUrl: 'http://127.0.0.1:9/callback',
      options: { useCatchAll: true },
    });
    expect(seen[0]?.url).toBe(`${sim.url}/emailguess/v1/bulk/job`);
    expect(seen[0]?.headers.get('x-lg-api-key')).toBe(KEY);
    expect(seen[0]?.body).toEqual({
      data: [{ first: 'Chris', middle: '', last: 'George', domain: 'foo.com' }],
      options: { use_smtp_sniff: false, use_catch_all: true },
      webhook_url: 'http://127.0.0.1:9/callback',
    });
  });

  it('status polling reports completed, failed and total, then the found emails', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, processingDelayMs: 150 });
    const client = clientFor(sim);
    const recs = records(40);
    const expected = expectedEmails(recs);
    const { jobId } = await client.submitBulk({ records: recs });

    const pending = await client.bulkStatus(jobId);
    expect(pending).toEqual({ results: [], failed: 0, total: 40, completed: false });

    await sleep(250);
    clock.advance(61_000);
    const done = await client.bulkStatus(jobId);
    expect(done.completed).toBe(true);
    expect(done.total).toBe(40);
    expect(done.failed).toBe(expected.filter((e) => e.length === 0).length);
    expect(done.failed).toBeGreaterThan(0);
    expect(done.results).toHaveLength(expected.flat().length);

    const matched = matchResults(recs, done.results);
    expect(matched.unmatched).toEqual([]);
    recs.forEach((r, i) => expect(matched.emailsByExternalId.get(r.externalId)).toEqual(expected[i]));
    expect(sim.stats().limitViolations).toEqual({ objects: 0, status: 0 });
  });
});

describe('LeadGenius errors', () => {
  it('403 for a bad key: {status:403, error:"Unauthorized"} → VendorFatalError unauthorized', async () => {
    const sim = await simulator();
    const raw = await fetch(`${sim.url}/emailguess/v1/bulk/job`, { method: 'POST', headers: { 'X-LG-API-KEY': 'nope' }, body: '{}' });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toEqual({ status: 403, error: 'Unauthorized' });

    const client = clientFor(sim, { apiKey: 'nope' });
    const submit = await client.submitBulk({ records: records(1) }).catch((e: unknown) => e);
    expect(submit).toBeInstanceOf(VendorFatalError);
    expect(submit).toMatchObject({ code: 'unauthorized', httpStatus: 403, vendor: 'leadgenius' });
    await expect(client.bulkStatus('1')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sim.stats().requests).toBe(3); // 403 is final: no retries
  });

  it('400 names the missing field, never the values', async () => {
    const sim = await simulator();
    const recs: LeadGeniusRecord[] = [
      { externalId: 'a', first: 'Secretfirst', last: 'Secretlast', domain: 'secret-domain.com' },
      { externalId: 'b', first: 'Otherfirst', middle: 'Hiddenmiddle', last: 'Otherlast', domain: '' },
    ];
    const error = await clientFor(sim)
      .submitBulk({ records: recs })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ code: 'bad_request', httpStatus: 400 });
    const message = (error as Error).message;
    expect(message).toContain('data[1].domain is required');
    for (const value of ['Secretfirst', 'Secretlast', 'secret-domain', 'Otherfirst', 'Hiddenmiddle', 'Otherlast']) {
      expect(message).not.toContain(value);
    }

    const raw = await fetch(`${sim.url}/emailguess/v1/bulk/job`, {
      method: 'POST',
      headers: { 'X-LG-API-KEY': KEY },
      body: JSON.stringify({ data: [{ middle: '', last: 'Doe', domain: 'd.com' }] }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ status: 400, error: 'data[0].first is required' });
    const malformed = await fetch(`${sim.url}/emailguess/v1/bulk/job`, { method: 'POST', headers: { 'X-LG-API-KEY': KEY }, body: '{' });
    expect(malformed.status).toBe(400);
    expect(sim.stats().objectsAccepted).toBe(0);
  });

  it('masks submitted values that a vendor 400 message quotes', async () => {
    const client = new LeadGeniusClient({
      baseUrl: 'http://vendor.invalid',
      apiKey: KEY,
      fetchImpl: async () => new Response(JSON.stringify({ status: 400, error: 'domain Secret-Domain.com is not valid for Annabel' }), { status: 400 }),
    });
    const error = await client
      .submitBulk({ records: [{ externalId: 'a', first: 'Annabel', last: 'Lee', domain: 'secret-domain.com' }] })
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe('LeadGenius rejected the bulk job submission (HTTP 400): domain [redacted] is not valid for [redacted]');
  });
});

describe('LeadGenius limits (per key, on the simulator clock)', () => {
  it('429 on the 2nd status call within a minute; allowed again a minute later', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now });
    const client = clientFor(sim, { retry: { maxAttempts: 1 } });
    const { jobId } = await client.submitBulk({ records: records(3) });

    await client.bulkStatus(jobId);
    clock.advance(59_000);
    const raw = await fetch(`${sim.url}/v1/emailguess/bulk/job/status/${jobId}`, { headers: { 'X-LG-API-KEY': KEY } });
    expect(raw.status).toBe(429);
    expect(await raw.json()).toMatchObject({ status: 429, error: expect.stringContaining('1/min') });
    const error = await client.bulkStatus(jobId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: 429, attempts: 1 });
    expect(sim.stats().limitViolations).toEqual({ objects: 0, status: 2 });

    clock.advance(1_001);
    await expect(client.bulkStatus(jobId)).resolves.toMatchObject({ total: 3 });
    expect(sim.stats().limitViolations.status).toBe(2);
  });

  it('429 beyond the hourly status limit', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, limits: { statusPerMinute: 100, statusPerHour: 3 } });
    const client = clientFor(sim, { retry: { maxAttempts: 1 } });
    const { jobId } = await client.submitBulk({ records: records(1) });
    for (let i = 0; i < 3; i++) await client.bulkStatus(jobId);
    await expect(client.bulkStatus(jobId)).rejects.toMatchObject({ httpStatus: 429 });
    clock.advance(3_600_001);
    await expect(client.bulkStatus(jobId)).resolves.toMatchObject({ total: 1 });
    expect(sim.stats().limitViolations.status).toBe(1);
  });

  it('429 for a bulk job that would exceed 5,000 objects in the trailing hour, per key', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, apiKeys: [KEY, 'other-key'], processingDelayMs: 10_000 });
    const client = clientFor(sim, { retry: { maxAttempts: 1 } });
    await client.submitBulk({ records: records(3000) });
    clock.advance(30 * 60_000);
    await client.submitBulk({ records: records(2000) });
    const error = await client.submitBulk({ records: records(1) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: 429 });
    expect(sim.stats().limitViolations.objects).toBe(1);

    // Another key has its own budget.
    await clientFor(sim, { apiKey: 'other-key' }).submitBulk({ records: records(10) });
    // The first 3,000 leave the window an hour after they were accepted.
    clock.advance(30 * 60_000 + 1);
    await client.submitBulk({ records: records(3000) });
    await expect(client.submitBulk({ records: records(1) })).rejects.toMatchObject({ httpStatus: 429 });
    const stats = sim.stats();
    expect(stats.limitViolations.objects).toBe(2);
    expect(stats.objectsAccepted).toBe(3000 + 2000 + 10 + 3000);
  });
});

describe('LeadGenius faults and retries', () => {
  it('retries a webhook the receiver answers 500, then gives up after 3 attempts', async () => {
    const sim = await simulator();
    const receiver = await webhookReceiver();
    const recs = records(20);
    const total = expectedEmails(recs).flat().length;
    receiver.respond = (_body, attempt) => (attempt === 1 ? 500 : 200);
    await clientFor(sim).submitBulk({ records: recs, webhookUrl: receiver.url });
    await until(() => sim.stats().webhooksDelivered === total);
    expect(receiver.bodies).toHaveLength(2 * total);
    expect(sim.stats()).toMatchObject({ webhooksSent: total, webhookAttempts: 2 * total, webhooksFailed: 0 });

    const failing = await simulator();
    const deadReceiver = await webhookReceiver();
    deadReceiver.respond = () => 503;
    const one = [{ externalId: 'x', first: 'Chris', last: 'George', domain: 'leadgenius.com' }];
    const oneTotal = deriveLeadGeniusEmails(one[0] as LeadGeniusRecord).length;
    expect(oneTotal).toBeGreaterThan(0);
    await clientFor(failing).submitBulk({ records: one, webhookUrl: deadReceiver.url });
    await until(() => failing.stats().webhooksFailed === oneTotal);
    expect(deadReceiver.bodies).toHaveLength(3 * oneTotal);
  });

  it('dropWebhooks sends none (status still completes); duplicateWebhooks sends each twice', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, faults: { dropWebhooks: true } });
    const receiver = await webhookReceiver();
    const recs = records(30);
    const total = expectedEmails(recs).flat().length;
    const client = clientFor(sim);
    const { jobId } = await client.submitBulk({ records: recs, webhookUrl: receiver.url });
    await sleep(80);
    expect(receiver.bodies).toHaveLength(0);
    expect(await client.bulkStatus(jobId)).toMatchObject({ completed: true, total: 30 });
    expect(sim.stats().webhooksSent).toBe(0);

    sim.setFaults({ duplicateWebhooks: true });
    await client.submitBulk({ records: recs, webhookUrl: receiver.url });
    await until(() => receiver.bodies.length >= 2 * total);
    await sleep(30);
    expect(receiver.bodies).toHaveLength(2 * total);
    const ids = receiver.bodies.map((b) => (b as { webhook_id: string }).webhook_id);
    expect(new Set(ids).size).toBe(total);
    expect(sim.stats().webhooksSent).toBe(2 * total);
    // Deduplication by matchResults: each person gets each email once.
    const matched = matchResults(
      recs,
      receiver.bodies.map((b) => (b as LeadGeniusWebhook).result),
    );
    recs.forEach((r) => expect(sorted(matched.emailsByExternalId.get(r.externalId))).toEqual(sorted(deriveLeadGeniusEmails(r))));
  });

  it('the client retries 5XX with backoff, then gives up with VendorTransientError', async () => {
    const sim = await simulator({ faults: { serverErrorRate: 0.5, seed: 7 } });
    const delays: number[] = [];
    const client = clientFor(sim, { retry: { maxAttempts: 10, baseDelayMs: 4 }, sleep: async (ms) => void delays.push(ms) });
    for (let i = 0; i < 5; i++) await client.submitBulk({ records: records(2, `b${i}`) });
    const stats = sim.stats();
    expect(stats.bulkJobsAccepted).toBe(5);
    expect(stats.rejected[500]).toBeGreaterThan(0);
    expect(delays).toHaveLength(stats.rejected[500] as number);

    sim.setFaults({ serverErrorRate: 1 });
    const error = await clientFor(sim, { retry: { maxAttempts: 3, baseDelayMs: 1 } })
      .submitBulk({ records: records(1) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: 500, attempts: 3 });
  });

  it('retries network failures', async () => {
    let calls = 0;
    const client = new LeadGeniusClient({
      baseUrl: 'http://vendor.invalid',
      apiKey: KEY,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      fetchImpl: async () => {
        calls += 1;
        if (calls < 3) throw new TypeError('fetch failed');
        return new Response(JSON.stringify({ status: 202, job_id: 1232 }), { status: 202 });
      },
    });
    await expect(client.submitBulk({ records: records(1) })).resolves.toEqual({
      jobId: '1232',
      reading: { idField: 'job_id', httpStatus: 202 },
    });
    expect(calls).toBe(3);
  });
});

describe('LeadGenius pure parts', () => {
  it('deriveLeadGeniusEmails: deterministic, ~15% none / ~70% one / ~15% two', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      const item = { first: `First${i}`, last: `Last${i}`, domain: 'example.com' };
      const emails = deriveLeadGeniusEmails(item);
      expect(deriveLeadGeniusEmails({ ...item })).toEqual(emails);
      counts[emails.length] = (counts[emails.length] ?? 0) + 1;
      if (emails.length) expect(emails[0]).toBe(`first${i}.last${i}@example.com`);
      if (emails.length === 2) expect(emails[1]).toBe(`flast${i}@example.com`);
    }
    expect(counts[0] / 3000).toBeGreaterThan(0.12);
    expect(counts[0] / 3000).toBeLessThan(0.18);
    expect(counts[2] / 3000).toBeGreaterThan(0.12);
    expect(counts[2] / 3000).toBeLessThan(0.18);
  });

  it('parseLeadGeniusWebhook accepts the documented example and rejects bad bodies without echoing values', () => {
    const doc = {
      status: 200,
      webhook_id: '1;2;foo@leadgenius.com',
      result: { bulk_id: 2, domain: 'leadgenius.com', first: 'foo', jobid: 2, last: 'bar', middle: '', email: 'foo@leadgenius.com' },
    };
    expect(parseLeadGeniusWebhook(doc).success).toBe(true);
    expect(splitWebhookId('1;2;foo@leadgenius.com')).toEqual({ bulkId: '1', subJobId: '2', email: 'foo@leadgenius.com' });
    expect(splitWebhookId('1;foo@leadgenius.com')).toBeUndefined();

    const bad = parseLeadGeniusWebhook({ ...doc, webhook_id: 'secret-value', result: { ...doc.result, email: 'nope' } });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(bad.error).toContain('webhook_id');
      expect(bad.error).toContain('result.email');
      expect(bad.error).not.toContain('secret-value');
    }
  });

  it('matchResults maps results back to every external id sharing a normalized person', () => {
    const recs: LeadGeniusRecord[] = [
      { externalId: 'r1', first: 'Ada', last: 'Lovelace', domain: 'analytical.io' },
      { externalId: 'r2', first: ' ada ', last: 'LOVELACE', domain: 'WWW.Analytical.io' }, // same person, another row
      { externalId: 'r3', first: 'Ada', middle: 'B', last: 'Lovelace', domain: 'analytical.io' }, // middle differs
      { externalId: 'r4', first: 'Ada', last: 'Lovelace', domain: 'other.org' }, // domain differs
      { externalId: 'r5', first: 'Grace', last: 'Hopper', domain: 'navy.mil' },
      { externalId: 'r6', first: 'Alan', last: 'Turing', domain: 'bletchley.uk' },
    ];
    const { emailsByExternalId, unmatched } = matchResults(recs, [
      { first: 'ada', middle: '', last: 'lovelace', email: 'ada.lovelace@analytical.io' },
      { first: 'Ada', middle: '', last: 'Lovelace', email: 'alovelace@analytical.io' },
      { first: 'Ada', middle: '', last: 'Lovelace', email: 'ada.lovelace@analytical.io' }, // a repeat
      { first: 'Ada', middle: 'B', last: 'Lovelace', email: 'ada.b@analytical.io', domain: 'analytical.io' },
      { first: 'Grace', middle: '', last: 'Hopper', email: 'grace@navy-alias.mil' }, // other domain, unique name
      { first: 'Ada', middle: '', last: 'Lovelace', email: 'ada@elsewhere.net' }, // ambiguous name, unknown domain
      { first: 'Nobody', middle: '', last: 'Known', email: 'n@k.com' },
    ]);
    expect(Object.fromEntries(emailsByExternalId)).toEqual({
      r1: ['ada.lovelace@analytical.io', 'alovelace@analytical.io'],
      r2: ['ada.lovelace@analytical.io', 'alovelace@analytical.io'],
      r3: ['ada.b@analytical.io'],
      r4: [],
      r5: ['grace@navy-alias.mil'],
      r6: [],
    });
    expect(unmatched.map((u) => u.email)).toEqual(['ada@elsewhere.net', 'n@k.com']);
  });
});
