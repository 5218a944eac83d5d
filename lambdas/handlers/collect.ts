import { collectRound } from '../app/collectRound';
import { reprocessJob, type ReprocessInput, type ReprocessOutput } from '../app/reprocessJob';
import type { BatchStepInput } from '../app/ports';
import { ports } from '../aws/wiring/collect';

/** Collect (lambdas/app/collectRound.ts); the Reprocess state runs here too: it reads kept answers again. */
export async function handler(event: BatchStepInput | ReprocessInput): Promise<{ retry: boolean } | ReprocessOutput> {
  if ('reprocess' in event) return reprocessJob(event.jobId, ports().reprocess);
  return collectRound(ports().collect, event.jobId, event.batchId);
}
