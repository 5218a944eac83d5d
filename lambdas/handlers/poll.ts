import { config } from '../aws/config';
import { now } from '../aws/clock';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { putJson } from '../aws/s3';
import { vendorStep } from '../aws/vendorSteps';
import { nextPollDelaySeconds } from '../core/backoff';
import { BatchDeadlineExceeded } from '../core/errors';
import { jobLayout } from '../core/jobLayout';
import { VendorFatalError } from '../vendors/errors';
import { countVendorCalls } from '../aws/metrics';

countVendorCalls();
import type { BatchProgress, BatchStepInput } from './submit';

/** Asks the vendor for the round's results; stores them when ready, otherwise says how long to back off. */
export async function handler(event: BatchStepInput): Promise<BatchProgress> {
  const env = config(
    'JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'POLL_INTERVAL_SECONDS', 'BACKOFF_MAX_SECONDS', 'BATCH_DEADLINE_SECONDS',
    'LEAD_DATA_EXPIRY_DAYS',
  );
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const batch = await batches.get(event.jobId, event.batchId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, vendor: batch.vendor, round: batch.round });
  if (batch.submittedRound !== batch.round || !batch.vendorBulkId) throw new Error('Poll reached for a round that was never submitted');
  const vendor = vendorStep(batch.vendor);

  const outcome = await vendor.poll(batch, env.DATA_BUCKET).catch(async (error: unknown) => {
    // A token revoked mid-job stops the job like a refused submission: keep the reason the user can act on.
    if (error instanceof VendorFatalError) {
      await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).recordFailureReason(event.jobId, error.message);
    }
    throw error;
  });
  const progress = { sent: true, callsBack: vendor.callsBack };
  if (outcome.state === 'done') {
    await putJson(env.DATA_BUCKET, jobLayout(event.jobId).rawResults(event.batchId, batch.round), outcome.raw);
    return { ...progress, ready: true, waitSeconds: 0 };
  }

  const elapsedSeconds = (now() - Date.parse(batch.submittedAt ?? new Date(now()).toISOString())) / 1000;
  if (elapsedSeconds > env.BATCH_DEADLINE_SECONDS) {
    throw new BatchDeadlineExceeded(`No results ${env.BATCH_DEADLINE_SECONDS} s after submission`);
  }
  const pollCount = await batches.incrementPollCount(batch);
  const waitSeconds =
    outcome.waitMs !== undefined
      ? Math.max(1, Math.ceil(outcome.waitMs / 1000))
      : nextPollDelaySeconds(pollCount, env.POLL_INTERVAL_SECONDS, env.BACKOFF_MAX_SECONDS);
  logger.debug('Vendor results not ready', { pollCount, waitSeconds });
  return { ...progress, ready: false, waitSeconds };
}
