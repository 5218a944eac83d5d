import type { HoldOutcome } from '../../core/inFlightHolds';

/* Implemented by leadspaceBacklog (lambdas/aws/leadspaceBacklog.ts), over one item of the limits table per account. */

/*
 * Leadspace keeps at most 100,000 leads of an account in its backlog, whatever job sent them (docs/vendors.md),
 * so every running job's Leadspace batches hold their records in one ledger per account (per secret) from Submit
 * until Collect or BatchFailed, and a batch that finds no room waits instead of being refused by the vendor.
 */
export interface LeadspaceBacklog {
  hold(batch: BatchIds, records: number, untilMs: number): Promise<HoldOutcome>;
  release(batch: BatchIds): Promise<boolean>;
  /** a stopped job's batches that never reached Collect or BatchFailed */
  releaseJob(jobId: string): Promise<boolean>;
}

export interface BatchIds {
  jobId: string;
  batchId: string;
}
