import type { Vendor } from './plan';

/* A vendor batch as every layer sees it; the DynamoDB adapter (lambdas/aws/batchesRepository.ts) stores it. */

export type BatchState = 'PENDING' | 'SUBMITTED' | 'RETRY_PENDING' | 'COLLECTED' | 'FAILED';

/**
 * One vendor batch. `round` is 1 for the first submission and 2 for the one-time retry of records the vendor
 * failed transiently; submission, callback and collection are all keyed on the round so replays are no-ops.
 */
export interface BatchRecord {
  jobId: string;
  batchId: string;
  /** the plan step (0-based) and its vendor */
  step: number;
  vendor: Vendor;
  records: number;
  round: number;
  state: BatchState;
  /** a Submit attempt is sending this round (set before the vendor call, so two attempts never both send) */
  claimedRound?: number;
  claimedAt?: string;
  /** an attempt at this round ended without knowing whether the vendor accepted it (5XX, lost response) */
  uncertainRound?: number;
  /** when that attempt ended: the grace window for the vendor's callback starts here */
  uncertainAt?: string;
  /** attempts at `uncertainRound` that ended uncertain (lambdas/core/uncertainRound.ts) */
  uncertainAttempts?: number;
  /**
   * A bulk the vendor named in a signed callback for this round before Leadflow knew it had been accepted (the
   * acceptance was lost): the next attempt adopts it instead of buying the round again. docs/vendors.md
   */
  adoptedRound?: number;
  /** every bulk named so far (a DynamoDB string set): a forged name cannot push the genuine one out */
  adoptedBulkIds?: Set<string>;
  submittedRound?: number;
  vendorBulkId?: string;
  pollingPath?: string;
  submittedAt?: string;
  pollCount?: number;
  taskToken?: string;
  callbackRound?: number;
  callbackStatus?: string;
  error?: string;
  expiresAt: number;
}

/**
 * Whether a signed callback naming `vendorBulkId` for `round` can still change the batch: wake the round that
 * waits for that bulk, or name the bulk of a round whose acceptance was lost. The conditional writes that record
 * it (lambdas/aws/batchesRepository.ts) decide; this rules out, from one read, the callbacks that cannot, such as
 * the second and later of LeadGenius's one-webhook-per-email-found, so they cost a read instead of two failed writes.
 */
export function callbackCanChange(batch: BatchRecord, round: number, vendorBulkId: string): boolean {
  const wakes = batch.state === 'SUBMITTED' && batch.submittedRound === round && batch.vendorBulkId === vendorBulkId && batch.callbackRound !== round;
  const names = batch.round === round && batch.submittedRound !== round && (batch.adoptedRound === undefined || batch.adoptedRound === round);
  return wakes || names;
}
