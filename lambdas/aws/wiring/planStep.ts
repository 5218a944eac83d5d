/* The adapters of the planStep handler (lambdas/handlers/planStep.ts), built once per container from its configuration. */
import type { PlanStepPorts } from '../../app/planStep';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { VendorCache } from '../vendorCache';
import { batchStore, invocationLog, jobFiles, jobStore, stepResultsOf } from '../workflowPorts';

export const ports = lazy(() => {
  const env = config(...FUNCTION_ENV.planStep);
  const [bucket, jobs, batches] = [env.DATA_BUCKET, jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), batchStore(env.BATCHES_TABLE)];
  const step: PlanStepPorts = {
    jobs,
    batches,
    objects: jobFiles(bucket),
    openStepResults: stepResultsOf(bucket, env.BATCHES_TABLE),
    cache: new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS),
    now: () => new Date(),
    log: invocationLog,
  };
  const settings = {
    bucket,
    aggKnowledgeEnvironment: env.AGGKNOWLEDGE_ENVIRONMENT,
    leadGeniusObjectsPerHour: env.LEADGENIUS_OBJECTS_PER_HOUR,
    leadDataExpiryDays: env.LEAD_DATA_EXPIRY_DAYS,
  };
  return { step, settings, resume: { batches, jobs, bucket } };
});
