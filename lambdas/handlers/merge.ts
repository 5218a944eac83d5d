import { mergeJob, type MergeInput, type MergeJobPorts } from '../app/mergeJob';
import { config } from '../aws/config';
import { publishJobCompleted } from '../aws/jobEvents';
import type { JobStatus } from '../aws/jobsRepository';
import { lazy } from '../aws/lazy';
import { leadspaceBacklog } from '../aws/leadspaceBacklog';
import { countJobEnded } from '../aws/metrics';
import { openObjectWriter, putJson, readJsonIfExists, readJsonLines, readJsonLinesIfExists } from '../aws/s3';
import { openStepResults } from '../aws/stepResults';
import { batchStore, invocationLog, jobStore } from '../aws/workflowPorts';

export type { MergeInput } from '../app/mergeJob';

const ports = lazy((): MergeJobPorts => {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'EVENT_BUS_NAME');
  const bucket = env.DATA_BUCKET;
  const objects = { readJsonIfExists: <T>(key: string) => readJsonIfExists<T>(bucket, key), readJsonLines: <T>(key: string) => readJsonLines<T>(bucket, key), readJsonLinesIfExists: <T>(key: string) => readJsonLinesIfExists<T>(bucket, key), openWriter: (key: string, type: string) => openObjectWriter(bucket, key, type), putJson: (key: string, value: unknown) => putJson(bucket, key, value) };
  const stepResults: MergeJobPorts['openStepResults'] = (jobId, step, planStep, unfinished) => openStepResults(bucket, env.BATCHES_TABLE, jobId, step, planStep, unfinished);
  const bus = env.EVENT_BUS_NAME;
  return { jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), batches: batchStore(env.BATCHES_TABLE), objects, openStepResults: stepResults, backlog: leadspaceBacklog(), ...(bus && { publishCompleted: (detail) => publishJobCompleted(bus, detail) }), countJobEnded, now: () => new Date(), log: invocationLog };
});

/** Merge (lambdas/app/mergeJob.ts). */
export const handler = (input: MergeInput): Promise<{ status: JobStatus }> => mergeJob(ports(), input);
