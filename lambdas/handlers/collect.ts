import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { putJsonLines, readJson, readJsonLines } from '../aws/s3';
import { VendorCache } from '../aws/vendorCache';
import { vendorStep } from '../aws/vendorSteps';
import type { StepRecord } from '../core/batcher';
import { jobLayout } from '../core/jobLayout';
import { VendorAnswerUnreadable } from '../core/errors';
import { MAX_ROUNDS } from '../core/rounds';
import { countAnswersNotUnderstood } from '../aws/metrics';
import { roundResults } from '../app/roundResults';
import { releaseVendorHold } from '../app/releaseVendorHold';
import { reprocessJob, type ReprocessInput, type ReprocessOutput } from '../app/reprocessJob';
import type { BatchStepInput } from './submit';

/**
 * Turns the round's raw vendor results into per-record outcomes and remembers the real answers in the cross-job
 * cache. Records the vendor failed transiently are written to a retry file and the batch goes round again
 * (once); everything else is final. The Reprocess state also runs here: it reads kept answers again.
 */
export async function handler(event: BatchStepInput | ReprocessInput): Promise<{ retry: boolean } | ReprocessOutput> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'CACHE_TABLE', 'CACHE_TTL_DAYS');
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  const cache = new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS);
  if ('reprocess' in event) return reprocessJob(event.jobId, { bucket: env.DATA_BUCKET, batches, jobs, cache, vendorStep });
  const batch = await batches.get(event.jobId, event.batchId);
  const layout = jobLayout(event.jobId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, vendor: batch.vendor, round: batch.round });
  if (batch.state === 'RETRY_PENDING' && batch.submittedRound !== batch.round) {
    // A replay of the Collect that already scheduled the retry round: its results are written, the round is next.
    return { retry: true };
  }
  const vendor = vendorStep(batch.vendor);

  const raw = await readJson<unknown>(env.DATA_BUCKET, layout.rawResults(event.batchId, batch.round));
  const sent: StepRecord[] = [];
  for await (const record of readJsonLines<StepRecord>(env.DATA_BUCKET, layout.sent(event.batchId, batch.round))) sent.push(record);
  let round: ReturnType<typeof roundResults>;
  try {
    round = roundResults(vendor, batch.vendor, raw, sent, batch.round < MAX_ROUNDS);
  } catch (error) {
    // A paid answer this code cannot read: alarmed on, the batch fails, the answer stays for `leadflow reprocess`.
    if (error instanceof VendorAnswerUnreadable) countAnswersNotUnderstood(batch.vendor, sent.length);
    throw error;
  }
  const { billed, reading, outOfCredits, unmapped = 0 } = round.collected;
  if (reading) logger.info('Vendor answer read', { reading });
  if (unmapped > 0) {
    logger.warn('Vendor answers with no field Leadflow can map: kept raw, rows "unmapped"', { unmapped });
    countAnswersNotUnderstood(batch.vendor, unmapped);
  }
  await putJsonLines(env.DATA_BUCKET, layout.results(event.batchId, batch.round), round.final);
  await cache.putMany(round.answers, new Date());
  // The round is out of the vendor's backlog; a retry round holds again when it is sent.
  await releaseVendorHold(vendor, batch, logger);

  if (outOfCredits) {
    // What the bulk did process is kept (above); the job's later batches stop buying from this vendor.
    await jobs.markOutOfCredits(event.jobId, batch.vendor);
    await jobs.recordFailureReason(event.jobId, `${batch.vendor} ran out of credits during the job: rows it did not reach are "failed: vendor out of credits"; run the file again after topping up, the cache keeps what was bought`);
  }
  const billedCounts = { recordsBilled: billed, [`${batch.vendor}Billed`]: billed, [`${batch.vendor}Unmapped`]: unmapped };
  if (round.retry.length > 0) {
    await putJsonLines(env.DATA_BUCKET, layout.retryBatch(event.batchId), round.retry);
    // Counted only by the attempt that moves the batch on, so a replayed Collect does not count twice.
    if (await batches.scheduleRetryRound(batch)) await jobs.addCounts(event.jobId, billedCounts);
    logger.info('Retrying records the vendor failed transiently', { records: round.retry.length });
    return { retry: true };
  }
  if (await batches.finish({ jobId: event.jobId, batchId: event.batchId }, 'COLLECTED')) {
    await jobs.addCounts(event.jobId, { batchesDone: 1, ...billedCounts });
  }
  logger.info('Batch collected', { records: sent.length, billed });
  return { retry: false };
}
