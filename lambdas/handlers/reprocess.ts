import { reprocessJob, type ReprocessInput, type ReprocessOutput } from '../app/reprocessJob';
import { ports } from '../aws/wiring/reprocess';

/** The Reprocess state (lambdas/app/reprocessJob.ts): reads a job's kept vendor answers again. */
export const handler = (event: ReprocessInput): Promise<ReprocessOutput> => reprocessJob(event.jobId, ports());
