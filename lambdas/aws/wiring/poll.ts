/* The adapters of the poll handler (lambdas/handlers/poll.ts), built once per container from its configuration. */
import { collectRound, type CollectRoundPorts } from '../../app/collectRound';
import { pollRound } from '../../app/pollRound';
import { now } from '../clock';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { countAnswersNotUnderstood, countVendorCalls } from '../metrics';
import { VendorCache } from '../vendorCache';
import { vendorStep } from '../vendorSteps';
import { batchStore, invocationLog, jobStore, rawAnswers, roundFiles } from '../workflowPorts';
import type { BatchStepInput } from '../../app/ports';

countVendorCalls();

export const useCase = lazy(() => {
  const env = config(...FUNCTION_ENV.poll);
  const [batches, jobs] = [batchStore(env.BATCHES_TABLE), jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS)];
  const collect: CollectRoundPorts = {
    batches,
    jobs,
    cache: new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS),
    files: roundFiles(env.DATA_BUCKET),
    vendors: vendorStep,
    countNotUnderstood: countAnswersNotUnderstood,
    now: () => new Date(),
    log: invocationLog,
  };
  const ports = {
    batches,
    jobs,
    vendors: vendorStep,
    answers: rawAnswers(env.DATA_BUCKET),
    collect: (jobId: string, batchId: string, raw: unknown) => collectRound(collect, jobId, batchId, raw),
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
