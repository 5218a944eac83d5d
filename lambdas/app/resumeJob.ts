import type { JobRecord } from '../aws/jobsRepository';
import type { Executions, JobStore } from '../api/ports';

export type ResumeOutcome =
  | { kind: 'resumed'; job: JobRecord; resume: number }
  | { kind: 'not_found' }
  /** only a FAILED or PARTIAL job can go on; the others are running, or ended with nothing left to finish */
  | { kind: 'not_resumable'; status: JobRecord['status'] };

/**
 * Lets a job that stopped (refused credentials, no credits, an outage) go on after the cause is fixed: a new
 * execution reopens the batches the job left unfinished and polls those a vendor accepted by the ids stored, so
 * nothing paid for is bought again or lost (lambdas/app/resumeBatches.ts). Rows already answered keep their answers.
 */
export async function resumeJob(
  jobId: string,
  ports: { jobs: Pick<JobStore, 'get' | 'reopenForResume'>; executions: Pick<Executions, 'resume'> },
): Promise<ResumeOutcome> {
  const job = await ports.jobs.get(jobId);
  if (!job) return { kind: 'not_found' };
  const resume = await ports.jobs.reopenForResume(jobId);
  if (resume === undefined) return { kind: 'not_resumable', status: job.status };
  await ports.executions.resume(jobId, job.inputKey, resume);
  return { kind: 'resumed', job: (await ports.jobs.get(jobId)) ?? job, resume };
}
