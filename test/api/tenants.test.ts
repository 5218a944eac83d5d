/*
 * Jobs belong to the API key that created them: another team's key cannot list, read, download, cancel, resume or
 * reprocess them, nor reach them through an Idempotency-Key; an operator key sees every job.
 */
import { describe, expect, it } from 'vitest';
import { jobIdOf, OPERATOR_KEY, setup, TEAM_B_KEY, type Reply } from './client';

const LEADS = { leads: [{ Email: 'ada@example.com' }] };

async function twoTeams() {
  const api = setup();
  const a = jobIdOf(await api.postJson('/jobs', LEADS));
  const b = jobIdOf(await api.postJson('/jobs', LEADS, undefined, TEAM_B_KEY));
  return { ...api, a, b };
}

const ids = (reply: Reply) => (reply.body.jobs as { jobId: string }[]).map((j) => j.jobId);

describe('two teams, each with its own key', () => {
  it('list only their own jobs; the operator lists both', async () => {
    const { call, a, b } = await twoTeams();
    expect(ids(await call('GET', '/jobs'))).toEqual([a]);
    expect(ids(await call('GET', '/jobs', { key: TEAM_B_KEY }))).toEqual([b]);
    expect(ids(await call('GET', '/jobs', { key: OPERATOR_KEY }))).toEqual([b, a]);
  });

  it("see another team's job as missing on every route, and change nothing of it", async () => {
    const { call, a, jobs, update, startCalls } = await twoTeams();
    update(a, { status: 'PARTIAL', outputs: { summary: `jobs/${a}/output/summary.json` } });
    const before = structuredClone(jobs.get(a));
    const starts = startCalls.length;
    for (const [method, path] of [
      ['GET', `/jobs/${a}`],
      ['GET', `/jobs/${a}/results`],
      ['DELETE', `/jobs/${a}`],
      ['POST', `/jobs/${a}/resume`],
      ['POST', `/jobs/${a}/reprocess`],
    ] as const) {
      const reply = await call(method, path, { key: TEAM_B_KEY });
      expect(reply.status, `${method} ${path}`).toBe(404);
      // The same answer as for an id nobody has: the reply does not even say the job exists.
      expect(reply.body.detail).toBe('There is no job with this id.');
    }
    expect(jobs.get(a)).toEqual(before);
    expect(startCalls).toHaveLength(starts);
    // Its owner, and the operator, still reach it.
    expect((await call('GET', `/jobs/${a}/results`)).status).toBe(200);
    expect((await call('GET', `/jobs/${a}`, { key: OPERATOR_KEY })).body).toMatchObject({ jobId: a, owner: 'team-a' });
    expect((await call('POST', `/jobs/${a}/resume`, { key: OPERATOR_KEY })).status).toBe(202);
  });

  it("may cancel their own running job, not another team's", async () => {
    const { call, a, b, jobs } = await twoTeams();
    expect((await call('DELETE', `/jobs/${b}`)).status).toBe(404);
    expect(jobs.get(b)!.cancelRequestedAt).toBeUndefined();
    expect((await call('DELETE', `/jobs/${a}`)).status).toBe(202);
  });

  it('use the same Idempotency-Key without meeting: each gets a job of its own', async () => {
    const { postJson, call } = setup();
    const headers = { 'idempotency-key': 'crm-sync-2026-12-01' };
    const first = await postJson('/jobs', LEADS, headers);
    const other = await postJson('/jobs', LEADS, headers, TEAM_B_KEY);
    expect(first.status).toBe(202);
    expect(other.status).toBe(202);
    expect(jobIdOf(other)).not.toBe(jobIdOf(first));
    // A replay by the same team still finds its own job.
    const replay = await postJson('/jobs', LEADS, headers);
    expect([replay.status, jobIdOf(replay)]).toEqual([200, jobIdOf(first)]);
    expect((await call('GET', `/jobs/${jobIdOf(other)}`)).status).toBe(404);
  });

  it('own the uploads they create', async () => {
    const { postJson, call } = setup();
    const upload = await postJson('/uploads', { fileName: 'leads.csv' }, undefined, TEAM_B_KEY);
    expect(upload.status).toBe(201);
    expect((await call('GET', `/jobs/${jobIdOf(upload)}`)).status).toBe(404);
    expect((await call('GET', `/jobs/${jobIdOf(upload)}`, { key: TEAM_B_KEY })).body).toMatchObject({ owner: 'team-b' });
  });

  it("cannot page into another team's jobs with a cursor", async () => {
    const { postJson, call } = setup();
    for (let i = 0; i < 3; i += 1) await postJson('/jobs', LEADS, undefined, TEAM_B_KEY);
    const page = await call('GET', '/jobs?limit=1', { key: TEAM_B_KEY });
    const cursor = page.body.nextCursor as string;
    expect(cursor).toBeDefined();
    const stolen = await call('GET', `/jobs?limit=1&cursor=${cursor}`);
    // Either refused, or a page of the caller's own jobs (none): never team B's.
    if (stolen.status === 200) expect(ids(stolen)).toEqual([]);
    else expect(stolen.status).toBe(400);
  });
});
