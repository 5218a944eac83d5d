import { describe, expect, it } from 'vitest';
import { pollRound, type PollRoundPorts } from '../../lambdas/app/pollRound';
import type { PollOutcome } from '../../lambdas/app/ports';
import { VendorFatalError } from '../../lambdas/vendors/errors';
import { manualClock, memoryBatches, memoryLog, submittedBatch } from './fakes';

const SETTINGS = { pollIntervalSeconds: 60, backoffMaxSeconds: 900, batchDeadlineSeconds: 3_600 };

function setup(answers: (PollOutcome | Error)[], batch = submittedBatch(), retry = false) {
  const clock = manualClock();
  const batches = memoryBatches(batch);
  const kept = new Map<string, unknown>();
  const collected: unknown[] = [];
  const reasons: string[] = [];
  const log = memoryLog();
  const ports: PollRoundPorts = {
    batches,
    jobs: { recordFailureReason: async (_jobId, reason) => void reasons.push(reason) },
    vendors: () => ({
      callsBack: true,
      poll: async () => {
        const next = answers.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
    }),
    answers: { put: async (jobId, batchId, round, raw) => void kept.set(`${jobId}/${batchId}/r${round}`, raw) },
    collect: async (_jobId, _batchId, raw) => {
      // Collect reads the answer Poll has already kept.
      expect(kept.size).toBe(1);
      collected.push(raw);
      return { retry };
    },
    clock: clock.now,
    log: log.log,
  };
  const poll = () => pollRound(ports, SETTINGS, batch.jobId, batch.batchId);
  return { poll, clock, batches, kept, collected, reasons, log };
}

describe('Poll', () => {
  it('keeps a ready answer as it came, collects it in the same invocation, and says so', async () => {
    const raw = { results: [{ external_id: 'a', status: 'success' }] };
    const { poll, kept, collected } = setup([{ state: 'done', raw }]);
    expect(await poll()).toEqual({ sent: true, callsBack: true, ready: true, waitSeconds: 0, retry: false });
    expect(kept.get('job-1/s1-b00001/r1')).toBe(raw);
    expect(collected).toEqual([raw]);
  });

  it('says when the collected round sends records the vendor failed transiently round again', async () => {
    const { poll } = setup([{ state: 'done', raw: {} }], submittedBatch(), true);
    expect(await poll()).toMatchObject({ ready: true, retry: true });
  });

  it('answers a replay after collecting scheduled the retry round with that round, asking the vendor nothing', async () => {
    const { poll, collected } = setup([], submittedBatch({ state: 'RETRY_PENDING', round: 2, submittedRound: 1 }));
    expect(await poll()).toMatchObject({ ready: true, retry: true });
    expect(collected).toEqual([]);
  });

  it("sleeps between polls, not awaits, once the round's callback has come: no other callback would end the wait", async () => {
    const { poll } = setup([{ state: 'processing' }, { state: 'processing' }], submittedBatch({ callbackRound: 1 }));
    const progress = await poll();
    expect(progress).toMatchObject({ ready: false, callsBack: false });
    // The backoff the sleep takes: never a tight loop.
    expect(progress.waitSeconds).toBeGreaterThan(0);
    // Before the callback, the batch waits for it.
    const before = setup([{ state: 'processing' }], submittedBatch());
    expect(await before.poll()).toMatchObject({ ready: false, callsBack: true });
  });

  it('collects nothing while the vendor works', async () => {
    const { poll, collected } = setup([{ state: 'processing' }]);
    expect(await poll()).toMatchObject({ ready: false, retry: false });
    expect(collected).toEqual([]);
  });

  it('backs off exponentially while the vendor works, up to the maximum, and counts each poll', async () => {
    const processing: PollOutcome = { state: 'processing' };
    const { poll, batches } = setup(Array.from({ length: 8 }, () => processing));
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) waits.push((await poll()).waitSeconds);
    // Doubling from the interval to the ceiling, with jitter in the upper half so batches do not poll in step.
    waits.forEach((wait, i) => {
      const ceiling = Math.min(SETTINGS.backoffMaxSeconds, SETTINGS.pollIntervalSeconds * 2 ** i);
      expect(wait).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(wait).toBeLessThanOrEqual(ceiling);
    });
    expect(batches.rows.get('job-1/s1-b00001')!.pollCount).toBe(8);
  });

  it('waits as long as the vendor or the shared limit says, rounded up to whole seconds', async () => {
    const { poll } = setup([
      { state: 'processing', waitMs: 1_500 },
      { state: 'processing', waitMs: 10 },
    ]);
    expect((await poll()).waitSeconds).toBe(2);
    expect((await poll()).waitSeconds).toBe(1);
  });

  it('gives the batch up past its deadline, so its rows end "vendor timeout"', async () => {
    const { poll, clock } = setup([{ state: 'processing' }, { state: 'processing' }]);
    clock.advance(3_600_000);
    expect((await poll()).ready).toBe(false);
    clock.advance(1_001);
    await expect(poll()).rejects.toMatchObject({ name: 'BatchDeadlineExceeded' });
  });

  it('records the reason a user can act on when the vendor refuses for good (a revoked token), and fails the round', async () => {
    const refused = new VendorFatalError({
      vendor: 'leadspace',
      httpStatus: 401,
      code: 'unauthorized',
      message: 'Leadspace refused the token (401): renew it',
    });
    const { poll, reasons } = setup([refused]);
    await expect(poll()).rejects.toBe(refused);
    expect(reasons).toEqual(['Leadspace refused the token (401): renew it']);
  });

  it('refuses to poll a round that was never submitted', async () => {
    const { poll } = setup([], submittedBatch({ submittedRound: undefined, vendorBulkId: undefined }));
    await expect(poll()).rejects.toThrow(/never submitted/);
  });
});
