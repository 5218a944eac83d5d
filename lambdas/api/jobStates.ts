import type { JobSource, JobStatus } from '../aws/jobsRepository';

/*
 * The API's own copies of the job statuses and sources. The lists in lambdas/aws/jobsRepository.ts live in a
 * module that loads the AWS SDK, which the API application must not import; the mapped types below make the
 * compiler reject these copies as soon as they drift from the JobStatus and JobSource unions.
 */

export const JOB_STATUS_VALUES = {
  AWAITING_UPLOAD: 'AWAITING_UPLOAD',
  PREPARING: 'PREPARING',
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  PARTIAL: 'PARTIAL',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const satisfies { [S in JobStatus]: S };

export const JOB_SOURCE_VALUES = {
  api: 'api',
  upload: 'upload',
  inbox: 'inbox',
  herobase: 'herobase',
  cli: 'cli',
} as const satisfies { [S in JobSource]: S };

/** A job has ended once nothing will change it any more: its results (if any) are final. */
const ENDED: { readonly [S in JobStatus]: boolean } = {
  AWAITING_UPLOAD: false,
  PREPARING: false,
  RUNNING: false,
  COMPLETED: true,
  PARTIAL: true,
  FAILED: true,
  CANCELLED: true,
};

export const isEnded = (status: JobStatus): boolean => ENDED[status];
