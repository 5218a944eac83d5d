/*
 * Every reading the LeadGenius document allows, answered by the simulator in that dialect over real HTTP on
 * loopback, against the client and against Leadflow's LeadGenius step (the adapter Submit, Poll and Collect use,
 * with DynamoDB, S3 and Secrets Manager emulated). Time that matters runs on a clock the test moves by hand; the
 * simulator's processing (a real-time timer) is awaited on its stats, never on a fixed sleep.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LeadGeniusClient,
  VendorFatalError,
  VendorProtocolError,
  VendorTransientError,
  matchResults,
  parseLeadGeniusWebhook,
  readLeadGeniusStatus,
  type LeadGeniusRecord,
  type LeadGeniusWebhook,
} from '../../lambdas/vendors/leadgenius';
import { leadGeniusClientFromSecret } from '../../lambdas/aws/leadgenius';
import { secretBaseUrl, secretBaseUrlWithHttpOptIn } from '../../lambdas/aws/secretBaseUrl';
import { deriveLeadGeniusEmails, startLeadGeniusSimulator, type LeadGeniusSimulator } from '../../local/simulators/leadgenius';
import { KEY, afterThisTest, clientFor, manualClock, simulator } from './leadgeniusSupport';

/** A client whose every answer is `respond()`: for bodies no simulator dialect produces. */
function stubClient(respond: () => Response): LeadGeniusClient {
  return new LeadGeniusClient({ baseUrl: 'http://vendor.invalid', apiKey: KEY, retry: { maxAttempts: 1 }, fetchImpl: async () => respond() });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const PEOPLE = [
  { first: 'Ada', last: 'Lovelace', domain: 'analytical.io' },
  { first: 'Grace', last: 'Hopper', domain: 'navy.mil' },
  { first: 'Alan', last: 'Turing', domain: 'bletchley.uk' },
  { first: 'Radia', last: 'Perlman', domain: 'dec.com' },
  { first: 'Ken', last: 'Thompson', domain: 'bell-labs.com' },
  { first: 'Frances', last: 'Allen', domain: 'ibm.com' },
];

function records(count: number, prefix = 'r'): LeadGeniusRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const person = PEOPLE[i % PEOPLE.length]!;
    return { externalId: `${prefix}${i}`, first: person.first, last: `${person.last}${i}`, domain: person.domain };
  });
}

/** The bound only turns a hang into a clear failure; a slow machine only waits longer. */
async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The simulator has processed (and billed) this many objects: results are ready. */
const processed = (sim: LeadGeniusSimulator, objects: number) => until(() => sim.stats().billedObjects >= objects);

async function webhookReceiver(): Promise<{ url: string; bodies: unknown[] }> {
  const receiver = { url: '', bodies: [] as unknown[] };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      receiver.bodies.push(JSON.parse(raw));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  afterThisTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return receiver;
}

describe('bulk acceptance: job_id or id, HTTP 200 or 202', () => {
  it.each([
    { acceptIdField: 'job_id', acceptStatus: 202 },
    { acceptIdField: 'id', acceptStatus: 202 },
    { acceptIdField: 'job_id', acceptStatus: 200 },
    { acceptIdField: 'id', acceptStatus: 200 },
  ] as const)('accepts $acceptIdField with HTTP $acceptStatus and reports that reading', async (dialect) => {
    const sim = await simulator({ dialect });
    const raw = await fetch(`${sim.url}/emailguess/v1/bulk/job`, {
      method: 'POST',
      headers: { 'X-LG-API-KEY': KEY },
      body: JSON.stringify({ data: [{ first: 'Chris', middle: '', last: 'George', domain: 'foo.com' }] }),
    });
    // The simulator really answers in that dialect (and only that field).
    expect(raw.status).toBe(dialect.acceptStatus);
    expect(await raw.json()).toEqual({ status: dialect.acceptStatus, [dialect.acceptIdField]: 1 });

    const recs = records(4);
    const accepted = await clientFor(sim).submitBulk({ records: recs });
    expect(accepted).toEqual({ jobId: '2', reading: { idField: dialect.acceptIdField, httpStatus: dialect.acceptStatus } });
    await processed(sim, 5);
    const status = await clientFor(sim).bulkStatus(accepted.jobId);
    expect(status).toMatchObject({ completed: true, total: 4 });
    expect(status.results.map((r) => r.email).sort()).toEqual(recs.flatMap((r) => deriveLeadGeniusEmails(r)).sort());
  });

  it('takes a string id ("somejobid" in the document): status calls and webhooks use it', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, dialect: { acceptIdField: 'id', jobIdAs: 'string' } });
    const receiver = await webhookReceiver();
    const recs = records(6);
    const expected = recs.flatMap((r) => deriveLeadGeniusEmails(r));
    const accepted = await clientFor(sim).submitBulk({ records: recs, webhookUrl: receiver.url });
    expect(accepted).toEqual({ jobId: 'bulk-1', reading: { idField: 'id', httpStatus: 202 } });

    await until(() => receiver.bodies.length >= expected.length);
    for (const body of receiver.bodies) {
      const parsed = parseLeadGeniusWebhook(body);
      expect(parsed.success).toBe(true);
      if (parsed.success) expect(parsed.data.result.bulk_id).toBe('bulk-1');
    }
    const status = await clientFor(sim).bulkStatus(accepted.jobId);
    expect(status.completed).toBe(true);
    expect(status.results).toHaveLength(expected.length);
  });

  it('setDialect switches the answers of a running simulator; jobs keep the id they were given', async () => {
    const sim = await simulator({ dialect: { jobIdAs: 'string' } });
    const client = clientFor(sim);
    const first = await client.submitBulk({ records: records(1) });
    sim.setDialect({ acceptIdField: 'id', acceptStatus: 200 });
    const second = await client.submitBulk({ records: records(1) });
    expect(first).toEqual({ jobId: 'bulk-1', reading: { idField: 'job_id', httpStatus: 202 } });
    expect(second).toEqual({ jobId: '2', reading: { idField: 'id', httpStatus: 200 } });
    await processed(sim, 2);
    await expect(client.bulkStatus(first.jobId)).resolves.toMatchObject({ completed: true, total: 1 });
    expect(() => sim.setDialect({ statusNotFoundUntilMs: -1 })).toThrow(RangeError);
  });

  it('prefers job_id when both are sent; refuses an acceptance without a usable id', async () => {
    const both = await stubClient(() => json(202, { status: 202, job_id: 77, id: 'other' })).submitBulk({ records: records(1) });
    expect(both).toEqual({ jobId: '77', reading: { idField: 'job_id', httpStatus: 202 } });
    const idOnly = await stubClient(() => json(200, { status: 200, job_id: null, id: 'abc-123' })).submitBulk({ records: records(1) });
    expect(idOnly).toEqual({ jobId: 'abc-123', reading: { idField: 'id', httpStatus: 200 } });

    for (const body of [{ status: 200 }, { id: '' }, { id: 'has a space' }, { job_id: 1.5 }, { id: { nested: 1 } }, ['1']]) {
      const error = await stubClient(() => json(200, body))
        .submitBulk({ records: records(1) })
        .catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(VendorProtocolError);
      expect((error as Error).message).toMatch(/HTTP 200 but its body has no job_id or id/);
    }
    // 201 is in no reading of the document.
    await expect(stubClient(() => json(201, { job_id: 1 })).submitBulk({ records: records(1) })).rejects.toBeInstanceOf(VendorProtocolError);
  });
});

describe('403: a rate limit or a bad key', () => {
  it('a 403 rate limit (rateLimitStatus 403) is transient, for the status call and the bulk job alike', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, limits: { objectsPerHour: 10 }, dialect: { rateLimitStatus: 403 } });
    const client = clientFor(sim, { retry: { maxAttempts: 1 } });
    const { jobId } = await client.submitBulk({ records: records(10) });

    await client.bulkStatus(jobId);
    const raw = await fetch(`${sim.url}/v1/emailguess/bulk/job/status/${jobId}`, { headers: { 'X-LG-API-KEY': KEY } });
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({ status: 403, error: expect.stringMatching(/rate limit exceeded/i) });

    const status = await client.bulkStatus(jobId).catch((e: unknown) => e);
    expect(status).toBeInstanceOf(VendorTransientError);
    expect(status).toMatchObject({ httpStatus: 403, attempts: 1, message: 'LeadGenius rate limited the bulk job status (HTTP 403)' });

    const submit = await client.submitBulk({ records: records(1) }).catch((e: unknown) => e);
    expect(submit).toBeInstanceOf(VendorTransientError);
    expect(submit).toMatchObject({ httpStatus: 403, message: 'LeadGenius rate limited the bulk job submission (HTTP 403)' });
    expect(sim.stats().limitViolations).toEqual({ objects: 1, status: 2 });

    // Waiting is what helps: a minute later the status call goes through.
    clock.advance(60_001);
    await expect(client.bulkStatus(jobId)).resolves.toMatchObject({ total: 10 });
  });

  it('a 403 for a bad key stays fatal in the same dialect', async () => {
    const sim = await simulator({ dialect: { rateLimitStatus: 403 } });
    const client = clientFor(sim, { apiKey: 'revoked' });
    const submit = await client.submitBulk({ records: records(1) }).catch((e: unknown) => e);
    expect(submit).toBeInstanceOf(VendorFatalError);
    expect(submit).toMatchObject({ code: 'unauthorized', httpStatus: 403 });
    await expect(client.bulkStatus('1')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sim.stats().requests).toBe(2);
  });

  it('reads the limit from the body, case-insensitively, within a capped read, and never quotes it', async () => {
    const limited = [
      JSON.stringify({ status: 403, error: 'Too Many Requests' }),
      JSON.stringify({ message: 'Monthly QUOTA used up' }),
      JSON.stringify({ status: 403, error: 'Limit exceeded for Secretname at secret-domain.com' }),
      'THROTTLED',
      JSON.stringify({ error: 'ratelimit' }),
    ];
    for (const body of limited) {
      const error = await stubClient(() => new Response(body, { status: 403 }))
        .bulkStatus('1')
        .catch((e: unknown) => e);
      expect(error, body).toBeInstanceOf(VendorTransientError);
      expect((error as Error).message).toBe('LeadGenius rate limited the bulk job status (HTTP 403)');
    }
    const keyProblems = [
      JSON.stringify({ status: 403, error: 'Unauthorized' }),
      '',
      'Forbidden',
      // The limit words past the cap are never read: the body is not ours to buffer.
      `{"error": "${'x'.repeat(64 * 1024)} rate limit"}`,
    ];
    for (const body of keyProblems) {
      const error = await stubClient(() => new Response(body, { status: 403 }))
        .submitBulk({ records: records(1) })
        .catch((e: unknown) => e);
      expect(error, body.slice(0, 40)).toBeInstanceOf(VendorFatalError);
      expect(error).toMatchObject({ code: 'unauthorized' });
    }
    // 429 stays transient whatever its body says.
    await expect(stubClient(() => new Response('', { status: 429 })).bulkStatus('1')).rejects.toBeInstanceOf(VendorTransientError);
  });
});

describe('bulk status: 404 for an accepted job, and lenient bodies', () => {
  it('a 404 (statusNotFoundUntilMs) reads as not known yet, then the completed status arrives', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, dialect: { statusNotFoundUntilMs: 5 * 60_000 } });
    const client = clientFor(sim);
    const recs = records(12);
    const { jobId } = await client.submitBulk({ records: recs });
    await processed(sim, 12);

    expect(await client.bulkStatus(jobId)).toEqual({ results: [], failed: 0, total: 0, completed: false, notFound: true });
    clock.advance(4 * 60_000);
    expect(await client.bulkStatus(jobId)).toMatchObject({ completed: false, notFound: true });
    // 404 is not retried by the client: the next poll asks again.
    expect(sim.stats().rejected[404]).toBe(2);
    expect(sim.stats().requests).toBe(3);

    clock.advance(60_001);
    const done = await client.bulkStatus(jobId);
    expect(done.notFound).toBeUndefined();
    expect(done.completed).toBe(true);
    const matched = matchResults(recs, done.results);
    recs.forEach((r) => expect(matched.emailsByExternalId.get(r.externalId)).toEqual(deriveLeadGeniusEmails(r)));
  });

  it('reads completed written as a string (completedAs "string")', async () => {
    const clock = manualClock();
    const sim = await simulator({ clock: clock.now, processingDelayMs: 60_000, dialect: { completedAs: 'string' } });
    const { jobId } = await clientFor(sim).submitBulk({ records: records(3) });
    const raw = await fetch(`${sim.url}/v1/emailguess/bulk/job/status/${jobId}`, { headers: { 'X-LG-API-KEY': KEY } });
    expect(await raw.json()).toMatchObject({ results: { completed: 'false' } });
    clock.advance(60_001);
    expect(await clientFor(sim).bulkStatus(jobId)).toEqual({ results: [], failed: 0, total: 3, completed: false });

    const quick = await simulator({ clock: clock.now, dialect: { completedAs: 'string' } });
    const second = await clientFor(quick).submitBulk({ records: records(3) });
    await processed(quick, 3);
    const done = await clientFor(quick).bulkStatus(second.jobId);
    expect(done.completed).toBe(true);
    expect(done.results.length).toBe(records(3).flatMap((r) => deriveLeadGeniusEmails(r)).length);
  });

  it('tolerates the documented shape leniently and still refuses what is not it', async () => {
    const found = { first: 'foo', middle: null, last: 'bar', email: 'foo@baz.com', score: 0.9 };
    const read = (body: unknown) => stubClient(() => json(200, body)).bulkStatus('29');
    await expect(read({ status: 200, results: { results: [found], failed: '10', total: '1000', completed: 'True' } })).resolves.toEqual({
      results: [{ first: 'foo', middle: '', last: 'bar', email: 'foo@baz.com' }],
      failed: 10,
      total: 1000,
      completed: true,
    });
    await expect(read({ results: { results: null, completed: 'false' } })).resolves.toEqual({ results: [], failed: 0, total: 0, completed: false });
    await expect(read({ results: { results: [{ ...found, domain: 'baz.com' }], completed: true } })).resolves.toMatchObject({
      results: [{ domain: 'baz.com' }],
    });

    const refused = [
      { results: { completed: true, failed: 0, total: 3 } }, // completed, but no list: it would find nothing
      { results: { results: [], completed: 'yes' } },
      { results: { results: [{ ...found, email: 'not-an-email' }], completed: true } },
      { status: 500, error: 'Some message' },
    ];
    for (const body of refused) {
      const error = await read(body).catch((e: unknown) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(VendorProtocolError);
      expect((error as Error).message).not.toContain('not-an-email');
    }
  });
});

describe('failAfterAccept: accepted and billed, answered 500', () => {
  it('the client gets a non-fatal error; the simulator processed, billed and called back for the job', async () => {
    const sim = await simulator({ faults: { failAfterAccept: true } });
    const receiver = await webhookReceiver();
    const recs = records(6);
    const emails = recs.flatMap((r) => deriveLeadGeniusEmails(r));
    expect(emails.length).toBeGreaterThan(0);

    // One attempt, as the AWS adapter sends: a retry here would buy the records again.
    const error = await clientFor(sim, { retry: { maxAttempts: 1 } })
      .submitBulk({ records: recs, webhookUrl: receiver.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).not.toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ httpStatus: 500, attempts: 1 });

    await processed(sim, 6);
    await until(() => receiver.bodies.length >= emails.length);
    expect(sim.stats()).toMatchObject({ bulkJobsAccepted: 1, acceptedThenFailed: 1, objectsAccepted: 6, billedObjects: 6, rejected: { 500: 1 } });
    // The webhooks name the job the client never learnt: what a caller can adopt it by.
    for (const body of receiver.bodies) expect((body as LeadGeniusWebhook).result.bulk_id).toBe(1);
  });

  it('with transport retries every attempt is another billed job (why the adapter sends once)', async () => {
    const sim = await simulator({ faults: { failAfterAccept: 1 } });
    const error = await clientFor(sim, { retry: { maxAttempts: 3, baseDelayMs: 1 }, sleep: async () => undefined })
      .submitBulk({ records: records(4) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'VendorTransientError', httpStatus: 500, attempts: 3 });
    await processed(sim, 12);
    expect(sim.stats()).toMatchObject({ bulkJobsAccepted: 3, acceptedThenFailed: 3, objectsAccepted: 12, billedObjects: 12 });

    sim.setFaults({ failAfterAccept: 0 });
    await expect(clientFor(sim).submitBulk({ records: records(1) })).resolves.toMatchObject({ jobId: '4' });
    expect(() => sim.setFaults({ failAfterAccept: 1.5 })).toThrow(RangeError);
  });
});

describe('the http opt-in: LeadGenius only, only with "allowHttp": true', () => {
  /** Reaches the simulator for the document's host, over real HTTP on loopback; records what was asked for. */
  function routedTo(sim: LeadGeniusSimulator, seen: string[]): typeof fetch {
    return async (input, init) => {
      const url = String(input);
      seen.push(url);
      return fetch(url.replace('http://api.leadgenius.com', sim.url), init);
    };
  }

  it("takes the document's own http:///api.leadgenius.com with allowHttp, and sends to that host", async () => {
    const sim = await simulator();
    const seen: string[] = [];
    const { client } = leadGeniusClientFromSecret({ apiKey: KEY, baseUrl: 'http:///api.leadgenius.com', allowHttp: true }, 'https://api.leadgenius.com', {
      fetchImpl: routedTo(sim, seen),
    });
    const accepted = await client.submitBulk({ records: records(2) });
    expect(accepted.jobId).toBe('1');
    expect(seen).toEqual(['http://api.leadgenius.com/emailguess/v1/bulk/job']);
    expect(sim.stats().objectsAccepted).toBe(2);
  });

  it('refuses plain http without allowHttp (absent, false or not a boolean), without quoting the value', async () => {
    const sim = await simulator();
    const seen: string[] = [];
    for (const allowHttp of [undefined, false, 'true', 1]) {
      let message = '';
      try {
        leadGeniusClientFromSecret({ apiKey: KEY, baseUrl: 'http://api.leadgenius.com', allowHttp }, 'https://api.leadgenius.com', {
          fetchImpl: routedTo(sim, seen),
        });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, String(allowHttp)).toMatch(/^The LeadGenius secret's "(baseUrl|allowHttp)"/);
      expect(message).not.toContain('api.leadgenius.com');
    }
    expect(seen).toEqual([]);
    expect(sim.stats().requests).toBe(0);
    // Loopback http (the simulators) needs no opt-in, as before.
    const { client } = leadGeniusClientFromSecret({ apiKey: KEY, baseUrl: sim.url }, 'https://api.leadgenius.com');
    await expect(client.submitBulk({ records: records(1) })).resolves.toMatchObject({ jobId: '1' });
  });

  it('allowHttp relaxes the scheme only: credentials, queries, fragments and other schemes stay refused', () => {
    for (const value of ['http://user:pw@api.example', 'http://api.example/?k=1', 'http://api.example/#x', 'ftp://api.example', 'http:///']) {
      expect(() => secretBaseUrlWithHttpOptIn('LeadGenius', value, true), value).toThrow(/^The LeadGenius secret's "baseUrl"/);
    }
    expect(secretBaseUrlWithHttpOptIn('LeadGenius', 'https://eu.api.leadgenius.example/base', false)).toBe('https://eu.api.leadgenius.example/base');
  });

  it('is never offered to another vendor', () => {
    for (const vendor of ['AggKnowledge', 'Leadspace', 'HeroBase']) {
      expect(() => secretBaseUrl(vendor, 'http://api.vendor.example')).toThrow(/must use https \(http only for 127\.0\.0\.1 or localhost\)$/);
    }
    // @ts-expect-error: the opt-in takes LeadGenius alone (checked by tsc --noEmit)
    expect(() => secretBaseUrlWithHttpOptIn('AggKnowledge', 'ftp://x.example', true)).toThrow();
  });
});

/*
 * Leadflow's LeadGenius step against the simulator, with the limiter's DynamoDB table, S3 and the secret emulated:
 * what Submit and Poll log, and that Poll's results come from the status call alone.
 */
describe('the LeadGenius step (lambdas/aws/vendorSteps/leadgenius.ts)', () => {
  const BUCKET = 'leadflow-dialect-test';
  const clock = manualClock();
  let sim: LeadGeniusSimulator;
  let closeAll: () => Promise<void>;
  let step: import('../../lambdas/app/ports').VendorStep;
  let putJson: typeof import('../../lambdas/aws/s3').putJson;
  let webhooksPrefix: (jobId: string, batchId: string, round: number) => string;
  let logs: string[];

  beforeAll(async () => {
    const { startDynamoDbEmulator } = await import('../../local/emulators/dynamodb');
    const { startS3Emulator, S3RVER_CREDENTIALS, S3_EMULATOR_CLIENT } = await import('../../local/emulators/s3');
    const { startSecretsManagerEmulator } = await import('../../local/emulators/secretsManager');
    const dynamodb = await startDynamoDbEmulator();
    await dynamodb.createTable({
      TableName: 'limits',
      KeySchema: [{ AttributeName: 'limitKey', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'limitKey', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const s3 = await startS3Emulator([BUCKET]);
    const secrets = await startSecretsManagerEmulator('us-east-1');
    secrets.seed('leadgenius-dialects', JSON.stringify({ apiKey: KEY }));
    sim = await startLeadGeniusSimulator({
      apiKeys: [KEY],
      clock: clock.now,
      processingDelayMs: 10,
      limits: { statusPerMinute: 1_000, statusPerHour: 10_000 },
      dialect: { acceptIdField: 'id', acceptStatus: 200, statusNotFoundUntilMs: 120_000 },
    });
    closeAll = async () => {
      await sim.close();
      await Promise.all([dynamodb.close(), s3.close(), secrets.close()]);
    };
    // Set before the first AWS client and the logger exist: both read the environment when created.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      LEADGENIUS_SECRET_ID: 'leadgenius-dialects',
      LEADGENIUS_BASE_URL: sim.url,
      LIMITS_TABLE: 'limits',
      POLL_INTERVAL_SECONDS: '60',
      LEADGENIUS_STATUS_PER_MINUTE: '1000',
      LEADGENIUS_STATUS_PER_HOUR: '10000',
      VENDOR_LIMIT_MARGIN_MS: '0',
    });
    (await import('../../lambdas/aws/clients')).useLocalClientSettings({ s3: S3_EMULATOR_CLIENT, maxSockets: 50 });
    const { useClock } = await import('../../lambdas/aws/clock');
    useClock(clock.now);
    step = (await import('../../lambdas/aws/vendorSteps/leadgenius')).leadGeniusStep();
    ({ putJson } = await import('../../lambdas/aws/s3'));
    // Where earlier versions kept webhook bodies and merged them into the results.
    webhooksPrefix = (jobId, batchId, round) => `jobs/${jobId}/raw/${batchId}.r${round}.webhooks/`;
  });

  afterAll(async () => {
    await closeAll?.();
  });

  function captureLogs(): void {
    logs = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      logs.push(chunk.toString());
      return true;
    }) as typeof process.stdout.write);
  }

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('submits, logs the reading, polls through the 404s, and takes emails from the status call only', async () => {
    const people = records(8, 'x');
    const stepRecords = people.map((r) => ({
      externalId: r.externalId,
      cacheKey: `k-${r.externalId}`,
      lead: { firstName: r.first, lastName: r.last, domain: r.domain },
    }));
    const batch = { jobId: 'job-1', batchId: 'b-1', step: 0, vendor: 'leadgenius' as const, records: 8, round: 1, state: 'PENDING' as const, expiresAt: 0 };

    captureLogs();
    const outcome = await step.submit({
      batch,
      records: stepRecords,
      callbackUrl: 'http://127.0.0.1:9/cb',
      reclaimed: false,
      holdUntilMs: Number.MAX_SAFE_INTEGER,
      noRoomWaitMs: 1_000,
    });
    expect(outcome).toEqual({ accepted: { vendorBulkId: '1' } });
    const submitted = { ...batch, state: 'SUBMITTED' as const, submittedRound: 1, vendorBulkId: '1' };

    // A forged webhook stored where webhooks used to be gathered from, for a person the vendor found nothing for:
    // it must change nothing.
    const victim = people.find((r) => deriveLeadGeniusEmails(r).length === 0)!;
    expect(victim).toBeDefined();
    await putJson(BUCKET, `${webhooksPrefix('job-1', 'b-1', 1)}forged.json`, {
      bulkId: '1',
      first: victim.first,
      middle: '',
      last: victim.last,
      domain: victim.domain,
      email: 'attacker@evil.example',
    });
    await processed(sim, 8);

    expect(await step.poll(submitted)).toEqual({ state: 'processing', waitMs: 60_000 });
    clock.advance(120_001);
    const done = await step.poll(submitted);
    expect(done.state).toBe('done');
    // The status answer is kept exactly as received: it lists every email found, and only those.
    const raw = (done as { raw: { body: string } }).raw;
    const expected = people.flatMap((r) => deriveLeadGeniusEmails(r));
    expect(
      readLeadGeniusStatus(raw.body)
        .results.map((f) => f.email)
        .sort(),
    ).toEqual(expected.sort());

    const collected = step.collect(raw, stepRecords);
    expect(collected.billed).toBe(8);
    for (const r of people) {
      const email = deriveLeadGeniusEmails(r)[0];
      expect(collected.outcomes.get(r.externalId)).toEqual(
        email
          ? { externalId: r.externalId, status: 'enriched', values: { person_email: email } }
          : { externalId: r.externalId, status: 'not_found', values: {} },
      );
    }
    expect(JSON.stringify([...collected.outcomes.values()])).not.toContain('evil.example');

    const lines = logs.filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'LeadGenius accepted the bulk job', vendorBulkId: '1', idField: 'id', httpStatus: 200, jobId: 'job-1' }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ message: expect.stringContaining('HTTP 404'), vendorBulkId: '1' }));
    const text = logs.join('\n');
    for (const r of people) for (const value of [r.first, r.last, r.domain]) expect(text).not.toContain(value);
    for (const email of expected) expect(text).not.toContain(email);
  });
});
