import { describe, expect, it } from 'vitest';
import { tryTake, type Grant, type WindowRule } from '../../lambdas/core/slidingWindowLimit';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OBJECTS: WindowRule[] = [{ windowMs: HOUR, limit: 5_000 }];
const STATUS: WindowRule[] = [
  { windowMs: MINUTE, limit: 1 },
  { windowMs: HOUR, limit: 60 },
];

const T0 = 1_700_000_000_000;

function grantedLedger(result: ReturnType<typeof tryTake>): Grant[] {
  if (!result.granted) throw new Error(`expected a grant, got retryAtMs ${result.retryAtMs}`);
  return result.ledger;
}

describe('tryTake', () => {
  it('grants on an empty ledger and records the grant', () => {
    expect(tryTake([], OBJECTS, 100, T0)).toEqual({ granted: true, ledger: [{ at: T0, amount: 100 }] });
  });

  it('grants exactly up to the limit and refuses one more', () => {
    const ledger = [{ at: T0, amount: 4_000 }];
    expect(grantedLedger(tryTake(ledger, OBJECTS, 1_000, T0 + 1))).toEqual([
      { at: T0, amount: 4_000 },
      { at: T0 + 1, amount: 1_000 },
    ]);
    expect(tryTake(ledger, OBJECTS, 1_001, T0 + 1)).toEqual({ granted: false, retryAtMs: T0 + HOUR, ledger });
  });

  it('uses the trailing rule at > now - window: an entry stops counting exactly one window later', () => {
    const ledger = [{ at: T0, amount: 5_000 }];
    expect(tryTake(ledger, OBJECTS, 1, T0 + HOUR - 1).granted).toBe(false);
    expect(tryTake(ledger, OBJECTS, 1, T0 + HOUR)).toEqual({ granted: true, ledger: [{ at: T0 + HOUR, amount: 1 }] });
  });

  it('computes retryAtMs exactly: taking then succeeds, one millisecond earlier fails', () => {
    const ledger = [
      { at: T0, amount: 1_000 },
      { at: T0 + 10 * MINUTE, amount: 2_000 },
      { at: T0 + 20 * MINUTE, amount: 1_500 },
      { at: T0 + 30 * MINUTE, amount: 500 },
    ];
    const now = T0 + 40 * MINUTE;
    // Used 5,000; 2,500 more needs the first two entries gone: at T0 + 10 min + 1 hour.
    const refused = tryTake(ledger, OBJECTS, 2_500, now);
    expect(refused).toMatchObject({ granted: false, retryAtMs: T0 + 10 * MINUTE + HOUR });
    if (refused.granted) return;
    expect(tryTake(ledger, OBJECTS, 2_500, refused.retryAtMs).granted).toBe(true);
    expect(tryTake(ledger, OBJECTS, 2_500, refused.retryAtMs - 1).granted).toBe(false);
  });

  it('is exact whatever the order of the ledger', () => {
    const ledger = [
      { at: T0 + 30 * MINUTE, amount: 3_000 },
      { at: T0, amount: 2_000 },
    ];
    expect(tryTake(ledger, OBJECTS, 1, T0 + 31 * MINUTE)).toMatchObject({ granted: false, retryAtMs: T0 + HOUR });
    expect(tryTake(ledger, OBJECTS, 2_001, T0 + 31 * MINUTE)).toMatchObject({ granted: false, retryAtMs: T0 + 30 * MINUTE + HOUR });
  });

  it('combines rules: the minute rule and the hour rule must both allow the call', () => {
    // One call a minute: the next is possible exactly a minute later.
    const first = grantedLedger(tryTake([], STATUS, 1, T0));
    expect(tryTake(first, STATUS, 1, T0 + 1)).toMatchObject({ granted: false, retryAtMs: T0 + MINUTE });
    expect(tryTake(first, STATUS, 1, T0 + MINUTE - 1).granted).toBe(false);
    expect(tryTake(first, STATUS, 1, T0 + MINUTE).granted).toBe(true);

    // Sixty calls in the hour (one every minute): the minute rule allows a 61st, the hour rule does not.
    const sixty: Grant[] = Array.from({ length: 60 }, (_, i) => ({ at: T0 + i * 59_000, amount: 1 }));
    const now = T0 + 59 * 59_000 + MINUTE;
    const refused = tryTake(sixty, STATUS, 1, now);
    expect(refused).toMatchObject({ granted: false, retryAtMs: T0 + HOUR });
    expect(tryTake(sixty, STATUS, 1, T0 + HOUR).granted).toBe(true);
    expect(tryTake(sixty, STATUS, 1, T0 + HOUR - 1).granted).toBe(false);
  });

  it('takes the latest time over all rules for retryAtMs', () => {
    const rules: WindowRule[] = [
      { windowMs: MINUTE, limit: 10 },
      { windowMs: HOUR, limit: 12 },
    ];
    const ledger = [
      { at: T0, amount: 6 },
      { at: T0 + 30 * MINUTE, amount: 6 },
    ];
    // Minute rule: 5 more fit from T0 + 31 min. Hour rule: 12 used, needs the first entry gone at T0 + 1 hour.
    const refused = tryTake(ledger, rules, 5, T0 + 30 * MINUTE + 1);
    expect(refused).toMatchObject({ granted: false, retryAtMs: T0 + HOUR });
    expect(tryTake(ledger, rules, 5, T0 + HOUR - 1).granted).toBe(false);
    expect(tryTake(ledger, rules, 5, T0 + HOUR).granted).toBe(true);
    // And the minute rule alone when the hour has room.
    expect(tryTake([{ at: T0, amount: 8 }], rules, 4, T0 + 1)).toMatchObject({ granted: false, retryAtMs: T0 + MINUTE });
  });

  it('widens every window by the margin', () => {
    const ledger = [{ at: T0, amount: 1 }];
    const margin = 2_000;
    expect(tryTake(ledger, STATUS, 1, T0 + MINUTE, margin)).toMatchObject({ granted: false, retryAtMs: T0 + MINUTE + margin });
    expect(tryTake(ledger, STATUS, 1, T0 + MINUTE + margin - 1, margin).granted).toBe(false);
    expect(tryTake(ledger, STATUS, 1, T0 + MINUTE + margin, margin).granted).toBe(true);

    const full = [{ at: T0, amount: 5_000 }];
    expect(tryTake(full, OBJECTS, 5_000, T0 + HOUR, margin)).toMatchObject({ granted: false, retryAtMs: T0 + HOUR + margin });
    expect(tryTake(full, OBJECTS, 5_000, T0 + HOUR + margin, margin).granted).toBe(true);
  });

  it('prunes entries that no longer count under the longest window plus margin', () => {
    const ledger = [
      { at: T0, amount: 1 },
      { at: T0 + 10 * MINUTE, amount: 1 },
      { at: T0 + 50 * MINUTE, amount: 1 },
    ];
    // At T0 + 69 min the first entry is out of the hour window (at <= now - hour), the second still counts.
    expect(grantedLedger(tryTake(ledger, STATUS, 1, T0 + 69 * MINUTE))).toEqual([
      { at: T0 + 10 * MINUTE, amount: 1 },
      { at: T0 + 50 * MINUTE, amount: 1 },
      { at: T0 + 69 * MINUTE, amount: 1 },
    ]);
    // With a margin of 1 ms the entry at exactly now - hour still counts, and is kept.
    expect(grantedLedger(tryTake(ledger, STATUS, 1, T0 + HOUR, 1)).map((g) => g.at)).toEqual([T0, T0 + 10 * MINUTE, T0 + 50 * MINUTE, T0 + HOUR]);
    expect(grantedLedger(tryTake(ledger, STATUS, 1, T0 + HOUR, 0)).map((g) => g.at)).toEqual([T0 + 10 * MINUTE, T0 + 50 * MINUTE, T0 + HOUR]);
    // A refusal returns the pruned ledger too.
    expect(tryTake(ledger, STATUS, 1, T0 + 50 * MINUTE + 1)).toEqual({
      granted: false,
      retryAtMs: T0 + 51 * MINUTE,
      ledger: [
        { at: T0, amount: 1 },
        { at: T0 + 10 * MINUTE, amount: 1 },
        { at: T0 + 50 * MINUTE, amount: 1 },
      ],
    });
    expect(tryTake(ledger, STATUS, 1, T0 + 3 * HOUR)).toEqual({ granted: true, ledger: [{ at: T0 + 3 * HOUR, amount: 1 }] });
  });

  it('merges grants at the same instant into one entry', () => {
    const ledger = grantedLedger(tryTake([{ at: T0, amount: 10 }], OBJECTS, 5, T0));
    expect(ledger).toEqual([{ at: T0, amount: 15 }]);
  });

  it('does not modify the ledger it is given', () => {
    const ledger = Object.freeze([Object.freeze({ at: T0 + 1, amount: 2 }), Object.freeze({ at: T0, amount: 1 })]);
    tryTake(ledger, OBJECTS, 3, T0 + 2);
    expect(ledger).toEqual([
      { at: T0 + 1, amount: 2 },
      { at: T0, amount: 1 },
    ]);
  });

  it('counts entries stamped in the future (a taker whose clock runs ahead) until one window after their time', () => {
    const ledger = [{ at: T0 + 5_000, amount: 1 }];
    expect(tryTake(ledger, STATUS, 1, T0)).toMatchObject({ granted: false, retryAtMs: T0 + 5_000 + MINUTE });
  });

  it('throws RangeError for amounts that could never be granted and for malformed input', () => {
    expect(() => tryTake([], OBJECTS, 5_001, T0)).toThrow(RangeError);
    expect(() => tryTake([], STATUS, 2, T0)).toThrow(RangeError);
    expect(() => tryTake([], OBJECTS, 0, T0)).toThrow(RangeError);
    expect(() => tryTake([], OBJECTS, -1, T0)).toThrow(RangeError);
    expect(() => tryTake([], OBJECTS, Number.NaN, T0)).toThrow(RangeError);
    expect(() => tryTake([], [], 1, T0)).toThrow(RangeError);
    expect(() => tryTake([], [{ windowMs: 0, limit: 1 }], 1, T0)).toThrow(RangeError);
    expect(() => tryTake([], OBJECTS, 1, T0, -1)).toThrow(RangeError);
    expect(() => tryTake([], OBJECTS, 1, Number.NaN)).toThrow(RangeError);
    // Exactly the limit is fine.
    expect(tryTake([], OBJECTS, 5_000, T0).granted).toBe(true);
  });
});
