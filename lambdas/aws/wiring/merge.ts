/* The adapters of the merge handler (lambdas/handlers/merge.ts), built once per container from its configuration. */
import type { MergeJobPorts } from '../../app/mergeJob';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { publishJobCompleted } from '../jobEvents';
import { lazy } from '../lazy';
import { leadspaceBacklog } from '../leadspaceBacklog';
import { countJobEnded } from '../metrics';
import { batchStore, invocationLog, jobFiles, jobStore, stepResultsOf } from '../workflowPorts';

export const ports = lazy((): MergeJobPorts => {
  const env = config(...FUNCTION_ENV.merge);
  const bucket = env.DATA_BUCKET;
  const bus = env.EVENT_BUS_NAME;
  return {
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    batches: batchStore(env.BATCHES_TABLE),
    objects: jobFiles(bucket),
    openStepResults: stepResultsOf(bucket, env.BATCHES_TABLE),
    backlog: leadspaceBacklog(),
    ...(bus && { publishCompleted: (detail) => publishJobCompleted(bus, detail) }),
    countJobEnded,
    now: () => new Date(),
    log: invocationLog,
  };
});
