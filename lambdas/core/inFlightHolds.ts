/*
 * Capacity held while work is with a vendor, as Leadspace's backlog (at most 100,000 leads per account, whatever
 * job sent them) needs it: a holder (one batch) holds an amount from when it is sent until it is collected or
 * failed. Unlike a rate limit this is not a window in time, so a hold lasts until it is released, or until its
 * `until` passes (the batch can no longer be waiting: an execution that died never released it). Pure: the
 * caller passes the clock reading, a store (lambdas/aws/inFlightLedger.ts) keeps the holds between calls.
 */

/** One holder's share: who (ids only, never lead data), how much, and when it lapses (epoch milliseconds). */
export interface Hold {
  holder: string;
  amount: number;
  until: number;
}

export type HoldResult = { granted: true; holds: Hold[] } | { granted: false; holds: Hold[]; heldByOthers: number };

/** A hold's answer as its store gives it, without the holds. */
export type HoldOutcome = { granted: true } | { granted: false; heldByOthers: number };

/**
 * Grants `holder` the amount if the others' live holds leave room for it under `capacity`. Holding again (a
 * retried Submit, the batch's next round) replaces the holder's earlier hold rather than adding to it, so a
 * replay never counts twice. The returned holds are pruned of lapsed ones; refused, they are left as they were.
 *
 * Throws RangeError for an amount that could never be held (not positive, or more than the capacity).
 */
export function tryHold(holds: readonly Hold[], request: Hold, capacity: number, now: number): HoldResult {
  if (!Number.isFinite(capacity) || capacity <= 0) throw new RangeError(`Capacity must be a positive number: ${capacity}`);
  if (!Number.isFinite(request.amount) || request.amount <= 0 || request.amount > capacity) {
    throw new RangeError(`Amount ${request.amount} could never be held within a capacity of ${capacity}`);
  }
  const others = liveHolds(holds, now).filter((h) => h.holder !== request.holder);
  const heldByOthers = others.reduce((sum, h) => sum + h.amount, 0);
  if (heldByOthers + request.amount > capacity) return { granted: false, holds: liveHolds(holds, now), heldByOthers };
  return { granted: true, holds: [...others, { ...request }] };
}

/** The live holds except those of the holders released; releasing what is not held changes nothing. */
export function releaseHolds(holds: readonly Hold[], released: (holder: string) => boolean, now: number): Hold[] {
  return liveHolds(holds, now).filter((h) => !released(h.holder));
}

function liveHolds(holds: readonly Hold[], now: number): Hold[] {
  return holds.filter((h) => h.until > now);
}
