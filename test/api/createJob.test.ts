import { afterEach, describe, expect, it, vi } from 'vitest';
import { fieldsOf, jobIdOf, setup } from './client';

const PROBLEM = 'application/problem+json';

afterEach(() => vi.restoreAllMocks());

describe('POST /jobs with JSON leads', () => {
  it('stores the leads as a CSV (union of columns, first-seen order), records the job and starts it once', async () => {
    const { postJson, objects, puts, jobs, startCalls } = setup();
    const reply = await postJson('/jobs', {
      leads: [
        { 'First Name': 'Ada', Employees: 12 },
        { 'First Name': 'Bo, Jr.', Vip: true, Note: null, Employees: 3.5 },
        { Vip: false, Note: 'says "hi"' },
      ],
    });

    expect(reply.status).toBe(202);
    const jobId = jobIdOf(reply);
    expect(reply.body).toEqual({ jobId, status: 'PREPARING', links: { self: `/jobs/${jobId}`, results: `/jobs/${jobId}/results` } });
    expect(reply.headers.get('location')).toBe(`/jobs/${jobId}`);
    const inputKey = `inputs/${jobId}/input.csv`;
    expect(puts).toEqual([inputKey]);
    expect(objects.get(inputKey)).toEqual({
      contentType: 'text/csv',
      body: 'First Name,Employees,Vip,Note\nAda,12,,\n"Bo, Jr.",3.5,true,\n,,false,"says ""hi"""\n',
    });
    expect(jobs.get(jobId)).toMatchObject({ status: 'PREPARING', source: 'api', inputKey });
    // No plan given: the job runs the default plan, resolved when it is planned rather than frozen here.
    expect(jobs.get(jobId)!.options).toEqual({});
    expect(startCalls).toEqual([{ jobId, inputKey }]);
  });

  it('records the options it was given', async () => {
    const { postJson, jobs } = setup();
    const options = {
      plan: ['leadspace', { vendor: 'leadgenius', overwrite: true }],
      columnMapping: { companyName: 'Firma' },
      webhookUrl: 'https://hooks.example/leadflow',
      budget: { leadspace: 500, leadgenius: 100 },
      bypassCache: true,
    };
    const reply = await postJson('/jobs', { leads: [{ Firma: 'Zoë GmbH' }], options });
    expect(reply.status).toBe(202);
    expect(jobs.get(jobIdOf(reply))!.options).toEqual(options);
  });
});

describe('POST /jobs from a HeroBase lead search', () => {
  const search = { name: 'All leads', from: '2026-01-01', encoding: 'windows-1252' };

  it('records a job without storing a file: Prepare reads the search', async () => {
    const { postJson, puts, jobs, startCalls } = setup();
    const reply = await postJson('/jobs', { options: { heroBaseSearch: search, export: { campaignCode: 'B2B-1' } } });
    expect(reply.status).toBe(202);
    const jobId = jobIdOf(reply);
    expect(puts).toEqual([]);
    expect(jobs.get(jobId)).toMatchObject({ source: 'herobase', inputKey: `jobs/${jobId}/input/herobase.csv`, options: { heroBaseSearch: search } });
    expect(startCalls).toEqual([{ jobId, inputKey: `jobs/${jobId}/input/herobase.csv` }]);
  });

  it('refuses a search together with leads or a CSV body, naming the field', async () => {
    const { postJson, call } = setup();
    const both = await postJson('/jobs', { leads: [{ Email: 'ada@example.com' }], options: { heroBaseSearch: search } });
    expect(both.status).toBe(400);
    expect(fieldsOf(both)).toEqual(['options.heroBaseSearch']);
    const csv = await call('POST', '/jobs', {
      type: 'text/csv',
      body: 'email\na@example.com\n',
      headers: { 'Leadflow-Options': JSON.stringify({ heroBaseSearch: search }) },
    });
    expect(csv.status).toBe(400);
    expect(fieldsOf(csv)).toEqual(['Leadflow-Options.heroBaseSearch']);
  });

  it('refuses a search with a malformed date, naming the field', async () => {
    const { postJson } = setup();
    const reply = await postJson('/jobs', { options: { heroBaseSearch: { ...search, from: '1 March' } } });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['options.heroBaseSearch.from']);
  });
});

describe('POST /jobs with a CSV body', () => {
  it('stores the bytes as they came, with options from the Leadflow-Options header', async () => {
    const { call, objects, jobs, startCalls } = setup();
    // Windows-1252 bytes, which are not valid UTF-8: nothing may decode and re-encode them.
    const bytes = Uint8Array.from([
      ...Buffer.from('Name;Soci'),
      0xe9,
      0x74,
      0xe9,
      0x0d,
      0x0a,
      ...Buffer.from('J'),
      0xfc,
      ...Buffer.from('rgen;Zo'),
      0xeb,
      0x0d,
      0x0a,
    ]);
    const reply = await call('POST', '/jobs', {
      type: 'text/csv; charset=windows-1252',
      body: bytes,
      headers: { 'Leadflow-Options': '{"columnMapping":{"companyName":"Société"}}' },
    });

    expect(reply.status).toBe(202);
    const jobId = jobIdOf(reply);
    const stored = objects.get(`inputs/${jobId}/input.csv`)!;
    expect(stored.contentType).toBe('text/csv');
    expect(Buffer.from(stored.body as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(jobs.get(jobId)).toMatchObject({ source: 'api', options: { columnMapping: { companyName: 'Société' } } });
    expect(startCalls).toEqual([{ jobId, inputKey: `inputs/${jobId}/input.csv` }]);
  });

  it('uses default options without the header', async () => {
    const { call, jobs } = setup();
    const reply = await call('POST', '/jobs', { type: 'text/csv', body: 'email\na@example.com\n' });
    expect(reply.status).toBe(202);
    expect(jobs.get(jobIdOf(reply))!.options).toEqual({});
  });
});

describe('Idempotency-Key', () => {
  it('returns the job the first request created (200), with one job, one input and one execution', async () => {
    const { postJson, jobs, puts, started } = setup();
    const send = () => postJson('/jobs', { leads: [{ a: 1 }] }, { 'Idempotency-Key': 'crm-sync 2026-11-22' });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('location')).toBe(`/jobs/${jobIdOf(first)}`);
    expect(jobs.size).toBe(1);
    expect(puts).toHaveLength(1);
    expect(started).toEqual([jobIdOf(first)]);
  });

  it('derives the same job id from the same key in a fresh application, and another id from another key', async () => {
    const a = await setup().postJson('/jobs', { leads: [{ a: 1 }] }, { 'idempotency-key': 'k-1' });
    const b = await setup().postJson('/jobs', { leads: [{ a: 1 }] }, { 'idempotency-key': 'k-1' });
    const c = await setup().postJson('/jobs', { leads: [{ a: 1 }] }, { 'idempotency-key': 'k-2' });
    expect(jobIdOf(a)).toBe(jobIdOf(b));
    expect(jobIdOf(c)).not.toBe(jobIdOf(a));
    expect(jobIdOf(a)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts the job on a replay when the first request died before starting it', async () => {
    const { postJson, ports, started } = setup();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const start = ports.executions.start;
    ports.executions.start = async () => {
      throw new Error('throttled');
    };
    const first = await postJson('/jobs', { leads: [{ a: 1 }] }, { 'idempotency-key': 'retry-me' });
    expect(first.status).toBe(500);
    ports.executions.start = start;
    const retry = await postJson('/jobs', { leads: [{ a: 1 }] }, { 'idempotency-key': 'retry-me' });
    expect(retry.status).toBe(200);
    expect(started).toEqual([jobIdOf(retry)]);
  });

  it('refuses a key that is too long or not printable ASCII, naming the header', async () => {
    const { postJson, jobs } = setup();
    for (const key of ['k'.repeat(129), 'clé']) {
      const reply = await postJson('/jobs', { leads: [{ a: 1 }] }, { 'idempotency-key': key });
      expect(reply.status).toBe(400);
      expect(fieldsOf(reply)).toEqual(['idempotency-key']);
    }
    expect(jobs.size).toBe(0);
  });
});

describe('POST /jobs refusals', () => {
  const EMAIL = 'jane.doe@example.com';
  const cases: { name: string; type?: string; body: string; headers?: Record<string, string>; fields: string[] }[] = [
    { name: 'no leads', type: 'application/json', body: JSON.stringify({ leads: [] }), fields: ['leads'] },
    { name: 'leads missing', type: 'application/json', body: JSON.stringify({ options: {} }), fields: ['leads'] },
    { name: 'leads without columns', type: 'application/json', body: JSON.stringify({ leads: [{}, {}] }), fields: ['leads'] },
    { name: 'a lead that is not an object', type: 'application/json', body: JSON.stringify({ leads: [{ a: 1 }, EMAIL] }), fields: ['leads.1'] },
    { name: 'a nested cell', type: 'application/json', body: JSON.stringify({ leads: [{ Email: { value: EMAIL } }] }), fields: ['leads.0.Email'] },
    {
      name: 'a webhook URL that is not a URL',
      type: 'application/json',
      body: JSON.stringify({ leads: [{ Email: EMAIL }], options: { webhookUrl: EMAIL } }),
      fields: ['options.webhookUrl'],
    },
    ...[
      ['a loopback address', 'https://127.0.0.1/hook'],
      ['a private address', 'https://10.1.2.3/hook'],
      ['the metadata address', 'https://169.254.169.254/latest/meta-data/'],
      ['localhost', 'https://localhost:8443/hook'],
      ['credentials in the URL', 'https://user:secret@hooks.example/leadflow'],
      ['plain http', 'http://hooks.example/leadflow'],
    ].map(([what, url]) => ({
      name: `a webhook URL to ${what}`,
      type: 'application/json',
      body: JSON.stringify({ leads: [{ Email: EMAIL }], options: { webhookUrl: url } }),
      fields: ['options.webhookUrl'],
    })),
    {
      name: 'an unknown vendor',
      type: 'application/json',
      body: JSON.stringify({ leads: [{ a: 1 }], options: { plan: ['acme'] } }),
      fields: ['options.plan.0'],
    },
    { name: 'an unknown field', type: 'application/json', body: JSON.stringify({ leads: [{ a: 1 }], lead: { a: 1 } }), fields: ['lead'] },
    { name: 'malformed JSON', type: 'application/json', body: `{"leads": [{"Email": "${EMAIL}"`, fields: ['body'] },
    { name: 'an empty CSV body', type: 'text/csv', body: '', fields: ['body'] },
    {
      name: 'options that are not JSON',
      type: 'text/csv',
      body: 'a\n1\n',
      headers: { 'leadflow-options': `{webhookUrl: ${EMAIL}` },
      fields: ['Leadflow-Options'],
    },
    {
      name: 'invalid options in the header',
      type: 'text/csv',
      body: 'a\n1\n',
      headers: { 'leadflow-options': JSON.stringify({ webhookUrl: EMAIL, plan: [] }) },
      fields: ['Leadflow-Options.plan', 'Leadflow-Options.webhookUrl'],
    },
    { name: 'no body and no content type', body: '', fields: ['leads'] },
    {
      name: 'options in the header of a JSON request',
      type: 'application/json',
      body: JSON.stringify({ leads: [{ a: 1 }] }),
      headers: { 'leadflow-options': '{}' },
      fields: ['Leadflow-Options'],
    },
  ];

  it.each(cases)('answers 400 problem+json naming the field, never the value: $name', async ({ type, body, headers, fields }) => {
    const { call, puts, jobs, startCalls } = setup();
    const reply = await call('POST', '/jobs', { type, body: body === '' && type === undefined ? undefined : body, headers });
    expect(reply.status).toBe(400);
    expect(reply.type).toBe(PROBLEM);
    expect(reply.body).toMatchObject({ type: 'https://leadflow.dev/problems/invalid-request', title: 'Invalid request', status: 400 });
    expect(typeof reply.body.detail).toBe('string');
    expect(reply.headers.get('location')).toBeNull();
    expect(fieldsOf(reply).sort()).toEqual(fields);
    expect(reply.text).not.toContain(EMAIL);
    expect([puts, jobs.size, startCalls]).toEqual([[], 0, []]);
  });

  it('answers 400 for more than 10,000 leads', async () => {
    const reply = await setup().postJson('/jobs', { leads: Array.from({ length: 10_001 }, () => ({ a: 1 })) });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply)).toEqual(['leads']);
  });

  it('answers 413 over the body limit, by Content-Length or by counting a streamed body', async () => {
    const { call, puts } = setup({ maxBodyBytes: 1_000 });
    const big = `email\n${'someone@example.com\n'.repeat(100)}`;
    const declared = await call('POST', '/jobs', { type: 'text/csv', body: big, headers: { 'content-length': String(big.length) } });
    const streamed = await call('POST', '/jobs', {
      type: 'text/csv',
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
    });
    const json = await call('POST', '/jobs', {
      type: 'application/json',
      body: JSON.stringify({ leads: Array.from({ length: 100 }, () => ({ email: 'someone@example.com' })) }),
    });
    for (const reply of [declared, streamed, json]) {
      expect(reply.status).toBe(413);
      expect(reply.type).toBe(PROBLEM);
      expect(reply.body).toMatchObject({ type: 'https://leadflow.dev/problems/payload-too-large', status: 413 });
      expect(reply.body.detail).toContain('1000 bytes');
    }
    expect(puts).toEqual([]);
    expect((await call('POST', '/jobs', { type: 'text/csv', body: 'email\na@example.com\n' })).status).toBe(202);
  });

  it('answers 415 for other media types, and for a body without a content type', async () => {
    const { call, puts } = setup();
    for (const init of [
      { type: 'application/xml', body: '<leads/>' },
      { type: 'text/plain', body: 'a,b\n1,2\n' },
      { type: 'application/x-www-form-urlencoded', body: 'a=1' },
      { body: new Uint8Array([1, 2, 3]) },
    ]) {
      const reply = await call('POST', '/jobs', init);
      expect(reply.status).toBe(415);
      expect(reply.type).toBe(PROBLEM);
      expect(reply.body).toMatchObject({ type: 'https://leadflow.dev/problems/unsupported-media-type', status: 415 });
    }
    expect(puts).toEqual([]);
  });
});
