/* The adapters of the submit handler (lambdas/handlers/submit.ts), built once per container from its configuration. */
import type { BatchStepInput } from '../../app/ports';
import { submitRound, type SubmitRoundPorts } from '../../app/submitRound';
import { now } from '../clock';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { countVendorCalls } from '../metrics';
import { getTextSecret } from '../secrets';
import { vendorStep } from '../vendorSteps';
import { batchStore, invocationLog, jobStore, roundFiles } from '../workflowPorts';

countVendorCalls();

export const useCase = lazy(() => {
  const env = config(...FUNCTION_ENV.submit);
  const ports: SubmitRoundPorts = {
    batches: batchStore(env.BATCHES_TABLE),
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    vendors: vendorStep,
    readSent: roundFiles(env.DATA_BUCKET).readSent,
    signingKey: () => getTextSecret(env.CALLBACK_SIGNING_SECRET_ID),
    clock: now,
    log: invocationLog,
  };
  const settings = {
    callbackBaseUrl: env.CALLBACK_BASE_URL,
    pollIntervalSeconds: env.POLL_INTERVAL_SECONDS,
    uncertainSubmitGraceSeconds: env.UNCERTAIN_SUBMIT_GRACE_SECONDS,
    batchDeadlineSeconds: env.BATCH_DEADLINE_SECONDS,
  };
  return (event: BatchStepInput) => submitRound(ports, settings, event);
});
