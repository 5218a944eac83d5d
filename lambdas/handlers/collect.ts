import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { BatchesRepository } from '../aws/batchesRepository';
import { JobsRepository } from '../aws/jobsRepository';
import { putJsonLines, readJson, readJsonLines } from '../aws/s3';
import { jobLayout } from '../core/jobLayout';
import type { BatchRecord } from '../core/lead';
import type { RecordResult } from '../core/enrichedFields';
import { stillFailingAfterRetry, toRecordResult, type LeadspaceResult } from '../vendors/leadspace';
import type { BatchStepInput } from './submit';

/** Leadspace's record error 1100 is transient: such records get exactly one more round. */
const MAX_ROUNDS = 2;

/**
 * Turns the round's raw vendor results into per-record outcomes. Records the vendor failed transiently are
 * written to a retry file and the batch goes round again (once); everything else is final.
 */
export async function handler(event: BatchStepInput): Promise<{ retry: boolean }> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS');
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const batch = await batches.get(event.jobId, event.batchId);
  const layout = jobLayout(event.jobId);
  const logger = invocationLogger({ jobId: event.jobId, batchId: event.batchId, round: batch.round });

  const raw = await readJson<LeadspaceResult[]>(env.DATA_BUCKET, layout.rawResults(event.batchId, batch.round));
  const sentKey = batch.round === 1 ? layout.batch(event.batchId) : layout.retryBatch(event.batchId);
  const sent: BatchRecord[] = [];
  for await (const record of readJsonLines<BatchRecord>(env.DATA_BUCKET, sentKey)) sent.push(record);

  const outcomes = new Map<string, RecordResult>();
  const retryIds = new Set<string>();
  let billed = 0;
  for (const result of raw) {
    if (result.status === 'success') billed += 1;
    const mapped = toRecordResult(result);
    if ('retry' in mapped) retryIds.add(mapped.externalId);
    else outcomes.set(mapped.externalId, mapped);
  }

  const canRetry = batch.round < MAX_ROUNDS && retryIds.size > 0;
  const results: RecordResult[] = sent.map((record) => {
    const outcome = outcomes.get(record.externalId);
    if (outcome) return outcome;
    if (retryIds.has(record.externalId)) return stillFailingAfterRetry(record.externalId);
    return { externalId: record.externalId, status: 'failed: leadspace returned no result', values: {} };
  });
  // On a retry round only the final outcomes are written; retried records are answered in the next round.
  await putJsonLines(
    env.DATA_BUCKET,
    layout.results(event.batchId, batch.round),
    canRetry ? results.filter((r) => !retryIds.has(r.externalId)) : results,
  );

  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  if (canRetry) {
    await putJsonLines(env.DATA_BUCKET, layout.retryBatch(event.batchId), sent.filter((r) => retryIds.has(r.externalId)));
    await batches.scheduleRetryRound(batch);
    await jobs.addCounts(event.jobId, { recordsBilled: billed });
    logger.info('Retrying records the vendor failed transiently', { records: retryIds.size });
    return { retry: true };
  }
  if (await batches.finish({ jobId: event.jobId, batchId: event.batchId }, 'COLLECTED')) {
    await jobs.addCounts(event.jobId, { batchesDone: 1, recordsBilled: billed });
  }
  logger.info('Batch collected', { records: results.length, billed });
  return { retry: false };
}
