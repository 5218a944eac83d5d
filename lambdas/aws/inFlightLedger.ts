import { releaseHolds, tryHold, type Hold, type HoldOutcome } from '../core/inFlightHolds';
import { decideAndWrite, realTimers, type VersionedItem, type VersionedWriteOptions } from './versionedItem';

/*
 * Capacity held across every running job while work is with a vendor (Leadspace's backlog), one item of the
 * limits table per account: { limitKey, version, holds: [[holder, amount, until], ...], expiresAt }. Holders
 * are batch ids, never lead data. The rule is lambdas/core/inFlightHolds.ts.
 */

interface HoldsItem extends VersionedItem {
  holds: Array<[string, number, number]>;
  expiresAt: number;
}

const toHolds = (item: HoldsItem | undefined): Hold[] =>
  (item?.holds ?? []).map(([holder, amount, until]) => ({ holder: String(holder), amount: Number(amount), until: Number(until) }));

const toItem = (holds: readonly Hold[]): Omit<HoldsItem, 'version' | 'limitKey'> => ({
  holds: holds.map((h) => [h.holder, h.amount, h.until]),
  // The item outlives its last hold by a day, then DynamoDB's TTL removes it.
  expiresAt: Math.ceil(Math.max(0, ...holds.map((h) => h.until)) / 1000) + 86_400,
});

export class InFlightLedger {
  private readonly writes: VersionedWriteOptions;

  constructor(
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
    options: Partial<VersionedWriteOptions> = {},
  ) {
    this.writes = { maxAttempts: 20, ...realTimers, ...options };
  }

  /** Holds `amount` for `holder` until `until` (epoch ms) if the others leave room; a contended ledger counts as no room yet. */
  async hold(limitKey: string, request: Hold, capacity: number): Promise<HoldOutcome> {
    const outcome = await decideAndWrite<HoldsItem, HoldOutcome>(
      this.tableName,
      limitKey,
      (current) => {
        const decided = tryHold(toHolds(current), request, capacity, this.clock());
        return decided.granted
          ? { write: toItem(decided.holds), result: { granted: true } }
          : { result: { granted: false, heldByOthers: decided.heldByOthers } };
      },
      this.writes,
    );
    return 'result' in outcome ? outcome.result : { granted: false, heldByOthers: capacity };
  }

  /**
   * Gives back the shares of the holders `released` picks; when none holds anything, nothing is written. False
   * when the ledger stayed contended: the shares then lapse at their `until`.
   */
  async release(limitKey: string, released: (holder: string) => boolean): Promise<boolean> {
    const outcome = await decideAndWrite<HoldsItem, undefined>(
      this.tableName,
      limitKey,
      (current) => {
        const holds = toHolds(current);
        if (!holds.some((h) => released(h.holder))) return { result: undefined };
        return { write: toItem(releaseHolds(holds, released, this.clock())), result: undefined };
      },
      this.writes,
    );
    return 'result' in outcome;
  }
}
