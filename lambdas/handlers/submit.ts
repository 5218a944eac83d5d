import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { leadspaceClient } from '../aws/leadspace';
import { readJsonLines } from '../aws/s3';
import { getTextSecret } from '../aws/secrets';
import { callbackUrl } from '../core/callbackSignature';
import { jobLayout } from '../core/jobLayout';
import type { BatchRecord } from '../core/lead';
import { VendorFatalError } from '../vendors/errors';

export interface BatchStepInput {
  jobId: string;
  batchId: string;
}

/**
 * Sends the batch's current round to Leadspace. A replay after the vendor accepted the round does nothing:
 * the recorded submission is the idempotency key, so a lead is never bought twice.
 */
export async function handler(event: BatchStepInput): Promise<void> {
  const env = config(
    'JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEADSPACE_SECRET_ID', 'LEADSPACE_BASE_URL',
    'CALLBACK_SIGNING_SECRET_ID', 'CALLBACK_BASE_URL', 'LEAD_DATA_EXPIRY_DAYS',
  );
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const batch = await batches.get(event.jobId, event.batchId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, round: batch.round });
  if (batch.submittedRound === batch.round) {
    logger.info('Round already submitted; not sending again');
    return;
  }

  const layout = jobLayout(event.jobId);
  const key = batch.round === 1 ? layout.batch(event.batchId) : layout.retryBatch(event.batchId);
  const records: BatchRecord[] = [];
  for await (const record of readJsonLines<BatchRecord>(env.DATA_BUCKET, key)) records.push(record);

  const signingKey = await getTextSecret(env.CALLBACK_SIGNING_SECRET_ID);
  const client = await leadspaceClient(env.LEADSPACE_SECRET_ID, env.LEADSPACE_BASE_URL);
  try {
    const accepted = await client.submitBulk({
      records,
      externalBulkId: `${event.jobId}:${event.batchId}:${batch.round}`,
      callbackUrl: callbackUrl(env.CALLBACK_BASE_URL, signingKey, {
        vendor: 'leadspace',
        jobId: event.jobId,
        batchId: event.batchId,
        round: batch.round,
      }),
    });
    await batches.recordSubmission(batch, accepted.bulkId, accepted.pollingPath, new Date());
    await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).addCounts(event.jobId, { recordsSubmitted: records.length });
    logger.info('Batch submitted', { records: records.length, vendorBulkId: accepted.bulkId });
  } catch (error) {
    if (error instanceof VendorFatalError) {
      // The whole job stops on a refused token or exhausted credits; keep the reason the user can act on.
      await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).recordFailureReason(event.jobId, error.message);
      logger.error('Vendor refused the batch', { httpStatus: error.httpStatus, code: error.code });
    }
    throw error;
  }
}
