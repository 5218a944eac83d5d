import { failBatch, type FailBatchPorts } from '../app/failBatch';
import { config } from '../aws/config';
import { FUNCTION_ENV } from '../aws/functionEnvironment';
import { lazy } from '../aws/lazy';
import { vendorStep } from '../aws/vendorSteps';
import { batchStore, invocationLog, jobStore } from '../aws/workflowPorts';
import type { BatchStepInput } from '../app/ports';

const ports = lazy((): FailBatchPorts => {
  const env = config(...FUNCTION_ENV.batchFailed);
  return { batches: batchStore(env.BATCHES_TABLE), jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), vendors: vendorStep, log: invocationLog };
});

/** BatchFailed (lambdas/app/failBatch.ts). */
export const handler = (event: BatchStepInput & { error: string }): Promise<void> => failBatch(ports(), event.jobId, event.batchId, event.error);
