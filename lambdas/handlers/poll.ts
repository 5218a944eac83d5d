import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { leadspaceClient } from '../aws/leadspace';
import { putJson } from '../aws/s3';
import { nextPollDelaySeconds } from '../core/backoff';
import { BatchDeadlineExceeded, VendorBulkFailed } from '../core/errors';
import { jobLayout } from '../core/jobLayout';
import { VendorFatalError } from '../vendors/errors';
import type { BatchStepInput } from './submit';

export interface PollOutput {
  ready: boolean;
  waitSeconds: number;
}

/** Asks the vendor for the round's results; stores them when ready, otherwise says how long to back off. */
export async function handler(event: BatchStepInput): Promise<PollOutput> {
  const env = config(
    'JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEADSPACE_SECRET_ID', 'LEADSPACE_BASE_URL',
    'POLL_INTERVAL_SECONDS', 'BACKOFF_MAX_SECONDS', 'BATCH_DEADLINE_SECONDS', 'LEAD_DATA_EXPIRY_DAYS',
  );
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const batch = await batches.get(event.jobId, event.batchId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, round: batch.round });
  if (!batch.pollingPath || batch.submittedRound !== batch.round) {
    throw new Error('Poll reached for a round that was never submitted');
  }

  if (batch.callbackRound === batch.round && batch.callbackStatus === 'INSUFFICIENT_CREDITS') {
    const error = new VendorFatalError({
      vendor: 'leadspace',
      httpStatus: 427,
      code: 'insufficient_credits',
      message: 'Leadspace ran out of credits while processing a batch (callback INSUFFICIENT_CREDITS)',
    });
    await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).recordFailureReason(event.jobId, error.message);
    throw error;
  }
  if (batch.callbackRound === batch.round && batch.callbackStatus === 'INTERNAL_ERROR') {
    throw new VendorBulkFailed('Leadspace reported INTERNAL_ERROR for the bulk');
  }

  const client = await leadspaceClient(env.LEADSPACE_SECRET_ID, env.LEADSPACE_BASE_URL);
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  const results = await client.getResults(batch.pollingPath).catch(async (error: unknown) => {
    // A token revoked mid-job stops the job like a refused submission: keep the reason the user can act on.
    if (error instanceof VendorFatalError) await jobs.recordFailureReason(event.jobId, error.message);
    throw error;
  });
  if (results.state === 'done') {
    await putJson(env.DATA_BUCKET, jobLayout(event.jobId).rawResults(event.batchId, batch.round), results.results);
    return { ready: true, waitSeconds: 0 };
  }
  if (results.state === 'not_found') throw new VendorBulkFailed('Leadspace has no results for the bulk (HTTP 404)');

  const elapsedSeconds = (Date.now() - Date.parse(batch.submittedAt ?? new Date().toISOString())) / 1000;
  if (elapsedSeconds > env.BATCH_DEADLINE_SECONDS) {
    throw new BatchDeadlineExceeded(`No results ${env.BATCH_DEADLINE_SECONDS} s after submission`);
  }
  const pollCount = await batches.incrementPollCount(batch);
  const waitSeconds = nextPollDelaySeconds(pollCount, env.POLL_INTERVAL_SECONDS, env.BACKOFF_MAX_SECONDS);
  logger.debug('Vendor results not ready', { pollCount, waitSeconds });
  return { ready: false, waitSeconds };
}
