import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/aws/clients';
import { LEADGENIUS_OBJECT_RULES, LEADGENIUS_STATUS_RULES, VendorRateLimiter, leadGeniusRules } from '../../lambdas/aws/vendorRateLimiter';
import type { WindowRule } from '../../lambdas/core/slidingWindowLimit';
import type { DynamoDbEmulator } from '../../local/emulators/dynamodb';
import { startLimitsTable } from './limitsTableEmulator';
import { seededRandom } from '../../local/seededRandom';
import { RateLimiter } from '../../local/simulators/leadgenius/limits';

const TABLE = 'vendor-rate-limits';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = 1_700_000_000_000;

let emulator: DynamoDbEmulator;

beforeAll(async () => {
  emulator = await startLimitsTable(TABLE);
});

afterAll(async () => {
  await emulator?.close();
});

/**
 * Simulated time for many concurrent takers: the clock stands still (or creeps by `drift` per reading) while
 * any taker is busy talking to DynamoDB, and jumps to the next wake-up time once every taker is waiting. Lost
 * races and their jittered backoff happen in real time; waiting for a window to free up costs none.
 *
 * `oneAtATime` wakes the takers due at the same time one after the other, in the order they went to sleep, each
 * once the previous one is waiting again: no races, so who gets the window, and the rate achieved, are the same
 * on every machine and every run.
 */
class VirtualTime {
  private current: number;
  private active = 0;
  private waiters: Array<{ at: number; wake: () => void }> = [];

  constructor(
    start: number,
    private readonly drift: () => number = () => 0,
    private readonly oneAtATime = false,
  ) {
    this.current = start;
  }

  readonly clock = (): number => (this.current += this.drift());

  get now(): number {
    return this.current;
  }

  async run(takers: Array<() => Promise<void>>): Promise<void> {
    this.active += takers.length;
    await Promise.all(
      takers.map(async (taker) => {
        try {
          // One at a time from the start, too: each starts when woken, in order.
          if (this.oneAtATime) await this.sleepUntil(this.current);
          await taker();
        } finally {
          this.active--;
          this.advance();
        }
      }),
    );
  }

  sleepUntil(at: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ at, wake: resolve });
      this.active--;
      this.advance();
    });
  }

  private advance(): void {
    if (this.active > 0 || this.waiters.length === 0) return;
    this.current = Math.max(this.current, Math.min(...this.waiters.map((w) => w.at)));
    const firstDue = this.waiters.find((w) => w.at <= this.current)!;
    const due = this.oneAtATime ? [firstDue] : this.waiters.filter((w) => w.at <= this.current);
    this.waiters = this.waiters.filter((w) => !due.includes(w));
    this.active += due.length;
    for (const w of due) w.wake();
  }
}

interface Granted {
  at: number;
  amount: number;
  acceptedByVendor: boolean;
}

/**
 * `count` takers sharing one limit key until `endAt`: each picks an amount, asks until it is granted (waiting
 * exactly retryAfterMs after each refusal), calls the "vendor" (the simulator's own limiter), then optionally
 * pauses before its next amount.
 */
async function runTakers(options: {
  count: number;
  limitKey: string;
  rules: readonly WindowRule[];
  endAt: number;
  time: VirtualTime;
  limiter: VendorRateLimiter;
  vendorCall: (amount: number) => boolean;
  amount: (random: () => number) => number;
  pauseMs?: (random: () => number) => number;
  seed: number;
}): Promise<Granted[]> {
  const { time, limiter } = options;
  const grants: Granted[] = [];
  const takers = Array.from({ length: options.count }, (_, i) => async () => {
    const random = seededRandom(options.seed * 1000 + i);
    while (time.now < options.endAt) {
      const amount = options.amount(random);
      for (;;) {
        const outcome = await limiter.take(options.limitKey, options.rules, amount);
        if (outcome.granted) break;
        expect(outcome.retryAfterMs).toBeGreaterThan(0);
        await time.sleepUntil(time.now + outcome.retryAfterMs);
        if (time.now >= options.endAt) return;
      }
      const at = time.now;
      grants.push({ at, amount, acceptedByVendor: options.vendorCall(amount) });
      if (options.pauseMs) await time.sleepUntil(time.now + options.pauseMs(random));
    }
  });
  await time.run(takers);
  return grants;
}

/** Real-time backoff that counts the races lost, to show the takers did contend. */
function countingSleep(): { sleep: (ms: number) => Promise<void>; lostRaces: () => number } {
  let lost = 0;
  return {
    sleep: (ms) => {
      lost++;
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    lostRaces: () => lost,
  };
}

/** Fraction of the allowed rate achieved in [start, start + windows * window): at most 1 by the trailing rule. */
function achievedRate(grants: Granted[], start: number, rule: WindowRule, windows: number): number {
  const end = start + windows * rule.windowMs;
  const total = grants.filter((g) => g.at >= start && g.at < end).reduce((sum, g) => sum + g.amount, 0);
  return total / (rule.limit * windows);
}

async function itemOf(limitKey: string): Promise<Record<string, unknown> | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: TABLE, Key: { limitKey }, ConsistentRead: true }));
  return out.Item;
}

describe('leadGeniusRules', () => {
  it('defaults to the documented LeadGenius limits and follows other contracts', () => {
    expect(LEADGENIUS_OBJECT_RULES).toEqual([{ windowMs: HOUR, limit: 5_000 }]);
    expect(LEADGENIUS_STATUS_RULES).toEqual([
      { windowMs: MINUTE, limit: 1 },
      { windowMs: HOUR, limit: 60 },
    ]);
    expect(leadGeniusRules({ objectsPerHour: 20_000, statusPerMinute: 5, statusPerHour: 200 })).toEqual({
      objects: [{ windowMs: HOUR, limit: 20_000 }],
      status: [
        { windowMs: MINUTE, limit: 5 },
        { windowMs: HOUR, limit: 200 },
      ],
    });
  });
});

describe('VendorRateLimiter', () => {
  it('grants, refuses with the exact wait, and grants again once the window has moved on', async () => {
    let now = T0;
    const limiter = new VendorRateLimiter(TABLE, { clock: () => now, marginMs: 0 });
    const key = 'sequential:status';
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: true });
    now += 15_000;
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: false, retryAfterMs: 45_000 });
    now += 45_000 - 1;
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: false, retryAfterMs: 1 });
    now += 1;
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: true });

    const item = await itemOf(key);
    expect(item).toEqual({
      limitKey: key,
      version: 2,
      grants: [
        [T0, 1],
        [T0 + MINUTE, 1],
      ],
      expiresAt: Math.ceil((T0 + MINUTE + HOUR) / 1000) + 86_400,
    });
  });

  it('applies the margin to every window', async () => {
    let now = T0;
    const limiter = new VendorRateLimiter(TABLE, { clock: () => now, marginMs: 1_500 });
    const key = 'margin:status';
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: true });
    now += MINUTE;
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: false, retryAfterMs: 1_500 });
    now += 1_500;
    expect(await limiter.take(key, LEADGENIUS_STATUS_RULES, 1)).toEqual({ granted: true });
  });

  it('throws RangeError for an amount that could never be granted, without writing anything', async () => {
    const limiter = new VendorRateLimiter(TABLE, { marginMs: 1_000, clock: () => T0 });
    await expect(limiter.take('impossible:objects', LEADGENIUS_OBJECT_RULES, 5_001)).rejects.toThrow(RangeError);
    await expect(limiter.take('impossible:objects', LEADGENIUS_STATUS_RULES, 2)).rejects.toThrow(RangeError);
    expect(await itemOf('impossible:objects')).toBeUndefined();
  });

  it('after maxAttempts lost races reports not granted with a short wait, never over-granting', async () => {
    const limiter = new VendorRateLimiter(TABLE, { marginMs: 1_000, clock: () => T0, maxAttempts: 1 });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => limiter.take('contended:objects', LEADGENIUS_OBJECT_RULES, 100)));
    const granted = outcomes.filter((o) => o.granted).length;
    const lost = outcomes.filter((o): o is { granted: false; retryAfterMs: number } => !o.granted);
    expect(granted).toBeGreaterThanOrEqual(1);
    expect(lost.length).toBeGreaterThanOrEqual(1);
    for (const o of lost) {
      expect(o.retryAfterMs).toBeGreaterThan(0);
      expect(o.retryAfterMs).toBeLessThan(1_000);
    }
    const item = await itemOf('contended:objects');
    expect(item?.version).toBe(granted);
    expect(item?.grants).toEqual([[T0, 100 * granted]]);
  });

  it('40 concurrent takers never exceed the LeadGenius object limit as the simulator checks it', async () => {
    const time = new VirtualTime(
      T0,
      (() => {
        const r = seededRandom(11);
        return () => Math.floor(r() * 3);
      })(),
    );
    const vendor = new RateLimiter(undefined, time.clock);
    const backoff = countingSleep();
    const limiter = new VendorRateLimiter(TABLE, { marginMs: 1_000, clock: time.clock, sleep: backoff.sleep });
    const grants = await runTakers({
      count: 40,
      limitKey: 'concurrent:objects',
      rules: LEADGENIUS_OBJECT_RULES,
      endAt: T0 + 3 * HOUR,
      time,
      limiter,
      vendorCall: (amount) => vendor.takeObjects('api-key', amount),
      amount: (random) => 50 + Math.floor(random() * 951),
      pauseMs: (random) => Math.floor(random() * 10 * MINUTE),
      seed: 1,
    });
    expect(grants.filter((g) => !g.acceptedByVendor)).toEqual([]);
    // The limit was under pressure (far more asked than allowed) and takers did race each other.
    expect(grants.reduce((sum, g) => sum + g.amount, 0)).toBeGreaterThan(2.5 * 5_000);
    expect(backoff.lostRaces()).toBeGreaterThan(0);
  });

  it('40 concurrent takers never exceed the LeadGenius status limits (1 a minute, 60 an hour)', async () => {
    const time = new VirtualTime(
      T0,
      (() => {
        const r = seededRandom(12);
        return () => Math.floor(r() * 3);
      })(),
    );
    const vendor = new RateLimiter(undefined, time.clock);
    const backoff = countingSleep();
    const limiter = new VendorRateLimiter(TABLE, { marginMs: 1_000, clock: time.clock, sleep: backoff.sleep });
    const grants = await runTakers({
      count: 40,
      limitKey: 'concurrent:status',
      rules: LEADGENIUS_STATUS_RULES,
      endAt: T0 + 2 * HOUR,
      time,
      limiter,
      vendorCall: () => vendor.takeStatusCall('api-key'),
      amount: () => 1,
      pauseMs: (random) => Math.floor(random() * 5 * MINUTE),
      seed: 2,
    });
    expect(grants.filter((g) => !g.acceptedByVendor)).toEqual([]);
    expect(grants.length).toBeGreaterThan(100);
    expect(backoff.lostRaces()).toBeGreaterThan(0);
  });

  it('achieves at least 90% of the allowed rate when takers retry exactly after retryAfterMs', async () => {
    // On simulated time, with takers woken one at a time: the rate is the limiter's arithmetic (exact waits, the
    // window reused as soon as it frees up), the same on any machine. How fast real jobs use the real limit on a
    // sped-up clock is a measurement: npm run bench:leadgenius.
    // Objects: 10 takers with batches of 100..1,000 objects, over 4 hours.
    const objectsTime = new VirtualTime(T0, undefined, true);
    const objectsVendor = new RateLimiter(undefined, objectsTime.clock);
    const objects = await runTakers({
      count: 10,
      limitKey: 'throughput:objects',
      rules: LEADGENIUS_OBJECT_RULES,
      endAt: T0 + 4 * HOUR,
      time: objectsTime,
      limiter: new VendorRateLimiter(TABLE, { marginMs: 1_000, clock: objectsTime.clock }),
      vendorCall: (amount) => objectsVendor.takeObjects('api-key', amount),
      amount: (random) => 100 + Math.floor(random() * 901),
      seed: 3,
    });
    expect(objects.filter((g) => !g.acceptedByVendor)).toEqual([]);
    const objectRate = achievedRate(objects, T0, LEADGENIUS_OBJECT_RULES[0]!, 4);

    // Status: 10 pollers over 3 hours; the hour rule (60) is the binding one over long runs.
    const statusTime = new VirtualTime(T0, undefined, true);
    const statusVendor = new RateLimiter(undefined, statusTime.clock);
    const status = await runTakers({
      count: 10,
      limitKey: 'throughput:status',
      rules: LEADGENIUS_STATUS_RULES,
      endAt: T0 + 3 * HOUR,
      time: statusTime,
      limiter: new VendorRateLimiter(TABLE, { marginMs: 1_000, clock: statusTime.clock }),
      vendorCall: () => statusVendor.takeStatusCall('api-key'),
      amount: () => 1,
      seed: 4,
    });
    expect(status.filter((g) => !g.acceptedByVendor)).toEqual([]);
    const statusRate = achievedRate(status, T0, LEADGENIUS_STATUS_RULES[1]!, 3);

    console.info(
      `achieved rate: objects ${(objectRate * 100).toFixed(2)}% of 5,000/h over 4 h (${objects.length} grants); ` +
        `status ${(statusRate * 100).toFixed(2)}% of 60/h over 3 h (${status.length} calls)`,
    );
    expect(objectRate).toBeGreaterThanOrEqual(0.9);
    expect(objectRate).toBeLessThanOrEqual(1);
    expect(statusRate).toBeGreaterThanOrEqual(0.9);
    expect(statusRate).toBeLessThanOrEqual(1);
  });

  it('stores nothing but the key, times, amounts, a version and the expiry', async () => {
    const out = await documentClient().send(new ScanCommand({ TableName: TABLE, ConsistentRead: true }));
    const items = out.Items ?? [];
    expect(items.length).toBeGreaterThanOrEqual(6);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['expiresAt', 'grants', 'limitKey', 'version']);
      expect(typeof item.limitKey).toBe('string');
      expect(Number.isInteger(item.version) && item.version > 0).toBe(true);
      expect(Number.isInteger(item.expiresAt)).toBe(true);
      expect(Array.isArray(item.grants)).toBe(true);
      for (const grant of item.grants as unknown[]) {
        expect(Array.isArray(grant) && grant.length === 2 && grant.every((n) => typeof n === 'number' && Number.isFinite(n))).toBe(true);
      }
      // Expires a day after its newest grant has left the longest window (an hour plus the margin).
      const newest = Math.max(...(item.grants as Array<[number, number]>).map(([at]) => at));
      expect(item.expiresAt).toBeGreaterThanOrEqual(Math.ceil((newest + HOUR) / 1000) + 86_400);
      expect(item.expiresAt).toBeLessThanOrEqual(Math.ceil((newest + HOUR + 1_000) / 1000) + 86_400 + 1);
    }
  });
});
