import type { BatchRecord } from '../core/batch';
import type { JobCounter } from '../core/job';
import type { StepRecord } from '../core/batcher';
import { callbackUrl } from '../core/callbackSignature';
import { JobCancelled, SubmissionInProgress, VendorOutOfCredits, VendorUnavailable } from '../core/errors';
import type { Vendor } from '../core/plan';
import { MAX_UNCERTAIN_ATTEMPTS } from '../core/uncertainRound';
import { VendorFatalError, VendorTransientError } from '../vendors/errors';
import type { BatchProgress, BatchStepInput, BatchStore, Clock, JobStore, Log, VendorStep } from './ports';
import { settleUncertainRound } from './uncertainSubmission';

export interface SubmitSettings {
  callbackBaseUrl: string;
  pollIntervalSeconds: number;
  uncertainSubmitGraceSeconds: number;
  batchDeadlineSeconds: number;
}

export interface SubmitRoundPorts {
  batches: Pick<BatchStore, 'get' | 'claimSubmission' | 'releaseClaim' | 'recordSubmission' | 'forgetAdoptedBulks'>;
  jobs: Pick<JobStore, 'get' | 'addCounts' | 'markOutOfCredits' | 'recordFailureReason'>;
  vendors: (vendor: Vendor) => VendorStep;
  /** the records of a round, as PlanStep or Collect wrote them (jobLayout.sent) */
  readSent(jobId: string, batchId: string, round: number): AsyncIterable<StepRecord>;
  /** the key callback URLs are signed with (read per submission: a rotated key applies at once) */
  signingKey(): Promise<string>;
  clock: Clock;
  log: (keys: Record<string, string | number>) => Log;
}

/** A claim older than the Submit function's timeout belongs to an attempt that can no longer be running. */
const CLAIM_STALE_MS = 180_000;

/**
 * Submit: sends the batch's current round to its vendor, at most once: the round is claimed before anything is sent, a
 * replay after the vendor accepted it does nothing, and an attempt that ended without knowing whether the vendor
 * accepted it is not resent before the vendor's callback had its chance to name the bulk (docs/vendors.md).
 */
export async function submitRound(ports: SubmitRoundPorts, env: SubmitSettings, event: BatchStepInput): Promise<BatchProgress> {
  const { batches, jobs } = ports;
  const now = ports.clock;
  const batch = await batches.get(event.jobId, event.batchId);
  const logger = ports.log({ jobId: event.jobId, batchId: event.batchId, vendor: batch.vendor, round: batch.round });
  const vendor = ports.vendors(batch.vendor);
  const sentProgress: BatchProgress = { sent: true, ready: false, waitSeconds: env.pollIntervalSeconds, callsBack: vendor.callsBack };
  // A resumed job runs its step's whole manifest again: a batch collected before needs nothing (lambdas/app/resumeBatches.ts).
  if (batch.state === 'COLLECTED') return { ...sentProgress, ready: true, waitSeconds: 0 };

  const claimed = await batches.claimSubmission(batch, new Date(now()), CLAIM_STALE_MS);
  if (claimed.claim === 'submitted') {
    logger.info('Round already submitted; not sending again');
    return sentProgress;
  }
  if (claimed.claim === 'busy') throw new SubmissionInProgress('Another attempt is submitting this round');

  let resend = false;
  if (claimed.claim === 'reclaimed' && vendor.namesBulkInCallback) {
    const settled = await settleUncertainRound(batch, claimed.before, vendor, batches, {
      nowMs: now(),
      graceSeconds: env.uncertainSubmitGraceSeconds,
      pollIntervalSeconds: env.pollIntervalSeconds,
    });
    if (settled.kind === 'adopted') {
      await countQuietly(
        jobs,
        event.jobId,
        { [`${batch.vendor}Recovered`]: 1, recordsSubmitted: batch.records, [`${batch.vendor}Sent`]: batch.records },
        logger,
      );
      logger.info('Uncertain round recovered from the vendor callback; not sending again', { vendorBulkId: settled.vendorBulkId });
      return sentProgress;
    }
    if (settled.kind === 'give_up') {
      throw new VendorUnavailable(`${batch.vendor} gave no answer to ${MAX_UNCERTAIN_ATTEMPTS} submissions of this round, and no callback`);
    }
    if (settled.kind === 'wait') {
      logger.info('Uncertain round: waiting for the vendor callback before sending again', { waitSeconds: settled.seconds });
      return { ...sentProgress, sent: false, waitSeconds: settled.seconds };
    }
    resend = true;
  }
  // Checked after an uncertain round had its chance: a round the vendor may hold is still adopted and collected.
  const job = await jobs.get(event.jobId);
  if (job?.cancelRequestedAt) {
    await batches.releaseClaim(batch);
    throw new JobCancelled('The job was cancelled before this batch was sent');
  }
  if (job?.outOfCredits?.includes(batch.vendor)) {
    await batches.releaseClaim(batch);
    throw new VendorOutOfCredits(`${batch.vendor} had no credits left earlier in this job; batch not sent`);
  }
  return send(ports, env, { batch, vendor, reclaimed: claimed.claim === 'reclaimed', resend, sentProgress, logger });
}

interface SendContext {
  batch: BatchRecord;
  vendor: VendorStep;
  reclaimed: boolean;
  resend: boolean;
  sentProgress: BatchProgress;
  logger: Log;
}

async function send(ports: SubmitRoundPorts, env: SubmitSettings, ctx: SendContext): Promise<BatchProgress> {
  const { batches, jobs } = ports;
  const now = ports.clock;
  const { batch, vendor, logger } = ctx;
  const records: StepRecord[] = [];
  for await (const record of ports.readSent(batch.jobId, batch.batchId, batch.round)) records.push(record);

  const signingKey = await ports.signingKey();
  // The URL (and what the round holds with the vendor) outlives the batch's deadline by the grace window: a
  // callback after that can no longer help.
  const expiresAt = Math.floor(now() / 1000) + env.batchDeadlineSeconds + env.uncertainSubmitGraceSeconds;
  try {
    const outcome = await vendor.submit({
      batch,
      records,
      reclaimed: ctx.reclaimed,
      holdUntilMs: expiresAt * 1000,
      noRoomWaitMs: env.pollIntervalSeconds * 1000,
      callbackUrl: callbackUrl(env.callbackBaseUrl, signingKey, {
        vendor: batch.vendor,
        jobId: batch.jobId,
        batchId: batch.batchId,
        round: batch.round,
        expiresAt,
      }),
    });
    if ('throttledMs' in outcome) {
      await batches.releaseClaim(batch);
      logger.debug('Vendor rate limit or backlog full; waiting', { waitMs: outcome.throttledMs });
      return { ...ctx.sentProgress, sent: false, waitSeconds: Math.max(1, Math.ceil(outcome.throttledMs / 1000)) };
    }
    await batches.recordSubmission(batch, outcome.accepted.vendorBulkId, outcome.accepted.pollingPath, new Date(now()));
  } catch (error) {
    if (error instanceof VendorFatalError && error.code === 'insufficient_credits') {
      // Nothing was bought; the job's other batches still collect what the vendor already accepted.
      await batches.releaseClaim(batch);
      await jobs.markOutOfCredits(batch.jobId, batch.vendor);
      await jobs.recordFailureReason(batch.jobId, error.message);
      logger.warn('Vendor out of credits; batch not sent', { httpStatus: error.httpStatus });
      throw new VendorOutOfCredits(error.message);
    }
    // A refusal means nothing is with the vendor; anything else may have reached it, which the next attempt learns.
    const uncertain = mayHaveBeenAccepted(error);
    await batches.releaseClaim(batch, uncertain ? { since: new Date(now()), attempted: true } : undefined);
    if (uncertain && vendor.namesBulkInCallback) {
      // Not an error to retry at once: the round waits for the vendor's callback (above), whatever the failure was.
      logger.warn('Submission ended without an answer that says whether the vendor accepted it; waiting for its callback', {
        error: (error as Error).name,
      });
      return { ...ctx.sentProgress, sent: false, waitSeconds: env.pollIntervalSeconds };
    }
    if (error instanceof VendorFatalError) {
      // The whole job stops on a refused token or input; keep the reason the user can act on.
      await jobs.recordFailureReason(batch.jobId, error.message);
      logger.error('Vendor refused the batch', { httpStatus: error.httpStatus, code: error.code });
    } else {
      logger.warn('Submission ended without an answer that says whether the vendor accepted it', { error: (error as Error).name });
    }
    throw error;
  }
  // The round is with the vendor and recorded: a counter that fails to update must not fail the batch.
  await countQuietly(
    jobs,
    batch.jobId,
    {
      recordsSubmitted: records.length,
      [`${batch.vendor}Sent`]: records.length,
      ...(ctx.resend && { [`${batch.vendor}Resent`]: 1 }),
    },
    logger,
  );
  logger.info('Batch submitted', { records: records.length, resend: ctx.resend });
  return ctx.sentProgress;
}

/**
 * A refusal bought nothing: a fatal status, or a rate limit (429, or LeadGenius's 403 that speaks of one: the
 * client reports it as transient). Anything else (a 5XX, no answer, an unreadable acceptance) may have.
 */
function mayHaveBeenAccepted(error: unknown): boolean {
  if (error instanceof VendorFatalError) return false;
  return !(error instanceof VendorTransientError && (error.httpStatus === 429 || error.httpStatus === 403));
}

function countQuietly(jobs: Pick<SubmitRoundPorts['jobs'], 'addCounts'>, jobId: string, counts: Partial<Record<JobCounter, number>>, logger: Log) {
  return jobs.addCounts(jobId, counts).catch((error: Error) => {
    logger.warn('Could not update the job counters', { error: error.name });
  });
}
