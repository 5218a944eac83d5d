import type { JobRecord } from '../core/job';
import type { Executions, JobStore } from '../api/ports';
import type { FollowUp } from '../core/jobIds';

export type FollowUpOutcome =
  | { kind: 'started'; job: JobRecord; count: number }
  | { kind: 'not_found' }
  /** a resume takes a FAILED or PARTIAL job, a reprocess any ended one; a running job takes neither */
  | { kind: 'not_allowed'; status: JobRecord['status'] };

/**
 * Starts a later execution of an ended job. `resume`: after the cause of a stop is fixed (credentials, credits, an
 * outage), the job reopens the batches it left unfinished and polls those a vendor accepted by the ids stored
 * (lambdas/app/resumeBatches.ts). `reprocess`: the vendor answers the job kept are read again with the code that
 * runs now (lambdas/app/reprocessJob.ts). Neither buys anything already bought.
 */
export async function startFollowUp(
  jobId: string,
  kind: FollowUp,
  ports: { jobs: Pick<JobStore, 'get' | 'reopen' | 'restore'>; executions: Pick<Executions, 'followUp'> },
): Promise<FollowUpOutcome> {
  const job = await ports.jobs.get(jobId);
  if (!job) return { kind: 'not_found' };
  const count = await ports.jobs.reopen(jobId, kind);
  if (count === undefined) return { kind: 'not_allowed', status: job.status };
  try {
    await ports.executions.followUp(jobId, job.inputKey, kind, count);
  } catch (error) {
    // Reopened (RUNNING) with no execution behind it, the job would answer 409 to every retry of the request.
    await ports.jobs.restore(jobId, job);
    throw error;
  }
  return { kind: 'started', job: (await ports.jobs.get(jobId)) ?? job, count };
}
