import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { tryTake, type Grant, type WindowRule } from '../core/slidingWindowLimit';
import { documentClient } from './clients';
import { isConditionFailure } from './conditionFailure';

/*
 * A vendor's per-key rate limit shared by every running Lambda invocation: one DynamoDB item per limit key holds
 * the ledger of grants (times and amounts only, never lead data) and a version. A take reads the item strongly
 * consistently, decides with tryTake, and writes the new ledger only if the version is still the one it read, so
 * two invocations can never both spend the same capacity. Refusals write nothing.
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
  /** widens every window against clock skew and latency between Lambda and vendor; 1 second by default */
  marginMs?: number;
  /** conditional-write races to lose before giving up for now; 20 by default */
  maxAttempts?: number;
  /** waits between lost races; real timers by default */
  sleep?: (ms: number) => Promise<void>;
  /** in [0, 1); Math.random by default */
  random?: () => number;
}

export type TakeOutcome = { granted: true } | { granted: false; retryAfterMs: number };

interface LimitItem {
  limitKey: string;
  version: number;
  grants: Array<[number, number]>;
  expiresAt: number;
}

/** Full-jitter backoff between lost races: a few milliseconds at first, never more than a quarter second. */
const RACE_BACKOFF_BASE_MS = 5;
const RACE_BACKOFF_CAP_MS = 250;
/** After too many lost races, come back soon: the capacity probably went to others but may not all be gone. */
const CONTENDED_RETRY_MIN_MS = 50;
const CONTENDED_RETRY_SPREAD_MS = 200;

export class VendorRateLimiter {
  private readonly clock: () => number;
  private readonly marginMs: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly tableName: string,
    options: VendorRateLimiterOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.marginMs = options.marginMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 20;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer: ${this.maxAttempts}`);
  }

  /**
   * Takes `amount` under every rule for `limitKey`, or says how long to wait before the same amount would fit.
   * Throws RangeError when the amount could never be granted (larger than a rule's limit).
   */
  async take(limitKey: string, rules: readonly WindowRule[], amount: number): Promise<TakeOutcome> {
    // Fail fast on impossible requests, before any I/O.
    tryTake([], rules, amount, 0, this.marginMs);
    const longestMs = Math.max(...rules.map((r) => r.windowMs)) + this.marginMs;

    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const current = await this.read(limitKey);
      const now = this.clock();
      const result = tryTake(current?.ledger ?? [], rules, amount, now, this.marginMs);
      if (!result.granted) return { granted: false, retryAfterMs: Math.max(1, Math.ceil(result.retryAtMs - now)) };

      const item: LimitItem = {
        limitKey,
        version: (current?.version ?? 0) + 1,
        grants: result.ledger.map((g) => [g.at, g.amount]),
        expiresAt: Math.ceil((now + longestMs) / 1000) + DAY_SECONDS,
      };
      try {
        await documentClient().send(
          new PutCommand({
            TableName: this.tableName,
            Item: item,
            ...(current
              ? {
                  ConditionExpression: '#v = :v',
                  ExpressionAttributeNames: { '#v': 'version' },
                  ExpressionAttributeValues: { ':v': current.version },
                }
              : { ConditionExpression: 'attribute_not_exists(limitKey)' }),
          }),
        );
        return { granted: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Another invocation wrote first: wait a little (full jitter) and decide again on what it left.
        if (attempt < this.maxAttempts) {
          await this.sleep(Math.floor(this.random() * Math.min(RACE_BACKOFF_CAP_MS, RACE_BACKOFF_BASE_MS * 2 ** attempt)));
        }
      }
    }
    return { granted: false, retryAfterMs: CONTENDED_RETRY_MIN_MS + Math.floor(this.random() * CONTENDED_RETRY_SPREAD_MS) };
  }

  private async read(limitKey: string): Promise<{ version: number; ledger: Grant[] } | undefined> {
    const out = await documentClient().send(
      new GetCommand({ TableName: this.tableName, Key: { limitKey }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const item = out.Item as LimitItem;
    return { version: Number(item.version), ledger: (item.grants ?? []).map(([at, amount]) => ({ at: Number(at), amount: Number(amount) })) };
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
