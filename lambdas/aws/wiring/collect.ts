/* The adapters of the collect handler (lambdas/handlers/collect.ts), built once per container from its configuration. */
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { countAnswersNotUnderstood } from '../metrics';
import { VendorCache } from '../vendorCache';
import { vendorStep } from '../vendorSteps';
import { batchStore, invocationLog, jobFiles, jobStore, roundFiles, stepResultsOf } from '../workflowPorts';

export const ports = lazy(() => {
  const env = config(...FUNCTION_ENV.collect);
  const [batches, jobs, cache] = [
    batchStore(env.BATCHES_TABLE),
    jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS),
  ];
  const collect = {
    batches,
    jobs,
    cache,
    files: roundFiles(env.DATA_BUCKET),
    vendors: vendorStep,
    countNotUnderstood: countAnswersNotUnderstood,
    now: () => new Date(),
    log: invocationLog,
  };
  const reprocess = {
    batches,
    jobs,
    cache,
    vendorStep,
    objects: jobFiles(env.DATA_BUCKET),
    openStepResults: stepResultsOf(env.DATA_BUCKET, env.BATCHES_TABLE),
  };
  return { collect, reprocess };
});
