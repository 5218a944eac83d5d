import type { JobCounter, JobRecord, JobStatus, NewJobRecord } from '../../core/job';
import type { Vendor } from '../../core/plan';

/* Implemented by JobsRepository (lambdas/aws/jobsRepository.ts), the jobs table. */

/** The job rows, as the workflow's use cases change them (the job API has its own: lambdas/api/ports.ts). */
export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Creates the job unless it exists: a retried Prepare or a re-delivered start event finds the same job. */
  createIfAbsent(job: NewJobRecord, now: Date): Promise<JobRecord>;
  update(jobId: string, fields: Partial<Omit<JobRecord, 'jobId'>>, now: Date): Promise<void>;
  /** Moves a job from one status to another only if it is still in the first; false otherwise. */
  transition(jobId: string, from: JobStatus, to: JobStatus, now: Date, with_?: Pick<JobRecord, 'inputETag'>): Promise<boolean>;
  /** Atomic counters, so concurrent batches never lose an update. */
  addCounts(jobId: string, counts: Partial<Record<JobCounter, number>>): Promise<void>;
  /** Records a plan step's counters once: false when a replay already did. */
  advanceLeadsStep(jobId: string, from: number, counts: Partial<Record<JobCounter, number>>, now: Date): Promise<boolean>;
  /** The first reason wins: a later, derivative error must not hide the one a user can act on. */
  recordFailureReason(jobId: string, reason: string): Promise<void>;
  /** Notes that a vendor has no credits left, so the job's later batches stop asking it. */
  markOutOfCredits(jobId: string, vendor: Vendor): Promise<void>;
}
