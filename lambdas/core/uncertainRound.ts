/**
 * What to do with a batch round whose last submission ended without knowing whether the vendor accepted it (a
 * 5XX or a timeout after the request left, an attempt that died). Resending blindly would buy the round twice,
 * so the vendor's own callback, which names the bulk it accepted, is awaited for a grace window first
 * (docs/vendors.md, "At most once").
 */
export type UncertainRoundAction =
  /** a signed callback named the bulk: poll it, send nothing */
  | { kind: 'adopt'; vendorBulkId: string; pollingPath?: string }
  /** no callback yet: look again after this many seconds */
  | { kind: 'wait'; seconds: number }
  /** the window passed without a callback: the vendor most likely never accepted it; send again */
  | { kind: 'resend' }
  /** as many uncertain attempts as allowed, and still no callback: the vendor is down for this batch */
  | { kind: 'give_up' };

export interface UncertainRound {
  round: number;
  adoptedRound?: number;
  adoptedBulkId?: string;
  adoptedPollingPath?: string;
  /** when the uncertain attempt ended (or, for an attempt that died, when it claimed the round) */
  uncertainSince?: string;
  /** how many attempts at this round ended uncertain */
  uncertainAttempts?: number;
}

/** Sending a round this many times without an answer or a callback means the vendor is down, not slow. */
export const MAX_UNCERTAIN_ATTEMPTS = 3;

export function decideUncertainRound(
  batch: UncertainRound,
  nowMs: number,
  graceSeconds: number,
  pollIntervalSeconds: number,
): UncertainRoundAction {
  if (batch.adoptedRound === batch.round && batch.adoptedBulkId) {
    return { kind: 'adopt', vendorBulkId: batch.adoptedBulkId, ...(batch.adoptedPollingPath && { pollingPath: batch.adoptedPollingPath }) };
  }
  const since = batch.uncertainSince ? Date.parse(batch.uncertainSince) : Number.NaN;
  // Without a time to count from, the window starts now rather than never.
  const remainingMs = Number.isFinite(since) ? since + graceSeconds * 1000 - nowMs : graceSeconds * 1000;
  if (remainingMs <= 0) return (batch.uncertainAttempts ?? 1) >= MAX_UNCERTAIN_ATTEMPTS ? { kind: 'give_up' } : { kind: 'resend' };
  return { kind: 'wait', seconds: Math.max(1, Math.min(pollIntervalSeconds, Math.ceil(remainingMs / 1000))) };
}
