import { nextPollDelaySeconds } from '../core/backoff';
import { BatchDeadlineExceeded } from '../core/errors';
import { VendorFatalError } from '../vendors/errors';
import type { BatchStore, Clock, JobStore, Log, PollProgress, RawAnswers, VendorSteps } from './ports';

export interface PollSettings {
  pollIntervalSeconds: number;
  backoffMaxSeconds: number;
  batchDeadlineSeconds: number;
}

export interface PollRoundPorts {
  batches: Pick<BatchStore, 'get' | 'incrementPollCount'>;
  jobs: Pick<JobStore, 'recordFailureReason'>;
  vendors: VendorSteps;
  answers: RawAnswers;
  /** Collect (lambdas/app/collectRound.ts) of the round whose answer was just kept, given that answer */
  collect(jobId: string, batchId: string, raw: unknown): Promise<{ retry: boolean }>;
  clock: Clock;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * Poll: asks the vendor for a round's results. Ready: the answer is kept as it came (for `leadflow reprocess`) and
 * collected in the same invocation, which saves the workflow a state, a Choice and an invocation per round
 * (docs/cost.md). Not ready: how long to back off (the vendor's or the shared limit's word, else an exponential
 * backoff), until the batch's deadline, after which its rows end `failed: vendor timeout`.
 */
export async function pollRound(ports: PollRoundPorts, settings: PollSettings, jobId: string, batchId: string): Promise<PollProgress> {
  const batch = await ports.batches.get(jobId, batchId);
  const log = ports.log({ jobId, batchId, vendor: batch.vendor, round: batch.round });
  const vendor = ports.vendors(batch.vendor);
  // Once the round's callback has come, no other will wake the batch: it is slept on between polls, not awaited
  // (an Await would end at once, and a bulk not ready after its callback would be polled in a tight loop).
  const progress = { sent: true, callsBack: vendor.callsBack && batch.callbackRound !== batch.round };
  // A replay of the Poll whose collecting already scheduled the retry round: that round is next.
  if (batch.state === 'RETRY_PENDING' && batch.submittedRound !== batch.round) return { ...progress, ready: true, waitSeconds: 0, retry: true };
  if (batch.submittedRound !== batch.round || !batch.vendorBulkId) throw new Error('Poll reached for a round that was never submitted');

  const outcome = await vendor.poll(batch).catch(async (error: unknown) => {
    // A token revoked mid-job stops the job like a refused submission: keep the reason the user can act on.
    if (error instanceof VendorFatalError) await ports.jobs.recordFailureReason(jobId, error.message);
    throw error;
  });
  if (outcome.state === 'done') {
    await ports.answers.put(jobId, batchId, batch.round, outcome.raw);
    const { retry } = await ports.collect(jobId, batchId, outcome.raw);
    return { ...progress, ready: true, waitSeconds: 0, retry };
  }

  const submittedAt = batch.submittedAt ? Date.parse(batch.submittedAt) : ports.clock();
  if ((ports.clock() - submittedAt) / 1000 > settings.batchDeadlineSeconds) {
    throw new BatchDeadlineExceeded(`No results ${settings.batchDeadlineSeconds} s after submission`);
  }
  const pollCount = await ports.batches.incrementPollCount(batch);
  const waitSeconds =
    outcome.waitMs !== undefined
      ? Math.max(1, Math.ceil(outcome.waitMs / 1000))
      : nextPollDelaySeconds(pollCount, settings.pollIntervalSeconds, settings.backoffMaxSeconds);
  log.debug('Vendor results not ready', { pollCount, waitSeconds });
  return { ...progress, ready: false, waitSeconds, retry: false };
}
