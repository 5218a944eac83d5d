import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { putJsonLines, readJson, readJsonLines } from '../aws/s3';
import { VendorCache, type CachedAnswer } from '../aws/vendorCache';
import { vendorStep } from '../aws/vendorSteps';
import type { StepRecord } from '../core/batcher';
import { jobLayout } from '../core/jobLayout';
import { VendorAnswerUnreadable } from '../core/errors';
import type { RecordResult } from '../core/enrichedFields';
import { isCacheable } from '../core/vendorCacheKey';
import type { BatchStepInput } from './submit';
import { countAnswersNotUnderstood } from '../aws/metrics';

/** Records a vendor failed transiently get exactly one more round. */
const MAX_ROUNDS = 2;

/**
 * Turns the round's raw vendor results into per-record outcomes and remembers the real answers in the cross-job
 * cache. Records the vendor failed transiently are written to a retry file and the batch goes round again
 * (once); everything else is final.
 */
export async function handler(event: BatchStepInput): Promise<{ retry: boolean }> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'CACHE_TABLE', 'CACHE_TTL_DAYS');
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const batch = await batches.get(event.jobId, event.batchId);
  const layout = jobLayout(event.jobId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, vendor: batch.vendor, round: batch.round });
  if (batch.state === 'RETRY_PENDING' && batch.submittedRound !== batch.round) {
    // A replay of the Collect that already scheduled the retry round: its results are written, the round is next.
    return { retry: true };
  }
  const vendor = vendorStep(batch.vendor);

  const raw = await readJson<unknown>(env.DATA_BUCKET, layout.rawResults(event.batchId, batch.round));
  const sentKey = batch.round === 1 ? layout.batch(event.batchId) : layout.retryBatch(event.batchId);
  const sent: StepRecord[] = [];
  for await (const record of readJsonLines<StepRecord>(env.DATA_BUCKET, sentKey)) sent.push(record);
  const { outcomes, retryIds, billed, reading, outOfCredits, unmapped = 0 } = collectOrAlarm(vendor, batch.vendor, raw, sent);
  if (reading) logger.info('Vendor answer read', { reading });
  if (unmapped > 0) {
    logger.warn('Vendor answers with no field Leadflow can map: kept raw, rows "unmapped"', { unmapped });
    countAnswersNotUnderstood(batch.vendor, unmapped);
  }

  const canRetry = batch.round < MAX_ROUNDS && retryIds.size > 0;
  const results: RecordResult[] = sent.map((record) => {
    const outcome = outcomes.get(record.externalId);
    if (outcome) return outcome;
    if (retryIds.has(record.externalId)) return vendor.stillFailing(record.externalId);
    return { externalId: record.externalId, status: `failed: ${batch.vendor} returned no result`, values: {} };
  });
  // On a retry round only the final outcomes are written; retried records are answered in the next round.
  const final = canRetry ? results.filter((r) => !retryIds.has(r.externalId)) : results;
  await putJsonLines(env.DATA_BUCKET, layout.results(event.batchId, batch.round), final);
  const cacheKeys = new Map(sent.map((r) => [r.externalId, r.cacheKey]));
  const answers = new Map<string, CachedAnswer>();
  for (const result of final) {
    const key = cacheKeys.get(result.externalId);
    if (key && isCacheable(result.status)) answers.set(key, { status: result.status, values: result.values });
  }
  await new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS).putMany(answers, new Date());

  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  if (outOfCredits) {
    // What the bulk did process is kept (above); the job's later batches stop buying from this vendor.
    await jobs.markOutOfCredits(event.jobId, batch.vendor);
    await jobs.recordFailureReason(event.jobId, `${batch.vendor} ran out of credits during the job: rows it did not reach are "failed: vendor out of credits"; run the file again after topping up, the cache keeps what was bought`);
  }
  const billedCounts = { recordsBilled: billed, [`${batch.vendor}Billed`]: billed, [`${batch.vendor}Unmapped`]: unmapped };
  if (canRetry) {
    await putJsonLines(env.DATA_BUCKET, layout.retryBatch(event.batchId), sent.filter((r) => retryIds.has(r.externalId)));
    // Counted only by the attempt that moves the batch on, so a replayed Collect does not count twice.
    if (await batches.scheduleRetryRound(batch)) await jobs.addCounts(event.jobId, billedCounts);
    logger.info('Retrying records the vendor failed transiently', { records: retryIds.size });
    return { retry: true };
  }
  if (await batches.finish({ jobId: event.jobId, batchId: event.batchId }, 'COLLECTED')) {
    await jobs.addCounts(event.jobId, { batchesDone: 1, ...billedCounts });
  }
  logger.info('Batch collected', { records: results.length, billed });
  return { retry: false };
}

/** A paid answer this code cannot read is alarmed on, then fails the batch (kept for leadflow reprocess). */
function collectOrAlarm(vendor: ReturnType<typeof vendorStep>, name: string, raw: unknown, sent: readonly StepRecord[]) {
  try {
    return vendor.collect(raw, sent);
  } catch (error) {
    if (error instanceof VendorAnswerUnreadable) countAnswersNotUnderstood(name, sent.length);
    throw error;
  }
}
