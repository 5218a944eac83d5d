/*
 * Trailing (sliding) window limits, as vendors such as LeadGenius enforce them: a call at time `now` is allowed
 * when the amounts already granted with `at > now - window`, plus this amount, stay within the limit, for every
 * rule. Pure and deterministic: the caller passes the clock reading, and a store (vendorRateLimiter.ts) keeps the
 * ledger between calls. The ledger holds only times and amounts.
 */

export interface WindowRule {
  /** length of the trailing window, in milliseconds */
  windowMs: number;
  /** most that may be granted within any trailing window of that length */
  limit: number;
}

/** One granted take: when (epoch milliseconds, on the taker's clock) and how much. */
export interface Grant {
  at: number;
  amount: number;
}

export type TakeResult = { granted: true; ledger: Grant[] } | { granted: false; retryAtMs: number; ledger: Grant[] };

/**
 * Grants `amount` at `now` if every rule allows it. `marginMs` widens every window (a window is treated as
 * `windowMs + marginMs`), so that clock skew and latency between the taker and the vendor cannot turn a grant
 * into a vendor refusal.
 *
 * The returned ledger is pruned: entries that no longer count under any rule (`at <= now - (longest window +
 * margin)`) are dropped; on a grant it also holds the new entry. When refused, `retryAtMs` is the earliest time
 * at which the same amount fits under every rule given this ledger (taking at `retryAtMs` succeeds, at
 * `retryAtMs - 1` does not, unless someone else takes in between).
 *
 * Throws RangeError for inputs that could never be granted or make no sense: no rules, a non-positive window or
 * negative limit, a non-positive amount, or an amount larger than a rule's limit.
 */
export function tryTake(ledger: readonly Grant[], rules: readonly WindowRule[], amount: number, now: number, marginMs = 0): TakeResult {
  validate(rules, amount, now, marginMs);
  const windows = rules.map((r) => ({ windowMs: r.windowMs + marginMs, limit: r.limit }));
  const longest = Math.max(...windows.map((w) => w.windowMs));
  const pruned = ledger.filter((g) => g.at > now - longest).sort((a, b) => a.at - b.at);

  let retryAtMs = now;
  for (const w of windows) {
    // An entry counts at time t while at > t - window, i.e. until t = at + window, when it stops counting.
    const counting = pruned.filter((g) => g.at > now - w.windowMs);
    let used = counting.reduce((sum, g) => sum + g.amount, 0);
    if (used + amount <= w.limit) continue;
    // Entries stop counting in order of `at`: release the oldest until the amount fits.
    for (const g of counting) {
      used -= g.amount;
      if (used + amount <= w.limit) {
        retryAtMs = Math.max(retryAtMs, g.at + w.windowMs);
        break;
      }
    }
  }
  if (retryAtMs > now) return { granted: false, retryAtMs, ledger: pruned };

  // Several grants at the same instant count identically: keep them as one entry so the ledger stays small.
  const last = pruned[pruned.length - 1];
  const granted = last && last.at === now ? [...pruned.slice(0, -1), { at: now, amount: last.amount + amount }] : [...pruned, { at: now, amount }];
  return { granted: true, ledger: granted };
}

function validate(rules: readonly WindowRule[], amount: number, now: number, marginMs: number): void {
  if (rules.length === 0) throw new RangeError('At least one window rule is required');
  for (const r of rules) {
    if (!Number.isFinite(r.windowMs) || r.windowMs <= 0) throw new RangeError(`Window must be a positive number of milliseconds: ${r.windowMs}`);
    if (!Number.isFinite(r.limit) || r.limit < 0) throw new RangeError(`Limit must be a non-negative number: ${r.limit}`);
    if (amount > r.limit) throw new RangeError(`Amount ${amount} exceeds the limit of ${r.limit} per ${r.windowMs} ms and could never be granted`);
  }
  if (!Number.isFinite(amount) || amount <= 0) throw new RangeError(`Amount must be a positive number: ${amount}`);
  if (!Number.isFinite(now)) throw new RangeError(`Time must be a finite number: ${now}`);
  if (!Number.isFinite(marginMs) || marginMs < 0) throw new RangeError(`Margin must be a non-negative number of milliseconds: ${marginMs}`);
}
