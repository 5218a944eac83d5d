import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/aws/clients';
import { InFlightLedger } from '../../lambdas/aws/inFlightLedger';
import type { DynamoDbEmulator } from '../../local/emulators/dynamodb';
import { startLimitsTable } from './limitsTableEmulator';

const TABLE = 'in-flight-ledger';
const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

let emulator: DynamoDbEmulator;

beforeAll(async () => {
  emulator = await startLimitsTable(TABLE);
});

afterAll(async () => {
  await emulator?.close();
});

const holdsOf = async (limitKey: string) =>
  ((await documentClient().send(new GetCommand({ TableName: TABLE, Key: { limitKey } }))).Item?.holds ?? []) as unknown[];

describe('InFlightLedger', () => {
  it('never lets racing holders hold more than the capacity together', async () => {
    const ledger = new InFlightLedger(TABLE, () => T0, { sleep: () => new Promise((resolve) => setImmediate(resolve)) });
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ledger.hold('race', { holder: `s1-b${i}@job`, amount: 100, until: T0 + HOUR }, 1_000)),
    );
    const granted = outcomes.filter((o) => o.granted).length;
    // Lost races may refuse some that would have fit, never grant one that does not.
    expect(granted).toBeGreaterThan(0);
    expect(granted).toBeLessThanOrEqual(10);
    expect(await holdsOf('race')).toHaveLength(granted);
  });

  it('releases by holder, and a release of nothing held writes nothing', async () => {
    const ledger = new InFlightLedger(TABLE, () => T0);
    await ledger.hold('release', { holder: 's1-b1@job-1', amount: 500, until: T0 + HOUR }, 1_000);
    await ledger.hold('release', { holder: 's1-b1@job-2', amount: 500, until: T0 + HOUR }, 1_000);
    expect(await ledger.hold('release', { holder: 's1-b2@job-2', amount: 1, until: T0 + HOUR }, 1_000)).toEqual({ granted: false, heldByOthers: 1_000 });
    expect(await ledger.release('release', (holder) => holder === 's1-b1@job-1')).toBe(true);
    expect(await ledger.hold('release', { holder: 's1-b2@job-2', amount: 500, until: T0 + HOUR }, 1_000)).toEqual({ granted: true });
    const before = await documentClient().send(new GetCommand({ TableName: TABLE, Key: { limitKey: 'release' } }));
    expect(await ledger.release('release', (holder) => holder === 'nobody')).toBe(true);
    const after = await documentClient().send(new GetCommand({ TableName: TABLE, Key: { limitKey: 'release' } }));
    expect(after.Item?.version).toBe(before.Item?.version);
  });

  it('a hold that was never released stops counting once its time has passed', async () => {
    let now = T0;
    const ledger = new InFlightLedger(TABLE, () => now);
    await ledger.hold('lapse', { holder: 's1-b1@dead-job', amount: 1_000, until: T0 + HOUR }, 1_000);
    expect((await ledger.hold('lapse', { holder: 's1-b1@next', amount: 500, until: T0 + 2 * HOUR }, 1_000)).granted).toBe(false);
    now = T0 + HOUR;
    expect((await ledger.hold('lapse', { holder: 's1-b1@next', amount: 500, until: T0 + 2 * HOUR }, 1_000)).granted).toBe(true);
    expect(await holdsOf('lapse')).toEqual([['s1-b1@next', 500, T0 + 2 * HOUR]]);
  });
});
