import { mergeJob, type MergeInput } from '../app/mergeJob';
import type { JobStatus } from '../core/job';
import { ports } from '../aws/wiring/merge';
export type { MergeInput } from '../app/mergeJob';

/** Merge (lambdas/app/mergeJob.ts). */
export const handler = (input: MergeInput): Promise<{ status: JobStatus }> => mergeJob(ports(), input);
