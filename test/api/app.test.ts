import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../lambdas/api/app';
import { fakePorts } from './fakes';

const KEY = 'unit-test-key';

function setup(maxBodyBytes?: number) {
  const fake = fakePorts();
  const app = createApiApp(fake.ports, { apiKey: KEY, maxBodyBytes });
  const call = async (method: string, path: string, init: { body?: string; type?: string; headers?: Record<string, string> } = {}) => {
    const response = await app.request(path, {
      method,
      body: init.body,
      headers: { 'x-api-key': KEY, ...(init.type ? { 'content-type': init.type } : {}), ...init.headers },
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return { ...fake, app, call };
}

describe('POST /jobs', () => {
  it('stores JSON leads as a CSV with the union of their columns and starts the job once', async () => {
    const { call, objects, started, jobs } = setup();
    const response = await call('POST', '/jobs', {
      type: 'application/json',
      body: JSON.stringify({ leads: [{ 'First Name': 'Ada', Employees: 12 }, { 'First Name': 'Bo', Vip: true, Note: null }] }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe(`/jobs/${response.body.jobId}`);
    const stored = objects.get(`inputs/${response.body.jobId}/input.csv`)!;
    expect(String(stored.body)).toBe('First Name,Employees,Vip,Note\nAda,12,,\nBo,,true,\n');
    expect(started).toEqual([response.body.jobId]);
    expect(jobs.get(response.body.jobId)).toMatchObject({ status: 'PREPARING', source: 'api', options: { plan: ['leadspace'] } });
  });

  it('stores a CSV body byte for byte, with options from the Leadflow-Options header', async () => {
    const { call, objects, jobs } = setup();
    const csv = 'Name;Société\r\nJürgen;Zoë GmbH\r\n';
    const response = await call('POST', '/jobs', { type: 'text/csv', body: csv, headers: { 'leadflow-options': '{"columnMapping":{"companyName":"Société"}}' } });
    expect(response.status).toBe(202);
    expect(Buffer.from(objects.get(`inputs/${response.body.jobId}/input.csv`)!.body as Uint8Array).toString('utf-8')).toBe(csv);
    expect(jobs.get(response.body.jobId)!.options).toEqual({ plan: ['leadspace'], columnMapping: { companyName: 'Société' } });
  });

  it('returns the same job for a replayed Idempotency-Key and starts it once', async () => {
    const { call, started } = setup();
    const send = () => call('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads: [{ a: 1 }] }), headers: { 'idempotency-key': 'crm-sync-42' } });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body.jobId).toBe(first.body.jobId);
    expect(started).toEqual([first.body.jobId]);
  });

  it('answers problem+json 400 naming the field, without echoing values', async () => {
    const { call, started } = setup();
    const cases: [string, Record<string, string>, string][] = [
      [JSON.stringify({ leads: [] }), { 'content-type': 'application/json' }, 'leads'],
      [JSON.stringify({ leads: [{ a: 'jane@example.com' }], options: { webhookUrl: 'jane@example.com' } }), { 'content-type': 'application/json' }, 'options.webhookUrl'],
      [JSON.stringify({ leads: [{ a: 1 }], extra: 1 }), { 'content-type': 'application/json' }, ''],
      ['a,b\n1,2\n', { 'content-type': 'text/csv', 'leadflow-options': '{"plan":["nobody"]}' }, 'Leadflow-Options.plan.0'],
      ['a,b\n1,2\n', { 'content-type': 'text/csv', 'leadflow-options': 'not json' }, 'Leadflow-Options'],
      ['{"leads": [', { 'content-type': 'application/json' }, 'body'],
    ];
    for (const [body, headers, field] of cases) {
      const response = await call('POST', '/jobs', { body, headers });
      expect(response.status, body).toBe(400);
      expect(response.type).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 400, type: expect.stringContaining('/problems/') });
      if (field) expect(response.body.errors.map((e: { field: string }) => e.field), body).toContain(field);
      expect(JSON.stringify(response.body)).not.toContain('jane@example.com');
    }
    expect(started).toEqual([]);
  });

  it('answers 413 over the size limit, 415 for other media types, 401 without the key', async () => {
    const { call, app } = setup(1_000);
    expect((await call('POST', '/jobs', { type: 'text/csv', body: 'x'.repeat(2_000) })).status).toBe(413);
    expect((await call('POST', '/jobs', { type: 'application/xml', body: '<a/>' })).status).toBe(415);
    expect((await app.request('/jobs')).status).toBe(401);
    expect((await app.request('/openapi.json')).status).toBe(401);
  });
});

describe('uploads, status, results, list, cancel', () => {
  it('creates an upload job with a presigned PUT and a sanitized key', async () => {
    const { call, jobs } = setup();
    const response = await call('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: '../Q4 leads.csv.gz' }) });
    expect(response.status).toBe(201);
    expect(response.body.upload).toMatchObject({ method: 'PUT', headers: { 'content-type': 'application/gzip' } });
    expect(jobs.get(response.body.jobId)).toMatchObject({ status: 'AWAITING_UPLOAD', inputKey: `uploads/${response.body.jobId}/.._Q4 leads.csv.gz` });
    expect((await call('POST', '/uploads', { type: 'application/json', body: JSON.stringify({ fileName: 'leads.xlsx' }) })).body.errors[0].field).toBe('fileName');
  });

  it('shows progress, refuses results until the job ended (409), then links every output', async () => {
    const { call, jobs } = setup();
    const { body } = await call('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads: [{ a: 1 }] }) });
    expect((await call('GET', `/jobs/${body.jobId}/results`)).status).toBe(409);
    Object.assign(jobs.get(body.jobId)!, {
      status: 'COMPLETED', rows: 1, batchCount: 1, batchesDone: 1, recordsSubmitted: 1, recordsBilled: 1,
      outputs: { enrichedCsv: 'jobs/x/output/enriched.csv', summary: 'jobs/x/output/summary.json' },
    });
    expect((await call('GET', `/jobs/${body.jobId}`)).body.progress).toMatchObject({ rows: 1, batchesDone: 1, recordsBilled: 1 });
    const results = await call('GET', `/jobs/${body.jobId}/results`);
    expect(results.status).toBe(200);
    expect(results.body.files).toEqual({
      enrichedCsv: 'https://s3.example/jobs/x/output/enriched.csv?signed=get&name=enriched.csv',
      summary: 'https://s3.example/jobs/x/output/summary.json?signed=get&name=summary.json',
    });
    expect((await call('GET', '/jobs/00000000-0000-4000-8000-999999999999')).status).toBe(404);
    expect((await call('GET', '/jobs/not-a-uuid')).status).toBe(400);
  });

  it('lists newest first with a status filter and cursor paging', async () => {
    const { call, jobs } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads: [{ i }] }) })).body.jobId);
    jobs.get(ids[1]!)!.status = 'FAILED';
    const first = await call('GET', '/jobs?limit=2');
    expect(first.body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([ids[4], ids[3]]);
    const second = await call('GET', `/jobs?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([ids[2], ids[1]]);
    expect((await call('GET', '/jobs?status=FAILED')).body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual([ids[1]]);
    const bad = await call('GET', '/jobs?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('limit');
  });

  it('cancels a running job (stop requested) and refuses to cancel an ended one (409)', async () => {
    const { call, jobs, stopped } = setup();
    const { body } = await call('POST', '/jobs', { type: 'application/json', body: JSON.stringify({ leads: [{ a: 1 }] }) });
    const cancel = await call('DELETE', `/jobs/${body.jobId}`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
    expect(stopped).toEqual([body.jobId]);
    jobs.get(body.jobId)!.status = 'CANCELLED';
    expect((await call('DELETE', `/jobs/${body.jobId}`)).status).toBe(409);
  });
});
