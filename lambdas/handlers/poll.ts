import { pollRound } from '../app/pollRound';
import { now } from '../aws/clock';
import { config } from '../aws/config';
import { lazy } from '../aws/lazy';
import { countVendorCalls } from '../aws/metrics';
import { vendorStep } from '../aws/vendorSteps';
import { batchStore, invocationLog, jobStore, rawAnswers } from '../aws/workflowPorts';
import type { BatchProgress, BatchStepInput } from '../app/ports';

countVendorCalls();

const useCase = lazy(() => {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'POLL_INTERVAL_SECONDS', 'BACKOFF_MAX_SECONDS', 'BATCH_DEADLINE_SECONDS', 'LEAD_DATA_EXPIRY_DAYS');
  const ports = { batches: batchStore(env.BATCHES_TABLE), jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), vendors: vendorStep, answers: rawAnswers(env.DATA_BUCKET), clock: now, log: invocationLog };
  const settings = { pollIntervalSeconds: env.POLL_INTERVAL_SECONDS, backoffMaxSeconds: env.BACKOFF_MAX_SECONDS, batchDeadlineSeconds: env.BATCH_DEADLINE_SECONDS };
  return (event: BatchStepInput) => pollRound(ports, settings, event.jobId, event.batchId);
});

/** Poll (lambdas/app/pollRound.ts). */
export const handler = (event: BatchStepInput): Promise<BatchProgress> => useCase()(event);
