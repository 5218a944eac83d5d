import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pollUntilDone } from './leadspaceSupport';
import type { BatchRecord } from '../../lambdas/core/lead';
import {
  LeadspaceClient,
  VendorFatalError,
  VendorTransientError,
  isRetry,
  parseLeadspaceCallback,
  toFinalRecordResult,
  toLeadspaceBulkItem,
  toRecordResult,
  type LeadspaceClientOptions,
  type LeadspaceResult,
} from '../../lambdas/vendors/leadspace';
import { fullJitterDelayMs } from '../../lambdas/vendors/retry';
import { deriveLeadspaceEnrichment, startLeadspaceSimulator, type LeadspaceSimulator, type LeadspaceSimulatorOptions } from '../../local/simulators/leadspace';

const TOKEN = 'test-token';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function simulator(options: Partial<LeadspaceSimulatorOptions> = {}): Promise<LeadspaceSimulator> {
  const sim = await startLeadspaceSimulator({ tokens: [TOKEN], processingDelayMs: 20, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

function clientFor(sim: LeadspaceSimulator, overrides: Partial<LeadspaceClientOptions> = {}): LeadspaceClient {
  return new LeadspaceClient({ baseUrl: sim.url, token: TOKEN, retry: { baseDelayMs: 1, maxAttempts: 4 }, ...overrides });
}

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Liskov', 'Ritchie', 'Allen', 'Thompson'];
const COMPANIES = [
  { companyName: 'Analytical Engines', domain: 'analytical.io' },
  { companyName: 'Café Zürich GmbH' },
  { domain: 'linux-foundation.org' },
  { companyName: 'Acme Corp', domain: 'acme.com', country: 'Germany', city: 'Munich' },
];

/** Varied, valid leads: some with email, some with only a company name or website, some with title/phone. */
function leads(count: number, prefix = 'r'): BatchRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length] as string;
    const lastName = `${LAST_NAMES[i % LAST_NAMES.length]}${'x'.repeat(Math.floor(i / 90))}`;
    const company = COMPANIES[i % COMPANIES.length];
    return {
      externalId: `${prefix}${i}`,
      lead: {
        firstName,
        lastName,
        ...company,
        ...(i % 3 === 0 && { email: `${firstName}.${lastName}.${i}@mail-${i % 7}.example`.toLowerCase() }),
        ...(i % 5 === 0 && { title: 'Head of Research' }),
        ...(i % 4 === 0 && { phone: '+1 415 555 0100' }),
      },
    };
  });
}

function byExternalId(results: LeadspaceResult[]): Map<string, LeadspaceResult> {
  return new Map(results.map((r) => [r.external_id, r]));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

interface CallbackReceiver {
  url: string;
  bodies: unknown[];
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

async function callbackReceiver(): Promise<CallbackReceiver> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(raw));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks/leadspace?round=1`,
    bodies,
    // The bound only turns a hang into a clear failure; a slow machine only waits longer.
    async waitFor(count, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (bodies.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, got ${bodies.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Leadspace client against the simulator', () => {
  it('submits a bulk, polls it to done, and every result equals the deterministic enrichment', async () => {
    // Processing takes long enough that the first poll, right after the submission, finds it still running.
    const sim = await simulator({ processingDelayMs: 1_500 });
    const client = clientFor(sim);
    const records = leads(120);

    const submitted = await client.submitBulk({ records, externalBulkId: 'job-1:batch-1:1' });
    expect(submitted.pollingPath).toBe(`/v3/enrichment/results/${submitted.bulkId}`);
    expect(await client.getResults(submitted.pollingPath)).toEqual({ state: 'processing' });

    const done = await pollUntilDone(client, submitted.pollingPath);
    expect(done.externalBulkId).toBe('job-1:batch-1:1');
    expect(done.results).toHaveLength(records.length);

    const results = byExternalId(done.results);
    const statuses = new Set<string>();
    for (const record of records) {
      const result = results.get(record.externalId);
      const expected = deriveLeadspaceEnrichment(toLeadspaceBulkItem(record));
      expect(result?.status).toBe('success');
      expect(result?.data).toEqual(expected);

      const mapped = toRecordResult(result as LeadspaceResult);
      if (isRetry(mapped)) throw new Error('unexpected retry');
      statuses.add(mapped.status);
      expect(mapped.externalId).toBe(record.externalId);
      expect(mapped.values.enrichment_level).toBe(expected.enrichment_status);
      expect(mapped.values.company_employees).toBe(expected.company ? String(expected.company.size.exact) : undefined);
      expect(mapped.values.person_linkedin_url).toBe(expected.person?.linkedin_profile);
    }
    // 120 records are enough to see every enrichment outcome.
    expect([...statuses].sort()).toEqual(['enriched', 'not_found', 'partially_enriched']);
    expect(sim.stats()).toMatchObject({ bulksAccepted: 1, recordsReceived: 120, billedRecords: 120 });
  });

  it('maps a fully enriched record to the vendor-neutral fields', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    // Search for a lead the simulator enriches fully, so the assertion below is exact.
    const record = leads(60).find((r) => deriveLeadspaceEnrichment(toLeadspaceBulkItem(r)).enrichment_status === 'Person & Company Enriched') as BatchRecord;
    const submitted = await client.submitBulk({ records: [record], externalBulkId: 'b' });
    const [result] = (await pollUntilDone(client, submitted.pollingPath)).results;
    const data = deriveLeadspaceEnrichment(toLeadspaceBulkItem(record));
    const person = data.person;
    const company = data.company;
    expect(person && company).toBeTruthy();
    expect(toRecordResult(result as LeadspaceResult)).toEqual({
      externalId: record.externalId,
      status: 'enriched',
      values: {
        person_first_name: person?.first_name,
        person_last_name: person?.last_name,
        ...(person?.email && { person_email: person.email }),
        person_title: person?.title,
        person_department: person?.department,
        person_level: person?.level,
        person_phone: person?.phone,
        person_linkedin_url: person?.linkedin_profile,
        person_country: person?.address.country,
        ...(person?.address.state && { person_state: person.address.state }),
        ...(person?.address.city && { person_city: person.address.city }),
        ...(company?.name && { company_name: company.name }),
        ...(company?.website && { company_domain: company.website }),
        company_industry: company?.industry,
        company_sub_industry: company?.sub_industry,
        company_size_range: company?.size.range,
        company_employees: String(company?.size.exact),
        company_revenue_range: company?.revenue.range,
        company_phone: company?.phone,
        company_country: company?.address.country,
        ...(company?.address.state && { company_state: company.address.state }),
        ...(company?.address.city && { company_city: company.address.city }),
        ...(company?.linkedin_profile && { company_linkedin_url: company.linkedin_profile }),
        company_vendor_id: company?.ls_id,
        enrichment_level: 'Person & Company Enriched',
      },
    });
  });

  it('sends the documented request shape, with external_id at item level and absent fields omitted', () => {
    expect(toLeadspaceBulkItem({ externalId: 'e1', lead: { firstName: 'Ada', lastName: 'Lovelace', domain: 'analytical.io', city: 'London' } })).toEqual({
      person: { first_name: 'Ada', last_name: 'Lovelace' },
      company: { website: 'analytical.io', address: { city: 'London' } },
      external_id: 'e1',
    });
    expect(toLeadspaceBulkItem({ externalId: 'e2', lead: {} })).toEqual({ external_id: 'e2' });
  });

  it('reports an unknown bulk as not_found and refuses polling URLs that point at another host', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    expect(await client.getResults('/v3/enrichment/results/does-not-exist')).toEqual({ state: 'not_found' });
    await expect(client.getResults('https://elsewhere.example/v3/enrichment/results/x')).rejects.toBeInstanceOf(RangeError);
    await expect(client.getResults('//elsewhere.example/v3/enrichment/results/x')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('fatal vendor answers', () => {
  it('401: a wrong token is a VendorFatalError (unauthorized) and is not retried', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { token: 'wrong' });
    const error = await rejection(client.submitBulk({ records: leads(2), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({
      name: 'VendorFatalError',
      vendor: 'leadspace',
      httpStatus: 401,
      code: 'unauthorized',
      message: expect.stringContaining('Leadspace rejected the API token (HTTP 401)'),
    });
    await expect(client.getResults('/v3/enrichment/results/x')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sim.stats()).toMatchObject({ requests: 2, rejected: { 401: 2 }, bulksAccepted: 0 });
  });

  it('427: a bulk larger than the remaining credits is refused; a smaller one is accepted', async () => {
    const sim = await simulator({ credits: 2 });
    const client = clientFor(sim);
    const error = await rejection(client.submitBulk({ records: leads(3), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ httpStatus: 427, code: 'insufficient_credits' });
    expect((error as Error).message).toContain('Leadspace reports insufficient credits or an invalid program id (HTTP 427)');
    expect(sim.stats()).toMatchObject({ requests: 1, rejected: { 427: 1 } });

    const submitted = await client.submitBulk({ records: leads(2), externalBulkId: 'b' });
    await pollUntilDone(client, submitted.pollingPath);
    expect(sim.stats().billedRecords).toBe(2);
  });

  it('400: a bulk with no record meeting the minimum input, with a message free of input values', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const records: BatchRecord[] = [
      { externalId: 'a', lead: { email: 'secret.person@private.example', title: 'Chief Secret Officer' } },
      { externalId: 'b', lead: { firstName: 'Hidden', phone: '+44 20 7946 0000', city: 'Nowhereville' } },
    ];
    const error = await rejection(client.submitBulk({ records, externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ httpStatus: 400, code: 'bad_request' });
    const message = (error as Error).message;
    // The vendor's own text may quote input, so only the tracking id is kept.
    expect(message).toMatch(/^Leadspace rejected the bulk submission as invalid input \(HTTP 400\) \(tracking id [0-9a-f-]{36}\)$/);
    for (const value of records.flatMap((r) => Object.values(r.lead))) expect(message).not.toContain(value);
    expect(sim.stats()).toMatchObject({ requests: 1, bulksAccepted: 0 });
  });

  it('rejects more than 500 records before sending anything', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    await expect(client.submitBulk({ records: leads(501), externalBulkId: 'b' })).rejects.toBeInstanceOf(RangeError);
    expect(sim.stats().requests).toBe(0);
  });

  it('answers invalid JSON with 400 and the documented error body', async () => {
    const sim = await simulator();
    const response = await fetch(`${sim.url}/enrichment/enrich/bulk`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"data": [',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['details', 'error', 'request_timestamp', 'tracking_id']);
    expect(body.error).toBe('JSON format is invalid');
    expect(body.request_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

describe('transient failures', () => {
  it('submits in one attempt: a 5XX is not retried by the client (it may come after the vendor accepted)', async () => {
    const sim = await simulator({ faults: { serverErrorRate: 1 } });
    const sleeps: number[] = [];
    const client = clientFor(sim, { retry: { baseDelayMs: 1, maxAttempts: 5 }, sleep: async (ms) => void sleeps.push(ms) });
    const error = await rejection(client.submitBulk({ records: leads(2), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ name: 'VendorTransientError', vendor: 'leadspace', attempts: 1 });
    expect([500, 502, 503]).toContain((error as VendorTransientError).httpStatus);
    expect((error as Error).message).toMatch(/tracking id/);
    expect(sleeps).toHaveLength(0);
    expect(sim.stats()).toMatchObject({ requests: 1, bulksAccepted: 0 });
  });

  it('a 5XX after the vendor accepted the bulk: the client cannot tell, and the simulator billed it once', async () => {
    const sim = await simulator({ faults: { acceptThenFailRate: 1 } });
    const client = clientFor(sim, { retry: { baseDelayMs: 1, maxAttempts: 5 } });
    const error = await rejection(client.submitBulk({ records: leads(3), externalBulkId: 'b' }));
    expect(error).toMatchObject({ name: 'VendorTransientError', httpStatus: 500, attempts: 1 });
    // Processed (and billed) after its delay, however long a loaded machine takes to get there.
    await vi.waitFor(() => expect(sim.stats().billedRecords).toBe(3), { timeout: 60_000, interval: 10 });
    expect(sim.stats()).toMatchObject({ bulksAccepted: 1, acceptedThenFailed: 1, billedRecords: 3 });
  });

  it('retries injected 5XX on polling, which buys nothing', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { retry: { baseDelayMs: 2, maxAttempts: 10 } });
    const submitted = await client.submitBulk({ records: leads(10), externalBulkId: 'b' });
    sim.setFaults({ serverErrorRate: 0.5, seed: 7 });
    const done = await pollUntilDone(client, submitted.pollingPath);
    expect(done.results).toHaveLength(10);
    const stats = sim.stats();
    expect((stats.rejected[500] ?? 0) + (stats.rejected[502] ?? 0) + (stats.rejected[503] ?? 0)).toBeGreaterThan(0);
    expect(stats.bulksAccepted).toBe(1);
  });

  it('gives up polling with VendorTransientError when 5XX persists', async () => {
    const sim = await simulator({ faults: { serverErrorRate: 1 } });
    const sleeps: number[] = [];
    const client = clientFor(sim, { retry: { baseDelayMs: 1, maxAttempts: 3 }, sleep: async (ms) => void sleeps.push(ms) });
    const error = await rejection(client.getResults('/v3/enrichment/results/x'));
    expect(error).toMatchObject({ name: 'VendorTransientError', vendor: 'leadspace', attempts: 3 });
    expect(sleeps).toHaveLength(2);
    expect(sim.stats()).toMatchObject({ requests: 3 });
  });

  it('treats an unreachable vendor as transient, without an HTTP status', async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.close();
    const client = new LeadspaceClient({ baseUrl: url, token: TOKEN, retry: { baseDelayMs: 1, maxAttempts: 2 } });
    const error = await rejection(client.getResults('/v3/enrichment/results/x'));
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: undefined, attempts: 2 });
  });

  it('retries a timed-out attempt (slowResponseMs) as a network failure', async () => {
    // Each attempt's timer starts before its request is sent, in this process, and is shorter than the delay the
    // simulator (also in this process) starts once the request arrives: every attempt times out, on any machine.
    const sim = await simulator({ faults: { slowResponseMs: 100 } });
    const client = clientFor(sim, { requestTimeoutMs: 20, retry: { baseDelayMs: 1, maxAttempts: 2 } });
    await expect(client.getResults('/v3/enrichment/results/x')).rejects.toMatchObject({
      name: 'VendorTransientError',
      httpStatus: undefined,
      attempts: 2,
    });
    // The simulator answers again once the fault is off. Asked by a client with the default timeout: how fast a
    // loaded machine answers on loopback is not what this test is about.
    sim.setFaults({});
    expect(await clientFor(sim).getResults('/v3/enrichment/results/x')).toEqual({ state: 'not_found' });
  });

  it('answers 429 when the backlog is full, which the client reports as transient (nothing accepted)', async () => {
    const sim = await simulator({ backlogLimit: 3, processingDelayMs: 1000 });
    const client = clientFor(sim, { retry: { baseDelayMs: 1, maxAttempts: 2 } });
    await client.submitBulk({ records: leads(3), externalBulkId: 'first' });
    await expect(client.submitBulk({ records: leads(1), externalBulkId: 'second' })).rejects.toMatchObject({
      name: 'VendorTransientError',
      httpStatus: 429,
    });
    expect(sim.stats().rejected).toEqual({ 429: 1 });
  });

  it('full jitter stays within the exponential ceiling and the cap', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 350 };
    expect(fullJitterDelayMs(1, policy, () => 0.999)).toBe(99);
    expect(fullJitterDelayMs(2, policy, () => 0.999)).toBe(199);
    expect(fullJitterDelayMs(3, policy, () => 0.999)).toBe(349);
    expect(fullJitterDelayMs(4, policy, () => 0)).toBe(0);
  });
});

describe('record-level errors and billing', () => {
  it('1100 on first processing becomes a retry; resubmitting the same records succeeds', async () => {
    const sim = await simulator({ faults: { internalErrorRate: 1 } });
    const client = clientFor(sim);
    const records = leads(5);

    const first = await client.submitBulk({ records, externalBulkId: 'round-1' });
    const firstDone = await pollUntilDone(client, first.pollingPath);
    for (const result of firstDone.results) {
      expect(result).toMatchObject({ status: 'failure', errors: [{ code: 1100 }] });
      expect(toRecordResult(result)).toEqual({ retry: true, externalId: result.external_id });
      expect(toFinalRecordResult(result)).toEqual({
        externalId: result.external_id,
        status: 'failed: leadspace 1100 internal error',
        values: {},
      });
    }
    expect(sim.stats().billedRecords).toBe(0);

    const second = await client.submitBulk({ records, externalBulkId: 'round-2' });
    const results = byExternalId((await pollUntilDone(client, second.pollingPath)).results);
    for (const record of records) {
      expect(results.get(record.externalId)?.status).toBe('success');
      expect(results.get(record.externalId)?.data).toEqual(deriveLeadspaceEnrichment(toLeadspaceBulkItem(record)));
    }
    expect(sim.stats().billedRecords).toBe(5);
  });

  it('chooses 1100 records from their content, the same way in every simulator', async () => {
    const records = leads(40);
    const failedIds = async (): Promise<string[]> => {
      const sim = await simulator({ faults: { internalErrorRate: 0.5 } });
      const client = clientFor(sim);
      const submitted = await client.submitBulk({ records, externalBulkId: 'b' });
      const done = await pollUntilDone(client, submitted.pollingPath);
      return done.results.filter((r) => r.status === 'failure').map((r) => r.external_id);
    };
    const first = await failedIds();
    expect(first.length).toBeGreaterThan(5);
    expect(first.length).toBeLessThan(35);
    expect(await failedIds()).toEqual(first);
  });

  it('1200 for a name containing a digit or a missing last name; record errors are not billed', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const good = leads(3);
    const records: BatchRecord[] = [
      ...good,
      { externalId: 'digit', lead: { firstName: 'J0hn', lastName: 'Smith', companyName: 'Acme Corp' } },
      { externalId: 'no-last', lead: { firstName: 'John', companyName: 'Acme Corp' } },
    ];
    const submitted = await client.submitBulk({ records, externalBulkId: 'b' });
    const results = byExternalId((await pollUntilDone(client, submitted.pollingPath)).results);
    for (const id of ['digit', 'no-last']) {
      const result = results.get(id) as LeadspaceResult;
      expect(result).toMatchObject({ status: 'failure', errors: [{ code: 1200 }] });
      expect(toRecordResult(result)).toEqual({ externalId: id, status: 'rejected: invalid input', values: {} });
    }
    expect(sim.stats()).toMatchObject({ billedRecords: 3, recordsReceived: 5 });
  });
});

describe('callbacks', () => {
  async function submitWithCallback(options: Partial<LeadspaceSimulatorOptions>) {
    const sim = await simulator(options);
    const receiver = await callbackReceiver();
    const client = clientFor(sim);
    const records = leads(12);
    const submitted = await client.submitBulk({ records, externalBulkId: 'b', callbackUrl: receiver.url });
    return { sim, receiver, client, records, submitted };
  }

  it('posts the documented callback once when the bulk completes', async () => {
    const { sim, receiver, records, submitted } = await submitWithCallback({});
    await receiver.waitFor(1);
    await settle();
    expect(receiver.bodies).toHaveLength(1);

    const derived = records.map((r) => deriveLeadspaceEnrichment(toLeadspaceBulkItem(r)).enrichment_status);
    expect(receiver.bodies[0]).toEqual({
      bulkId: submitted.bulkId,
      callbackMethod: { callbackUrl: receiver.url, pollingUrl: `${sim.url}${submitted.pollingPath}` },
      bulkStatus: 'COMPLETED',
      successRecords: 12,
      personEnriched: derived.filter((s) => s === 'Person Enriched' || s === 'Person & Company Enriched').length,
      companyEnriched: derived.filter((s) => s === 'Company Enriched' || s === 'Person & Company Enriched').length,
    });
    expect(sim.stats().callbacksSent).toBe(1);
  });

  it('posts it twice with duplicateCallbacks', async () => {
    const { sim, receiver } = await submitWithCallback({ faults: { duplicateCallbacks: true } });
    await receiver.waitFor(2);
    await settle();
    expect(receiver.bodies).toHaveLength(2);
    expect(receiver.bodies[1]).toEqual(receiver.bodies[0]);
    expect(sim.stats().callbacksSent).toBe(2);
  });

  it('never posts it with dropCallbacks, though results are ready', async () => {
    const { sim, receiver, client, submitted } = await submitWithCallback({ faults: { dropCallbacks: true } });
    await pollUntilDone(client, submitted.pollingPath);
    await settle();
    expect(receiver.bodies).toHaveLength(0);
    expect(sim.stats().callbacksSent).toBe(0);
  });

  it('reports INSUFFICIENT_CREDITS when credits run out mid-processing', async () => {
    const sim = await simulator({ credits: 5 });
    const receiver = await callbackReceiver();
    const client = clientFor(sim);
    // Both pass the submission check (4 <= 5): credits are checked, not reserved. Held, neither is processed
    // before the other is accepted, however slow the machine.
    const release = sim.holdProcessing();
    const first = await client.submitBulk({ records: leads(4, 'a'), externalBulkId: 'a', callbackUrl: receiver.url });
    const second = await client.submitBulk({ records: leads(4, 'b'), externalBulkId: 'b', callbackUrl: receiver.url });
    release();
    await receiver.waitFor(2);

    const callbacks = receiver.bodies as Array<{ bulkId: string }>;
    const statusOf = (bulkId: string) => callbacks.find((c) => c.bulkId === bulkId);
    expect(statusOf(first.bulkId)).toMatchObject({ bulkStatus: 'COMPLETED', successRecords: 4 });
    expect(statusOf(second.bulkId)).toMatchObject({ bulkStatus: 'INSUFFICIENT_CREDITS', successRecords: 1 });
    expect((await pollUntilDone(client, second.pollingPath)).results).toHaveLength(1);
    expect(sim.stats().billedRecords).toBe(5);
  });

  it('reads a callback in every reading the document allows, as long as it names a bulk', () => {
    const full = {
      bulkId: 'x',
      callbackMethod: { callbackUrl: 'https://cb.example/x', pollingUrl: 'https://apigw.example/v3/enrichment/results/x' },
      bulkStatus: 'COMPLETED',
      successRecords: 1,
      personEnriched: 1,
      companyEnriched: 0,
      somethingNew: true,
    };
    expect(parseLeadspaceCallback(full)).toMatchObject({
      success: true,
      data: { bulkId: 'x', pollingPath: '/v3/enrichment/results/x', bulkStatus: 'COMPLETED', reading: { bulkIdFrom: 'bulkId' } },
    });
    // Only the bulk id; a status in another letter case; an undocumented status is no status.
    expect(parseLeadspaceCallback({ bulkId: 'x' })).toMatchObject({ success: true, data: { bulkId: 'x', reading: { fields: ['bulkId'] } } });
    expect(parseLeadspaceCallback({ ...full, bulkStatus: 'insufficient_credits' })).toMatchObject({ data: { bulkStatus: 'INSUFFICIENT_CREDITS' } });
    expect((parseLeadspaceCallback({ ...full, bulkStatus: 'DONE' }) as { data: object }).data).not.toHaveProperty('bulkStatus');
    // No bulkId, but a polling URL of the documented form names it.
    expect(parseLeadspaceCallback({ callbackMethod: { pollingUrl: 'https://apigw.example/v3/enrichment/results/abc-1' } })).toMatchObject({
      success: true,
      data: { bulkId: 'abc-1', pollingPath: '/v3/enrichment/results/abc-1', reading: { bulkIdFrom: 'pollingUrl' } },
    });
    // A polling URL naming another bulk than bulkId is not trusted as a path.
    expect((parseLeadspaceCallback({ ...full, bulkId: 'y' }) as { data: object }).data).not.toHaveProperty('pollingPath');
    // Nothing that names a bulk, or an id that could not be one, is refused without echoing the body.
    const bad = parseLeadspaceCallback({ bulkStatus: 'COMPLETED', note: 'jane.doe@example.com' });
    expect(bad).toMatchObject({ success: false });
    expect(JSON.stringify(bad)).not.toContain('jane.doe');
    expect(parseLeadspaceCallback({ bulkId: '../../admin' })).toMatchObject({ success: false });
    expect(parseLeadspaceCallback('not an object')).toMatchObject({ success: false });
  });
});

describe('result mapping', () => {
  const base: LeadspaceResult = { status: 'success', errors: [], external_id: 'e', data: null };

  it('normalizes the website to a domain, stringifies numbers and drops empty values', () => {
    const mapped = toRecordResult({
      ...base,
      data: {
        enrichment_status: 'Company Enriched',
        person: null,
        company: { name: ' Acme ', website: 'https://www.Acme.com/about', size: { range: '', exact: 1234 }, phone: '' },
      },
    });
    expect(mapped).toEqual({
      externalId: 'e',
      status: 'partially_enriched',
      values: { company_name: 'Acme', company_domain: 'acme.com', company_employees: '1234', enrichment_level: 'Company Enriched' },
    });
  });

  it('maps enrichment statuses and record error codes', () => {
    expect(toRecordResult({ ...base, data: { enrichment_status: 'Not Enriched' } })).toMatchObject({ status: 'not_found' });
    expect(toRecordResult({ ...base, data: { enrichment_status: 'Person Enriched', person: { first_name: 'A' } } })).toMatchObject({
      status: 'partially_enriched',
    });
    // An undocumented status is judged by the data that came back.
    expect(toRecordResult({ ...base, data: { enrichment_status: 'Mystery', person: { title: 'CEO' }, company: { name: 'Acme' } } })).toMatchObject({
      status: 'enriched',
    });
    const failure = (code: number): LeadspaceResult => ({ ...base, status: 'failure', errors: [{ code, description: null }] });
    expect(toRecordResult(failure(1300))).toEqual({ externalId: 'e', status: 'failed: leadspace 1300', values: {} });
    expect(toRecordResult({ ...base, status: 'failure', errors: [] })).toMatchObject({
      status: 'failed: leadspace failure without error code',
    });
  });
});

describe('deterministic enrichment', () => {
  it('spreads outcomes roughly as documented in the simulator', () => {
    const counts: Record<string, number> = {};
    const total = 4000;
    for (let i = 0; i < total; i++) {
      const status = deriveLeadspaceEnrichment({
        person: { first_name: 'Test', last_name: `Person`, email: `person.${i}@example.com` },
      }).enrichment_status;
      counts[status] = (counts[status] ?? 0) + 1;
    }
    const share = (status: string) => (counts[status] ?? 0) / total;
    expect(share('Not Enriched')).toBeCloseTo(0.08, 1);
    expect(share('Company Enriched')).toBeCloseTo(0.1, 1);
    expect(share('Person Enriched')).toBeCloseTo(0.07, 1);
    expect(share('Person & Company Enriched')).toBeCloseTo(0.75, 1);
  });

  it('derives email, company and LinkedIn handle from the input', () => {
    const item = { person: { first_name: 'José', last_name: 'Müller' }, company: { website: 'https://www.Blue-Widgets.io/en' } };
    const data = deriveLeadspaceEnrichment(item);
    expect(data.enrichment_status).toBe('Person & Company Enriched');
    expect(data.person?.email).toBe('jose.muller@blue-widgets.io');
    expect(data.person?.linkedin_profile).toMatch(/^https:\/\/www\.linkedin\.com\/in\/jose-muller-[0-9a-f]{6}$/);
    expect(data.company?.name).toBe('Blue Widgets');
    expect(data.company?.website).toBe('blue-widgets.io');
    expect(deriveLeadspaceEnrichment(structuredClone(item))).toEqual(data);
  });

  it('echoes a partial input address without completing it, and validates an input phone', () => {
    const data = deriveLeadspaceEnrichment({
      person: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@analytical.io', phone: '+44 20 7946 0000' },
      company: { name: 'Analytical Engines', address: { city: 'London' } },
    });
    expect(data.enrichment_status).toBe('Person & Company Enriched');
    expect(data.company?.address).toEqual({ city: 'London' });
    expect(data.person?.data_validation).toEqual({ phone: { status: 'VALID', normalize_value: '+442079460000' } });
  });
});
