import { collectRound } from '../app/collectRound';
import { reprocessJob, type ReprocessInput, type ReprocessOutput } from '../app/reprocessJob';
import { config } from '../aws/config';
import { lazy } from '../aws/lazy';
import { countAnswersNotUnderstood } from '../aws/metrics';
import { VendorCache } from '../aws/vendorCache';
import { vendorStep } from '../aws/vendorSteps';
import { batchStore, invocationLog, jobStore, roundFiles } from '../aws/workflowPorts';
import type { BatchStepInput } from '../app/ports';

const ports = lazy(() => {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'CACHE_TABLE', 'CACHE_TTL_DAYS');
  const [batches, jobs, cache] = [batchStore(env.BATCHES_TABLE), jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS)];
  const collect = { batches, jobs, cache, files: roundFiles(env.DATA_BUCKET), vendors: vendorStep, countNotUnderstood: countAnswersNotUnderstood, now: () => new Date(), log: invocationLog };
  return { collect, reprocess: { bucket: env.DATA_BUCKET, batches, jobs, cache, vendorStep } };
});

/** Collect (lambdas/app/collectRound.ts); the Reprocess state runs here too: it reads kept answers again. */
export async function handler(event: BatchStepInput | ReprocessInput): Promise<{ retry: boolean } | ReprocessOutput> {
  if ('reprocess' in event) return reprocessJob(event.jobId, ports().reprocess);
  return collectRound(ports().collect, event.jobId, event.batchId);
}
