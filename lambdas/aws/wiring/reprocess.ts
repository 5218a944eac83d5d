/* The adapters of the reprocess handler (lambdas/handlers/reprocess.ts), built once per container from its configuration. */
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { VendorCache } from '../vendorCache';
import { vendorStep } from '../vendorSteps';
import { batchStore, jobFiles, jobStore, stepResultsOf } from '../workflowPorts';

export const ports = lazy(() => {
  const env = config(...FUNCTION_ENV.reprocess);
  return {
    batches: batchStore(env.BATCHES_TABLE),
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    cache: new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS),
    vendorStep,
    objects: jobFiles(env.DATA_BUCKET),
    openStepResults: stepResultsOf(env.DATA_BUCKET, env.BATCHES_TABLE),
  };
});
