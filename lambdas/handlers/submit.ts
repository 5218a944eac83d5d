import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { readJsonLines } from '../aws/s3';
import { getTextSecret } from '../aws/secrets';
import { vendorStep } from '../aws/vendorSteps';
import type { StepRecord } from '../core/batcher';
import { callbackUrl } from '../core/callbackSignature';
import { jobLayout } from '../core/jobLayout';
import { VendorFatalError } from '../vendors/errors';
import { countVendorCalls } from '../aws/metrics';

countVendorCalls();

export interface BatchStepInput {
  jobId: string;
  batchId: string;
}

/** Where the batch stands after Submit or Poll: the state machine's choices read these. */
export interface BatchProgress {
  /** the round is with the vendor (false: the shared rate limit had no room; wait and submit again) */
  sent: boolean;
  ready: boolean;
  waitSeconds: number;
  /** the vendor calls back, so waiting parks a task token (Await) instead of sleeping */
  callsBack: boolean;
}

/** Another Submit attempt is sending this round right now; Step Functions retries this one later. */
export class SubmissionInProgress extends Error {
  override readonly name = 'SubmissionInProgress';
}

/** A claim older than the Submit function's timeout belongs to an attempt that can no longer be running. */
const CLAIM_STALE_MS = 180_000;

/**
 * Sends the batch's current round to its vendor, at most once: the round is claimed before anything is sent,
 * and a replay after the vendor accepted it does nothing, so a lead is never bought twice.
 */
export async function handler(event: BatchStepInput): Promise<BatchProgress> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'CALLBACK_SIGNING_SECRET_ID', 'CALLBACK_BASE_URL', 'LEAD_DATA_EXPIRY_DAYS', 'POLL_INTERVAL_SECONDS');
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const batch = await batches.get(event.jobId, event.batchId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, vendor: batch.vendor, round: batch.round });
  const vendor = vendorStep(batch.vendor);
  const sentProgress: BatchProgress = { sent: true, ready: false, waitSeconds: env.POLL_INTERVAL_SECONDS, callsBack: vendor.callsBack };

  const claim = await batches.claimSubmission(batch, new Date(), CLAIM_STALE_MS);
  if (claim === 'submitted') {
    logger.info('Round already submitted; not sending again');
    return sentProgress;
  }
  if (claim === 'busy') throw new SubmissionInProgress('Another attempt is submitting this round');

  const layout = jobLayout(event.jobId);
  const key = batch.round === 1 ? layout.batch(event.batchId) : layout.retryBatch(event.batchId);
  const records: StepRecord[] = [];
  for await (const record of readJsonLines<StepRecord>(env.DATA_BUCKET, key)) records.push(record);

  const signingKey = await getTextSecret(env.CALLBACK_SIGNING_SECRET_ID);
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  try {
    const outcome = await vendor.submit({
      batch,
      records,
      reclaimed: claim === 'reclaimed',
      callbackUrl: callbackUrl(env.CALLBACK_BASE_URL, signingKey, {
        vendor: batch.vendor,
        jobId: event.jobId,
        batchId: event.batchId,
        round: batch.round,
      }),
    });
    if ('throttledMs' in outcome) {
      await batches.releaseClaim(batch, false);
      logger.debug('Vendor rate limit reached; waiting', { waitMs: outcome.throttledMs });
      return { ...sentProgress, sent: false, waitSeconds: Math.max(1, Math.ceil(outcome.throttledMs / 1000)) };
    }
    await batches.recordSubmission(batch, outcome.accepted.vendorBulkId, outcome.accepted.pollingPath, new Date());
  } catch (error) {
    // A refusal means nothing is with the vendor; anything else may have reached it, which the next attempt learns.
    await batches.releaseClaim(batch, !(error instanceof VendorFatalError));
    if (error instanceof VendorFatalError) {
      // The whole job stops on a refused token or exhausted credits; keep the reason the user can act on.
      await jobs.recordFailureReason(event.jobId, error.message);
      logger.error('Vendor refused the batch', { httpStatus: error.httpStatus, code: error.code });
    }
    throw error;
  }
  // The round is with the vendor and recorded: a counter that fails to update must not fail the batch.
  await jobs.addCounts(event.jobId, { recordsSubmitted: records.length, [`${batch.vendor}Sent`]: records.length }).catch((error: Error) => {
    logger.warn('Could not count the records sent', { error: error.name });
  });
  logger.info('Batch submitted', { records: records.length });
  return sentProgress;
}
