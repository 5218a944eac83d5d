import { describe, expect, it } from 'vitest';
import { startJobsFromObjects, type StartJobsPorts } from '../../lambdas/app/startJobsFromObjects';
import type { JobRecord } from '../../lambdas/core/job';
import { memoryLog } from './fakes';

const UPLOAD_JOB = '00000000-0000-4000-8000-000000000001';

function setup(texts: Record<string, string> = {}) {
  const jobs = new Map<string, JobRecord>();
  const starts: string[] = [];
  const log = memoryLog();
  const now = new Date('2026-12-01T10:00:00Z');
  const ports: StartJobsPorts = {
    jobs: {
      get: async (jobId) => jobs.get(jobId),
      createIfAbsent: async (job) => {
        if (!jobs.has(job.jobId))
          jobs.set(job.jobId, { status: 'PREPARING', createdAt: now.toISOString(), updatedAt: now.toISOString(), expiresAt: 0, ...job });
        return jobs.get(job.jobId)!;
      },
      transition: async (jobId, from, to, _now, fields) => {
        const job = jobs.get(jobId)!;
        if (job.status !== from) return false;
        Object.assign(job, { status: to, ...fields });
        return true;
      },
    },
    executions: { start: async (jobId) => (starts.includes(jobId) ? 'already_started' : (starts.push(jobId), 'started')) },
    readText: async (key) => texts[key],
    webhooks: { allowPrivateHosts: false, allowHttp: false },
    now: () => now,
    log: log.log,
  };
  const waiting = () =>
    jobs.set(UPLOAD_JOB, {
      jobId: UPLOAD_JOB,
      status: 'AWAITING_UPLOAD',
      inputKey: `uploads/${UPLOAD_JOB}/leads.csv`,
      createdAt: '',
      updatedAt: '',
      expiresAt: 0,
    });
  return { run: (objects: Parameters<typeof startJobsFromObjects>[1]) => startJobsFromObjects(ports, objects), jobs, starts, waiting, lines: log.lines };
}

describe('objects landing in the bucket', () => {
  it("start the job waiting for an upload, pinned to the first upload's ETag; a second upload changes nothing", async () => {
    const { run, jobs, starts, waiting } = setup();
    waiting();
    await run([{ key: `uploads/${UPLOAD_JOB}/leads.csv`, eTag: 'etag-1' }]);
    await run([{ key: `uploads/${UPLOAD_JOB}/leads.csv`, eTag: 'etag-2' }]);
    expect(jobs.get(UPLOAD_JOB)).toMatchObject({ status: 'PREPARING', inputETag: 'etag-1' });
    expect(starts).toEqual([UPLOAD_JOB]);
  });

  it('ignore an upload no job waits for (another key, or a cancelled job)', async () => {
    const { run, jobs, starts, waiting, lines } = setup();
    waiting();
    await run([
      { key: `uploads/${UPLOAD_JOB}/other.csv`, eTag: 'e' },
      { key: 'uploads/00000000-0000-4000-8000-000000000009/x.csv', eTag: 'e' },
    ]);
    jobs.get(UPLOAD_JOB)!.status = 'CANCELLED';
    await run([{ key: `uploads/${UPLOAD_JOB}/leads.csv`, eTag: 'e' }]);
    expect(starts).toEqual([]);
    expect(lines.map((l) => l.message)).toEqual(Array(3).fill('Upload ignored: no job is waiting for this object'));
  });

  it("turn a dropped file into one job, with its sidecar's options, even when the event comes twice", async () => {
    const { run, jobs, starts } = setup({ 'inbox/leads.csv.options.json': JSON.stringify({ plan: ['leadspace'] }) });
    await run([{ key: 'inbox/leads.csv', eTag: 'e1' }]);
    await run([{ key: 'inbox/leads.csv', eTag: 'e1' }]);
    expect(jobs.size).toBe(1);
    expect([...jobs.values()][0]).toMatchObject({ source: 'inbox', fileName: 'leads.csv', inputETag: 'e1', options: { plan: ['leadspace'] } });
    expect(new Set(starts).size).toBe(1);
    // The same name with new content is a new job.
    await run([{ key: 'inbox/leads.csv', eTag: 'e2' }]);
    expect(jobs.size).toBe(2);
  });

  it('end an unsupported file or a bad sidecar as a FAILED job with a reason naming the field, never the value', async () => {
    const { run, jobs, starts } = setup({ 'inbox/b.csv.options.json': JSON.stringify({ webhookUrl: 'https://user:pw@hooks.example/x' }) });
    await run([
      { key: 'inbox/a.pdf', eTag: 'e' },
      { key: 'inbox/b.csv', eTag: 'e' },
    ]);
    const reasons = [...jobs.values()].map((j) => [j.status, j.failureReason]);
    expect(reasons).toEqual([
      ['FAILED', expect.stringMatching(/Unsupported file type for "\.pdf"/)],
      ['FAILED', expect.stringMatching(/invalid field\(s\): webhookUrl/)],
    ]);
    expect(JSON.stringify(reasons)).not.toContain('pw@');
    expect(starts).toEqual([]);
  });
});
