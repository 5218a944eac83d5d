/**
 * What to do with a batch round whose last submission ended without knowing whether the vendor accepted it (a
 * 5XX or a timeout after the request left, an attempt that died). Resending blindly would buy the round twice,
 * so the vendor's own callback, which names the bulk it accepted, is awaited for a grace window first
 * (docs/vendors.md, "At most once").
 */
export type UncertainRoundAction =
  /** no callback (or none the vendor confirms) yet: look again after this many seconds */
  | { kind: 'wait'; seconds: number }
  /** the window passed without a callback: the vendor most likely never accepted it; send again */
  | { kind: 'resend' }
  /** as many uncertain attempts as allowed, and still no callback: the vendor is down for this batch */
  | { kind: 'give_up' };

export interface UncertainRound {
  round: number;
  /** the round the uncertain fields below are about: those of another round say nothing about this one */
  uncertainRound?: number;
  /** when the uncertain attempt ended */
  uncertainAt?: string;
  /** how many attempts at `uncertainRound` ended uncertain */
  uncertainAttempts?: number;
  /** when an attempt that died claimed the round */
  claimedAt?: string;
  adoptedRound?: number;
  /** bulks signed callbacks named for `adoptedRound`, not yet confirmed with the vendor */
  adoptedBulkIds?: ReadonlySet<string> | readonly string[];
}

/** Sending a round this many times without an answer or a callback means the vendor is down, not slow. */
export const MAX_UNCERTAIN_ATTEMPTS = 3;

/** The bulks signed callbacks named for this round, to confirm with the vendor before one is adopted. */
export function namedBulks(batch: UncertainRound): string[] {
  return batch.adoptedRound === batch.round ? [...(batch.adoptedBulkIds ?? [])].sort() : [];
}

/** When the grace window of the round's uncertain attempt started, if it is this round's. */
export function uncertainSince(batch: UncertainRound): string | undefined {
  return (batch.uncertainRound === batch.round ? batch.uncertainAt : undefined) ?? batch.claimedAt;
}

export function decideUncertainRound(batch: UncertainRound, nowMs: number, graceSeconds: number, pollIntervalSeconds: number): UncertainRoundAction {
  const startedAt = uncertainSince(batch);
  const since = startedAt ? Date.parse(startedAt) : Number.NaN;
  // Without a time to count from, the window starts now rather than never.
  const remainingMs = Number.isFinite(since) ? since + graceSeconds * 1000 - nowMs : graceSeconds * 1000;
  if (remainingMs > 0) return { kind: 'wait', seconds: Math.max(1, Math.min(pollIntervalSeconds, Math.ceil(remainingMs / 1000))) };
  const attempts = batch.uncertainRound === batch.round ? (batch.uncertainAttempts ?? 1) : 1;
  return attempts >= MAX_UNCERTAIN_ATTEMPTS ? { kind: 'give_up' } : { kind: 'resend' };
}
