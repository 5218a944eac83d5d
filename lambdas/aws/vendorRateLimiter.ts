import { tryTake, type WindowRule } from '../core/slidingWindowLimit';
import { decideAndWrite, realTimers, type VersionedItem, type VersionedWriteOptions } from './versionedItem';

/*
 * A vendor's per-key rate limit shared by every running Lambda invocation: one DynamoDB item per limit key holds
 * the ledger of grants (times and amounts only, never lead data) and a version. A take decides with tryTake and
 * writes the new ledger only if no one wrote in between (lambdas/aws/versionedItem.ts). Refusals write nothing.
 *
 * Item: { limitKey, version, grants: [[at, amount], ...], expiresAt }. Grants are stored as pairs rather than maps
 * to keep the item (and the write capacity each take costs) small.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_SECONDS = 86_400;

export interface LeadGeniusContract {
  objectsPerHour?: number;
  statusPerMinute?: number;
  statusPerHour?: number;
}

/** LeadGenius' documented per-key limits, trailing windows: 5,000 objects an hour; 1 status call a minute and 60 an hour. */
export function leadGeniusRules(contract: LeadGeniusContract = {}): { objects: WindowRule[]; status: WindowRule[] } {
  const { objectsPerHour = 5_000, statusPerMinute = 1, statusPerHour = 60 } = contract;
  return {
    objects: [{ windowMs: HOUR, limit: objectsPerHour }],
    status: [
      { windowMs: MINUTE, limit: statusPerMinute },
      { windowMs: HOUR, limit: statusPerHour },
    ],
  };
}

export const LEADGENIUS_OBJECT_RULES: readonly WindowRule[] = leadGeniusRules().objects;
export const LEADGENIUS_STATUS_RULES: readonly WindowRule[] = leadGeniusRules().status;

export interface VendorRateLimiterOptions {
  /** epoch milliseconds; Date.now by default */
  clock?: () => number;
  /** widens every window against clock skew and latency between Lambda and vendor (the vendorLimitMarginMs setting) */
  marginMs: number;
  /** conditional-write races to lose before giving up for now; 20 by default */
  maxAttempts?: number;
  /** waits between lost races; real timers by default */
  sleep?: (ms: number) => Promise<void>;
  /** in [0, 1); Math.random by default */
  random?: () => number;
}

export type TakeOutcome = { granted: true } | { granted: false; retryAfterMs: number };

interface LimitItem extends VersionedItem {
  grants: Array<[number, number]>;
  expiresAt: number;
}

/** After too many lost races, come back soon: the capacity probably went to others but may not all be gone. */
const CONTENDED_RETRY_MIN_MS = 50;
const CONTENDED_RETRY_SPREAD_MS = 200;

export class VendorRateLimiter {
  private readonly clock: () => number;
  private readonly marginMs: number;
  private readonly writes: VersionedWriteOptions;

  constructor(
    private readonly tableName: string,
    options: VendorRateLimiterOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.marginMs = options.marginMs;
    this.writes = { maxAttempts: options.maxAttempts ?? 20, sleep: options.sleep ?? realTimers.sleep, random: options.random ?? realTimers.random };
    if (!Number.isInteger(this.writes.maxAttempts) || this.writes.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer: ${this.writes.maxAttempts}`);
    }
  }

  /**
   * Takes `amount` under every rule for `limitKey`, or says how long to wait before the same amount would fit.
   * Throws RangeError when the amount could never be granted (larger than a rule's limit).
   */
  async take(limitKey: string, rules: readonly WindowRule[], amount: number): Promise<TakeOutcome> {
    // Fail fast on impossible requests, before any I/O.
    tryTake([], rules, amount, 0, this.marginMs);
    const longestMs = Math.max(...rules.map((r) => r.windowMs)) + this.marginMs;

    const outcome = await decideAndWrite<LimitItem, TakeOutcome>(
      this.tableName,
      limitKey,
      (current) => {
        const ledger = (current?.grants ?? []).map(([at, granted]) => ({ at: Number(at), amount: Number(granted) }));
        const now = this.clock();
        const result = tryTake(ledger, rules, amount, now, this.marginMs);
        if (!result.granted) return { result: { granted: false, retryAfterMs: Math.max(1, Math.ceil(result.retryAtMs - now)) } };
        return {
          write: { grants: result.ledger.map((g) => [g.at, g.amount]), expiresAt: Math.ceil((now + longestMs) / 1000) + DAY_SECONDS },
          result: { granted: true },
        };
      },
      this.writes,
    );
    if ('result' in outcome) return outcome.result;
    return { granted: false, retryAfterMs: CONTENDED_RETRY_MIN_MS + Math.floor(this.writes.random() * CONTENDED_RETRY_SPREAD_MS) };
  }
}

/**
 * A fetch that takes a grant from the shared limiter before each request, so every call a vendor client makes
 * (its own retries included) is paced across all jobs; `limitFor` names the ledger and rules of a request.
 */
export function pacedFetch(
  limiter: Pick<VendorRateLimiter, 'take'>,
  limitFor: (method: string) => { limitKey: string; rules: readonly WindowRule[] },
  wait: (ms: number) => Promise<void>,
  inner: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  return async (input, init) => {
    const { limitKey, rules } = limitFor((init?.method ?? 'GET').toUpperCase());
    for (;;) {
      const grant = await limiter.take(limitKey, rules, 1);
      if (grant.granted) return inner(input, init);
      await wait(grant.retryAfterMs);
    }
  };
}
