import { describe, expect, it } from 'vitest';
import type { Executions, JobStore } from '../../lambdas/api/ports';
import { startFollowUp } from '../../lambdas/app/followUp';
import { JOB_STATUSES, type JobRecord, type JobStatus } from '../../lambdas/core/job';
import { FOLLOW_UP_FROM, followUpExecutionName, followUpInput, jobIdOfExecution, type FollowUp } from '../../lambdas/core/jobIds';

const JOB = '0f8e3c1a-5b7d-4e2f-9a6c-1d2e3f4a5b6c';
const INPUT = `uploads/${JOB}/leads.csv`;

/**
 * The job row and the state machine's executions in memory, as their adapters behave (lambdas/aws/jobsRepository.ts
 * reopens only from FOLLOW_UP_FROM's states and counts each follow-up; lambdas/aws/executions.ts names follow-ups
 * with followUpExecutionName, and Step Functions refuses a second execution of a name).
 */
function setup(status: JobStatus, fields: Partial<JobRecord> = {}) {
  const job: JobRecord = { jobId: JOB, status, inputKey: INPUT, createdAt: '', updatedAt: '', expiresAt: 0, ...fields };
  const executions = new Map<string, Record<string, unknown>>();
  const jobs: Pick<JobStore, 'get' | 'reopen' | 'restore'> = {
    get: async (jobId) => (jobId === JOB ? { ...job } : undefined),
    reopen: async (jobId, kind) => {
      if (jobId !== JOB || !(FOLLOW_UP_FROM[kind] as readonly string[]).includes(job.status)) return undefined;
      const counter = kind === 'resume' ? 'resumes' : 'reprocesses';
      job[counter] = (job[counter] ?? 0) + 1;
      job.status = 'RUNNING';
      delete job.failureReason;
      delete job.completedAt;
      return job[counter];
    },
    restore: async (jobId, { status, failureReason }) => {
      if (jobId === JOB && job.status === 'RUNNING') Object.assign(job, { status, failureReason });
    },
  };
  let refuseStart = false;
  const started: Pick<Executions, 'followUp'> = {
    followUp: async (jobId, inputKey, kind, count) => {
      if (refuseStart) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      const name = followUpExecutionName(jobId, kind, count);
      if (executions.has(name)) return 'already_started';
      executions.set(name, followUpInput(jobId, inputKey, kind));
      return 'started';
    },
  };
  return {
    start: (kind: FollowUp, jobId = JOB) => startFollowUp(jobId, kind, { jobs, executions: started }),
    job,
    executions,
    refuseStarts: (refuse: boolean) => (refuseStart = refuse),
  };
}

const ENDED_FAILED = { failureReason: 'Leadspace rejected the API token (HTTP 401)', completedAt: '2026-12-01T10:00:00Z' };

describe('Follow-ups', () => {
  it.each<JobStatus>(['FAILED', 'PARTIAL'])(
    'resumes a %s job in a new execution named after it and the resume, reopened and its failure forgotten',
    async (status) => {
      const { start, job, executions } = setup(status, ENDED_FAILED);
      const outcome = await start('resume');
      expect(outcome).toMatchObject({ kind: 'started', count: 1, job: { jobId: JOB, status: 'RUNNING' } });
      expect(outcome.kind === 'started' && outcome.job.failureReason).toBeUndefined();
      expect(Object.fromEntries(executions)).toEqual({ [`${JOB}--resume-1`]: { jobId: JOB, inputKey: INPUT, resume: true } });
      // Merge and the execution-event rules read the job back from the name.
      expect(jobIdOfExecution(`${JOB}--resume-1`)).toBe(JOB);

      // It stops again and is resumed again: an execution of its own.
      job.status = 'FAILED';
      expect(await start('resume')).toMatchObject({ kind: 'started', count: 2 });
      expect([...executions.keys()]).toEqual([`${JOB}--resume-1`, `${JOB}--resume-2`]);
    },
  );

  it.each<JobStatus>(['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'])(
    'reprocesses a %s job in a new execution flagged to read its kept answers again',
    async (status) => {
      const { start, executions } = setup(status, { resumes: 1 });
      expect(await start('reprocess')).toMatchObject({ kind: 'started', count: 1, job: { status: 'RUNNING', reprocesses: 1, resumes: 1 } });
      expect(Object.fromEntries(executions)).toEqual({ [`${JOB}--reprocess-1`]: { jobId: JOB, inputKey: INPUT, reprocess: true } });
    },
  );

  const refused = (kind: FollowUp, allowed: JobStatus[]) => JOB_STATUSES.filter((s) => !allowed.includes(s)).map((status) => [kind, status] as const);

  it.each([...refused('resume', ['FAILED', 'PARTIAL']), ...refused('reprocess', ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'])])(
    'starts no %s of a %s job, and leaves the job as it was',
    async (kind, status) => {
      const { start, job, executions } = setup(status, ENDED_FAILED);
      const before = { ...job };
      expect(await start(kind)).toEqual({ kind: 'not_allowed', status });
      expect(job).toEqual(before);
      expect(executions.size).toBe(0);
    },
  );

  it('starts nothing for a job that does not exist', async () => {
    const { start, executions } = setup('FAILED');
    expect(await start('resume', '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6')).toEqual({ kind: 'not_found' });
    expect(await start('reprocess', '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6')).toEqual({ kind: 'not_found' });
    expect(executions.size).toBe(0);
  });

  it('puts the job back as it was when its execution cannot be started, so the follow-up can be asked again', async () => {
    const { start, job, executions, refuseStarts } = setup('FAILED', ENDED_FAILED);
    refuseStarts(true);
    await expect(start('resume')).rejects.toThrow('Rate exceeded');
    expect(job).toMatchObject({ status: 'FAILED', failureReason: ENDED_FAILED.failureReason });
    expect(executions.size).toBe(0);
    refuseStarts(false);
    expect(await start('resume')).toMatchObject({ kind: 'started', job: { status: 'RUNNING' } });
    expect(executions.size).toBe(1);
  });
});
