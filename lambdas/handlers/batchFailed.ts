import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { vendorStep } from '../aws/vendorSteps';
import { releaseVendorHold } from '../app/releaseVendorHold';
import type { BatchStepInput } from './submit';

/**
 * A batch the vendor could not finish (deadline, persistent 5XX, bulk error). Its rows end as `failed: …`
 * and the job as PARTIAL; other batches carry on. Only the error name arrives, never a cause text.
 */
export async function handler(event: BatchStepInput & { error: string }): Promise<void> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'LEAD_DATA_EXPIRY_DAYS');
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId });
  if (await batches.finish({ jobId: event.jobId, batchId: event.batchId }, 'FAILED', event.error)) {
    await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).addCounts(event.jobId, { batchesFailed: 1 });
  }
  const batch = await batches.get(event.jobId, event.batchId);
  await releaseVendorHold(vendorStep(batch.vendor), batch, logger);
  logger.warn('Batch failed', { error: event.error });
}
