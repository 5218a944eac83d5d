/* The adapters of the poll handler (lambdas/handlers/poll.ts), built once per container from its configuration. */
import { pollRound } from '../../app/pollRound';
import { now } from '../clock';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { countVendorCalls } from '../metrics';
import { vendorStep } from '../vendorSteps';
import { batchStore, invocationLog, jobStore, rawAnswers } from '../workflowPorts';
import type { BatchStepInput } from '../../app/ports';

countVendorCalls();

export const useCase = lazy(() => {
  const env = config(...FUNCTION_ENV.poll);
  const ports = {
    batches: batchStore(env.BATCHES_TABLE),
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    vendors: vendorStep,
    answers: rawAnswers(env.DATA_BUCKET),
    clock: now,
    log: invocationLog,
  };
  const settings = {
    pollIntervalSeconds: env.POLL_INTERVAL_SECONDS,
    backoffMaxSeconds: env.BACKOFF_MAX_SECONDS,
    batchDeadlineSeconds: env.BATCH_DEADLINE_SECONDS,
  };
  return (event: BatchStepInput) => pollRound(ports, settings, event.jobId, event.batchId);
});
