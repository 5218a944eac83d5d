import type { BatchRecord } from '../../core/batch';

/* Implemented by BatchesRepository (lambdas/aws/batchesRepository.ts), the batches table. */

/** The batch rows of a job. */
export interface BatchStore {
  get(jobId: string, batchId: string): Promise<BatchRecord>;
  /** the batch, or undefined when there is none (expired, or never planned) */
  find(jobId: string, batchId: string): Promise<BatchRecord | undefined>;
  /** A job's batches; with `step`, only that plan step's. */
  listForJob(jobId: string, step?: number): Promise<BatchRecord[]>;
  putNew(batches: readonly Pick<BatchRecord, 'jobId' | 'batchId' | 'step' | 'vendor' | 'records' | 'expiresAt'>[]): Promise<void>;
  /**
   * Claims the round for one Submit attempt before anything is sent. Another attempt still inside its claim gets
   * `busy`; a claim older than `staleAfterMs` belongs to an attempt that died, possibly after the vendor accepted
   * the round, so the new owner learns it is `reclaimed` and can reconcile.
   */
  claimSubmission(
    batch: BatchRecord,
    now: Date,
    staleAfterMs: number,
  ): Promise<{ claim: 'claimed' | 'reclaimed'; before: BatchRecord } | { claim: 'busy' | 'submitted' }>;
  /**
   * Gives a claim back when the attempt is over. `uncertain`: an attempt may have reached the vendor at `since`,
   * so the next owner waits for the vendor's callback from then on; `attempted` when this attempt sent the round.
   */
  releaseClaim(batch: BatchRecord, uncertain?: { since: Date; attempted: boolean }): Promise<void>;
  /** Returns false when this round was already submitted: the vendor accepted it once and must not bill twice. */
  recordSubmission(batch: BatchRecord, vendorBulkId: string, pollingPath: string | undefined, now: Date): Promise<boolean>;
  /**
   * Records a vendor callback once per round, only while the batch waits for it. Returns the parked task token,
   * or undefined when the callback is a duplicate, late, or for another bulk (and so changes nothing).
   */
  recordCallback(key: { jobId: string; batchId: string }, round: number, vendorBulkId: string, status: string): Promise<{ taskToken?: string } | undefined>;
  /**
   * Remembers the bulk a signed callback names for a round not recorded as submitted (its acceptance was lost, or
   * is still on its way); false when the round is already submitted or has moved on.
   */
  recordAdoptableBulk(key: { jobId: string; batchId: string }, round: number, vendorBulkId: string): Promise<boolean>;
  /** Forgets bulks the vendor says are not this round's (forged or garbled callbacks); genuine names stay. */
  forgetAdoptedBulks(batch: BatchRecord, vendorBulkIds: readonly string[]): Promise<void>;
  incrementPollCount(batch: BatchRecord): Promise<number>;
  /** Moves the batch to its next round once; false when a replayed Collect finds it already moved. */
  scheduleRetryRound(batch: BatchRecord): Promise<boolean>;
  /** Reopens a batch a stopped job left unfinished: SUBMITTED when the vendor accepted its round, PENDING otherwise. */
  reopen(batch: BatchRecord): Promise<void>;
  /** A batch whose unreadable answer was read after all (`reprocess`): COLLECTED once; false if it was not FAILED. */
  recover(batch: BatchRecord): Promise<boolean>;
  /** Moves the batch to a final state once; false when it already was final (a replay): nothing is counted twice. */
  finish(key: { jobId: string; batchId: string }, state: 'COLLECTED' | 'FAILED', error?: string): Promise<boolean>;
}
