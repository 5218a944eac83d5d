import { describe, expect, it } from 'vitest';
import { releaseHolds, tryHold, type Hold } from '../../lambdas/core/inFlightHolds';

const T0 = 1_700_000_000_000;
const hold = (holder: string, amount: number, until = T0 + 60_000): Hold => ({ holder, amount, until });

describe('tryHold', () => {
  it('grants while the others leave room, and refuses the amount that would overfill', () => {
    let holds: Hold[] = [];
    for (const id of ['a', 'b']) {
      const result = tryHold(holds, hold(id, 500), 1_000, T0);
      expect(result.granted).toBe(true);
      holds = result.holds;
    }
    expect(tryHold(holds, hold('c', 1), 1_000, T0)).toEqual({ granted: false, holds, heldByOthers: 1_000 });
  });

  it("holding again replaces the holder's share instead of adding to it", () => {
    const first = tryHold([], hold('a', 600), 1_000, T0);
    const again = tryHold(first.holds, hold('a', 700), 1_000, T0);
    expect(again).toEqual({ granted: true, holds: [hold('a', 700)] });
  });

  it('does not count holds whose time has passed, and drops them', () => {
    const holds = [hold('dead', 900, T0), hold('live', 100)];
    expect(tryHold(holds, hold('new', 900), 1_000, T0)).toEqual({ granted: true, holds: [hold('live', 100), hold('new', 900)] });
  });

  it('throws for an amount that could never be held', () => {
    expect(() => tryHold([], hold('a', 1_001), 1_000, T0)).toThrow(RangeError);
    expect(() => tryHold([], hold('a', 0), 1_000, T0)).toThrow(RangeError);
    expect(() => tryHold([], hold('a', 1), 0, T0)).toThrow(RangeError);
  });
});

describe('releaseHolds', () => {
  it("gives back the chosen holders' shares and keeps the rest", () => {
    const holds = [hold('s1-b1@job-1', 500), hold('s1-b2@job-1', 500), hold('s1-b1@job-2', 300)];
    expect(releaseHolds(holds, (h) => h.endsWith('@job-1'), T0)).toEqual([hold('s1-b1@job-2', 300)]);
    expect(releaseHolds(holds, () => false, T0)).toEqual(holds);
  });
});
