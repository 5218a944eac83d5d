import { describe, expect, it } from 'vitest';
import type { JobStatus } from '../../lambdas/core/job';
import { fieldsOf, jobIdOf, setup } from './client';
import { AWS_LIST_PRICES } from '../../lambdas/core/awsPrices';

const UNKNOWN = '00000000-0000-4000-8000-999999999999';

async function withJob() {
  const api = setup();
  const jobId = jobIdOf(await api.postJson('/jobs', { leads: [{ Email: 'ada@example.com' }] }));
  return { ...api, jobId };
}

describe('GET /jobs/{jobId}', () => {
  it('shows status, progress, timestamps, options and the failure reason, and nothing else', async () => {
    const { call, update, jobId, jobs } = await withJob();
    update(jobId, {
      status: 'FAILED',
      rows: 120,
      uniqueLeads: 110,
      batchCount: 3,
      batchesDone: 2,
      batchesFailed: 1,
      recordsSubmitted: 100,
      recordsBilled: 90,
      leadspacePlanned: 110,
      leadspaceSent: 100,
      leadspaceBilled: 90,
      leadgeniusCacheHits: 7,
      rowsByStatus: { enriched: 80, not_found: 20, rejected: 10, failed: 10 },
      failureReason: 'Every batch failed: the vendor answered 503.',
      completedAt: '2026-11-22T10:05:00.000Z',
      outputs: { summary: `jobs/${jobId}/output/summary.json` },
    });
    const job = jobs.get(jobId)!;

    const reply = await call('GET', `/jobs/${jobId}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      jobId,
      status: 'FAILED',
      source: 'api',
      owner: 'team-a',
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
      completedAt: '2026-11-22T10:05:00.000Z',
      progress: {
        rows: 120,
        batchCount: 3,
        batchesDone: 2,
        batchesFailed: 1,
        rowsByStatus: { enriched: 80, not_found: 20, rejected: 10, failed: 10 },
        recordsSent: 100,
        recordsBilled: 90,
        vendors: {
          leadspace: { planned: 110, sent: 100, billed: 90, cacheHits: 0, skippedBudget: 0 },
          leadgenius: { planned: 0, sent: 0, billed: 0, cacheHits: 7, skippedBudget: 0 },
        },
      },
      options: {},
      error: 'Every batch failed: the vendor answered 503.',
      // The AWS side so far, from the counts (rows, records sent, look-ups): a few hundredths of a cent here.
      cost: { usd: expect.any(Number), pricesAsOf: AWS_LIST_PRICES.asOf },
      links: { self: `/jobs/${jobId}`, results: `/jobs/${jobId}/results` },
    });
    const { usd } = reply.body.cost as { usd: number };
    expect(usd).toBeGreaterThan(0);
    expect(usd).toBeLessThan(0.01);
    // Once Merge has put the job's figure on the record, the view shows that one.
    update(jobId, { awsCostUsd: 0.0123 });
    expect((await call('GET', `/jobs/${jobId}`)).body.cost).toEqual({ usd: 0.0123, pricesAsOf: AWS_LIST_PRICES.asOf });
  });

  it('shows zero progress for a job that has not been prepared, and the file name of an upload', async () => {
    const { call, postJson } = setup();
    const jobId = jobIdOf(await postJson('/uploads', { fileName: 'leads.csv' }));
    expect((await call('GET', `/jobs/${jobId}`)).body).toMatchObject({
      status: 'AWAITING_UPLOAD',
      source: 'upload',
      fileName: 'leads.csv',
      progress: { rows: 0, batchCount: 0, batchesDone: 0, batchesFailed: 0, rowsByStatus: {}, recordsSent: 0, recordsBilled: 0 },
    });
  });

  it('never shows credentials from a webhook URL, should a row hold one (the API refuses them), in the job or the list', async () => {
    const { call, update, jobId } = await withJob();
    update(jobId, { options: { webhookUrl: 'https://hook-user:hook-secret@hooks.example/leadflow?token=abc' } });
    const reply = await call('GET', `/jobs/${jobId}`);
    expect(reply.body.options).toEqual({ webhookUrl: 'https://hooks.example/leadflow?token=abc' });
    const list = await call('GET', '/jobs');
    expect(list.status).toBe(200);
    expect(list.text).toContain('"webhookUrl":"https://hooks.example/leadflow?token=abc"');
    for (const text of [reply.text, list.text]) {
      expect(text).not.toContain('hook-secret');
      expect(text).not.toContain('hook-user');
    }
  });

  it('answers 404 for an unknown job and 400 naming jobId for a malformed one', async () => {
    const { call } = setup();
    const unknown = await call('GET', `/jobs/${UNKNOWN}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ type: 'https://leadflow.dev/problems/not-found', status: 404 });
    const malformed = await call('GET', '/jobs/not-a-job-id');
    expect(malformed.status).toBe(400);
    expect(fieldsOf(malformed)).toEqual(['jobId']);
    expect(malformed.text).not.toContain('not-a-job-id');
  });
});

describe('GET /jobs/{jobId}/results', () => {
  it.each<JobStatus>(['PREPARING', 'RUNNING', 'AWAITING_UPLOAD'])('answers 409 while the job is %s', async (status) => {
    const { call, update, jobId, presigned } = await withJob();
    update(jobId, { status });
    const reply = await call('GET', `/jobs/${jobId}/results`);
    expect(reply.status).toBe(409);
    expect(reply.type).toBe('application/problem+json');
    expect(reply.body).toMatchObject({ type: 'https://leadflow.dev/problems/conflict', status: 409 });
    expect(presigned).toEqual([]);
  });

  it('links every output the ended job recorded, downloading under its file name, for an hour', async () => {
    const { call, update, jobId, now } = await withJob();
    const out = `jobs/${jobId}/output`;
    update(jobId, {
      status: 'PARTIAL',
      outputs: {
        enrichedCsv: `${out}/enriched.csv`,
        enrichedJsonl: `${out}/enriched.jsonl`,
        rejectedCsv: `${out}/rejected.csv`,
        summary: `${out}/summary.json`,
      },
    });
    const reply = await call('GET', `/jobs/${jobId}/results`);
    expect(reply.status).toBe(200);
    const url = (name: string) => `https://bucket.s3.example/${out}/${name}?X-Amz-Signature=get&name=${name}`;
    expect(reply.body).toEqual({
      jobId,
      status: 'PARTIAL',
      expiresAt: new Date(now().getTime() + 3_600_000).toISOString(),
      files: { enrichedCsv: url('enriched.csv'), enrichedJsonl: url('enriched.jsonl'), rejectedCsv: url('rejected.csv'), summary: url('summary.json') },
    });
  });

  it('links only what there is: a failed job may have a summary or nothing', async () => {
    const { call, update, jobId, presigned } = await withJob();
    update(jobId, { status: 'FAILED' });
    expect((await call('GET', `/jobs/${jobId}/results`)).body.files).toEqual({});
    update(jobId, { status: 'CANCELLED', outputs: { summary: 'jobs/x/output/summary.json' } });
    expect(Object.keys((await call('GET', `/jobs/${jobId}/results`)).body.files as object)).toEqual(['summary']);
    expect(presigned.map((p) => [p.key, p.detail, p.expiresInSeconds])).toEqual([['jobs/x/output/summary.json', 'summary.json', 3600]]);
  });

  it('answers 404 for an unknown job', async () => {
    expect((await setup().call('GET', `/jobs/${UNKNOWN}/results`)).status).toBe(404);
  });
});

describe('GET /jobs', () => {
  async function fiveJobs() {
    const api = setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(jobIdOf(await api.postJson('/jobs', { leads: [{ i }] })));
    return { ...api, ids };
  }
  const idsOf = (body: Record<string, unknown>) => (body.jobs as { jobId: string }[]).map((j) => j.jobId);

  it('pages newest first with a cursor, 25 by default', async () => {
    const { call, ids } = await fiveJobs();
    const all = await call('GET', '/jobs');
    expect(all.status).toBe(200);
    expect(idsOf(all.body)).toEqual([...ids].reverse());
    expect(all.body.nextCursor).toBeUndefined();
    expect((all.body.jobs as object[])[0]).toMatchObject({ status: 'PREPARING', progress: { rows: 0 }, links: { self: `/jobs/${ids[4]}` } });

    const pages: string[][] = [];
    let cursor: unknown;
    do {
      const page = await call('GET', `/jobs?limit=2${cursor ? `&cursor=${String(cursor)}` : ''}`);
      pages.push(idsOf(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
  });

  it('filters by status and by creation time', async () => {
    const { call, update, ids, jobs } = await fiveJobs();
    update(ids[1]!, { status: 'FAILED' });
    update(ids[3]!, { status: 'FAILED' });
    expect(idsOf((await call('GET', '/jobs?status=FAILED')).body)).toEqual([ids[3], ids[1]]);
    const after = jobs.get(ids[2]!)!.createdAt;
    expect(idsOf((await call('GET', `/jobs?createdAfter=${encodeURIComponent(after)}`)).body)).toEqual([ids[4], ids[3]]);
    expect(idsOf((await call('GET', `/jobs?status=FAILED&createdAfter=${encodeURIComponent(after)}`)).body)).toEqual([ids[3]]);
    // An offset is accepted, not only Z.
    expect(idsOf((await call('GET', `/jobs?createdAfter=${encodeURIComponent('2026-11-22T11:00:03+01:00')}`)).body)).toEqual([ids[4], ids[3]]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['status=DONE', 'status'],
    ['createdAfter=yesterday', 'createdAfter'],
    ['cursor=bm90LW91cnM', 'cursor'],
  ])('answers 400 naming the parameter for %s', async (query, field) => {
    const { call } = await fiveJobs();
    const reply = await call('GET', `/jobs?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.type).toBe('application/problem+json');
    expect(fieldsOf(reply)).toEqual([field]);
    const value = query.split('=')[1]!;
    if (value.length > 3) expect(reply.text).not.toContain(value);
  });
});

describe('DELETE /jobs/{jobId}', () => {
  it.each<JobStatus>(['PREPARING', 'RUNNING'])('asks a %s job to cancel (202 with the job); the workflow stops buying itself', async (status) => {
    const { call, update, jobId } = await withJob();
    update(jobId, { status });
    const reply = await call('DELETE', `/jobs/${jobId}`);
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ jobId, status, cancelRequested: true });
    // Cancelling again while the job winds down is harmless.
    expect((await call('DELETE', `/jobs/${jobId}`)).status).toBe(202);
    expect((await call('GET', `/jobs/${jobId}`)).body.cancelRequested).toBe(true);
  });

  it.each<JobStatus>(['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'])('answers 409 for a %s job and records no cancellation', async (status) => {
    const { call, update, jobId } = await withJob();
    update(jobId, { status });
    const reply = await call('DELETE', `/jobs/${jobId}`);
    expect(reply.status).toBe(409);
    expect((await call('GET', `/jobs/${jobId}`)).body.cancelRequested).toBeUndefined();
    expect(reply.body).toMatchObject({ type: 'https://leadflow.dev/problems/conflict', status: 409 });
  });

  it('answers 409 when the job ends between reading and cancelling it', async () => {
    const { call, ports, jobId } = await withJob();
    ports.jobs.requestCancel = async () => false;
    expect((await call('DELETE', `/jobs/${jobId}`)).status).toBe(409);
  });

  it('answers 404 for an unknown job', async () => {
    const { call } = setup();
    expect((await call('DELETE', `/jobs/${UNKNOWN}`)).status).toBe(404);
  });
});

describe('POST /jobs/{jobId}/resume', () => {
  it.each<JobStatus>(['FAILED', 'PARTIAL'])('starts a new execution of a %s job that goes on where it stopped (202)', async (status) => {
    const { call, update, jobId, startCalls } = await withJob();
    update(jobId, { status, failureReason: 'Leadspace rejected the API token (HTTP 401)' });
    const reply = await call('POST', `/jobs/${jobId}/resume`);
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ jobId, status: 'RUNNING' });
    expect(reply.body.error).toBeUndefined();
    expect(startCalls.at(-1)).toMatchObject({ jobId, followUp: 'resume 1' });
    // Each resume is an execution of its own.
    update(jobId, { status: 'FAILED' });
    await call('POST', `/jobs/${jobId}/resume`);
    expect(startCalls.at(-1)).toMatchObject({ jobId, followUp: 'resume 2' });
  });

  it.each<JobStatus>(['PREPARING', 'RUNNING', 'COMPLETED', 'CANCELLED'])('answers 409 for a %s job and starts nothing', async (status) => {
    const { call, update, jobId, startCalls } = await withJob();
    update(jobId, { status });
    const before = startCalls.length;
    const reply = await call('POST', `/jobs/${jobId}/resume`);
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ status: 409, detail: expect.stringContaining(status) });
    expect(startCalls).toHaveLength(before);
  });

  it('answers 404 for an unknown job', async () => {
    const { call } = setup();
    expect((await call('POST', `/jobs/${UNKNOWN}/resume`)).status).toBe(404);
  });
});
