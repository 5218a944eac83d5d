import type { StepRecord } from '../core/batcher';
import type { RecordResult } from '../core/enrichedFields';
import { VendorAnswerUnreadable } from '../core/errors';
import type { Vendor } from '../core/plan';
import { MAX_ROUNDS } from '../core/rounds';
import { releaseVendorHold } from './releaseVendorHold';
import { roundResults } from './roundResults';
import type { AnswerCache, BatchStore, JobStore, Log, VendorStep } from './ports';

/** A round's files (jobLayout): the records sent, and what Collect writes. */
export interface RoundFiles {
  readSent(jobId: string, batchId: string, round: number): AsyncIterable<StepRecord>;
  putResults(jobId: string, batchId: string, round: number, results: readonly RecordResult[]): Promise<void>;
  putRetry(jobId: string, batchId: string, records: readonly StepRecord[]): Promise<void>;
}

export interface CollectRoundPorts {
  batches: Pick<BatchStore, 'get' | 'scheduleRetryRound' | 'finish'>;
  jobs: Pick<JobStore, 'addCounts' | 'markOutOfCredits' | 'recordFailureReason'>;
  files: RoundFiles;
  cache: Pick<AnswerCache, 'putMany'>;
  vendors: (vendor: Vendor) => VendorStep;
  /** paid answers Leadflow could not read or map: alarmed on (lambdas/aws/metrics.ts) */
  countNotUnderstood(vendor: Vendor, records: number): void;
  now(): Date;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * Collect (Poll runs it once a round is ready, with the answer it has just kept): turns the round's raw vendor
 * answer into per-record outcomes and remembers the real answers in the cross-job cache. Records the vendor failed
 * transiently are written to a retry file and the batch goes round again (once); everything else is final. Counts
 * move on only with the attempt that moves the batch on, so a replayed Collect counts nothing twice.
 */
export async function collectRound(ports: CollectRoundPorts, jobId: string, batchId: string, raw: unknown): Promise<{ retry: boolean }> {
  const batch = await ports.batches.get(jobId, batchId);
  const log = ports.log({ jobId, batchId, vendor: batch.vendor, round: batch.round });
  // A replay of the Collect that already scheduled the retry round: its results are written, the round is next.
  if (batch.state === 'RETRY_PENDING' && batch.submittedRound !== batch.round) return { retry: true };
  const vendor = ports.vendors(batch.vendor);
  const sent: StepRecord[] = [];
  for await (const record of ports.files.readSent(jobId, batchId, batch.round)) sent.push(record);
  let round: ReturnType<typeof roundResults>;
  try {
    round = roundResults(vendor, batch.vendor, raw, sent, batch.round < MAX_ROUNDS);
  } catch (error) {
    // A paid answer this code cannot read: alarmed on, the batch fails, the answer stays for `leadflow reprocess`.
    if (error instanceof VendorAnswerUnreadable) ports.countNotUnderstood(batch.vendor, sent.length);
    throw error;
  }
  const { billed, reading, outOfCredits, unmapped = 0 } = round.collected;
  if (reading) log.info('Vendor answer read', { reading });
  if (unmapped > 0) {
    log.warn('Vendor answers with no field Leadflow can map: kept raw, rows "unmapped"', { unmapped });
    ports.countNotUnderstood(batch.vendor, unmapped);
  }
  await ports.files.putResults(jobId, batchId, batch.round, round.final);
  // The answers are in the round's results now. A cache that cannot take them costs a later job a purchase; failing
  // the batch here would throw away what was just paid for.
  await ports.cache
    .putMany(round.answers, ports.now())
    .catch((error: Error) => log.warn('Vendor answers not cached', { answers: round.answers.size, error: error.name }));
  // The round is out of the vendor's backlog; a retry round holds again when it is sent.
  await releaseVendorHold(vendor, batch, log);

  if (outOfCredits) {
    // What the bulk did process is kept (above); the job's later batches stop buying from this vendor.
    await ports.jobs.markOutOfCredits(jobId, batch.vendor);
    await ports.jobs.recordFailureReason(
      jobId,
      `${batch.vendor} ran out of credits during the job: rows it did not reach are "failed: vendor out of credits"; run the file again after topping up, the cache keeps what was bought`,
    );
  }
  const billedCounts = { recordsBilled: billed, [`${batch.vendor}Billed`]: billed, [`${batch.vendor}Unmapped`]: unmapped };
  if (round.retry.length > 0) {
    await ports.files.putRetry(jobId, batchId, round.retry);
    if (await ports.batches.scheduleRetryRound(batch)) await ports.jobs.addCounts(jobId, billedCounts);
    log.info('Retrying records the vendor failed transiently', { records: round.retry.length });
    return { retry: true };
  }
  if (await ports.batches.finish({ jobId, batchId }, 'COLLECTED')) await ports.jobs.addCounts(jobId, { batchesDone: 1, ...billedCounts });
  log.info('Batch collected', { records: sent.length, billed });
  return { retry: false };
}
