import { describeBatchFailure } from './failureReason';

export type FinalStatus = 'COMPLETED' | 'PARTIAL' | 'FAILED' | 'CANCELLED';

export interface JobEnd {
  cancelled: boolean;
  /** the state machine caught a failure (Prepare, a fatal vendor refusal, Merge itself) */
  failed: boolean;
  /** final batch states and, for failed ones, the error name the state machine caught */
  batches: readonly { state: string; error?: string }[];
  /** rows a plan step wanted but did not run for (the budget was spent) */
  skippedRows?: number;
  /** rows whose vendor step failed inside a collected batch (out of credits, an error the vendor kept) */
  failedRows?: number;
}

/**
 * How a job ended. PARTIAL means some batches were enriched and some failed, some rows failed, or the budget left
 * rows unsent; when
 * every batch failed nothing was enriched, so the job failed, with a reason naming why the batches failed.
 */
export function jobOutcome(end: JobEnd): { status: FinalStatus; reason?: string } {
  if (end.cancelled) return { status: 'CANCELLED' };
  if (end.failed) return { status: 'FAILED' };
  const failed = end.batches.filter((b) => b.state === 'FAILED');
  if (failed.length > 0 && failed.length === end.batches.length) {
    const reasons = [...new Set(failed.map((b) => describeBatchFailure(b.error)))];
    return { status: 'FAILED', reason: `Every batch failed (${reasons.join(', ')}); no lead was enriched` };
  }
  const partial = failed.length > 0 || (end.skippedRows ?? 0) > 0 || (end.failedRows ?? 0) > 0;
  return { status: partial ? 'PARTIAL' : 'COMPLETED' };
}
