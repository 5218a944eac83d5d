import type { Vendor } from '../core/plan';
import { releaseVendorHold } from './releaseVendorHold';
import type { BatchStore, JobStore, Log, VendorStep } from './ports';

export interface FailBatchPorts {
  batches: Pick<BatchStore, 'get' | 'finish'>;
  jobs: Pick<JobStore, 'addCounts'>;
  vendors: (vendor: Vendor) => Pick<VendorStep, 'release'>;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * BatchFailed: a batch the vendor could not finish (deadline, persistent 5XX, bulk error). Its rows end as
 * `failed: …` and the job as PARTIAL; other batches carry on. Only the error name arrives, never a cause text.
 * What the batch held with the vendor (Leadspace's backlog) is given back.
 */
export async function failBatch(ports: FailBatchPorts, jobId: string, batchId: string, error: string): Promise<void> {
  const log = ports.log({ jobId, batchId });
  if (await ports.batches.finish({ jobId, batchId }, 'FAILED', error)) await ports.jobs.addCounts(jobId, { batchesFailed: 1 });
  const batch = await ports.batches.get(jobId, batchId);
  await releaseVendorHold(ports.vendors(batch.vendor), batch, log);
  log.warn('Batch failed', { error });
}
