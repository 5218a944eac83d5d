import { describe, expect, it } from 'vitest';
import { collectRound, type CollectRoundPorts } from '../../lambdas/app/collectRound';
import type { CollectedRound, VendorStep } from '../../lambdas/app/ports';
import type { StepRecord } from '../../lambdas/core/batcher';
import type { RecordResult } from '../../lambdas/core/enrichedFields';
import { VendorAnswerUnreadable } from '../../lambdas/core/errors';
import { memoryBatches, memoryLog, submittedBatch } from './fakes';

const sent = (ids: string[]): StepRecord[] => ids.map((externalId) => ({ externalId, cacheKey: `key-${externalId}`, lead: { firstName: 'x' } }) as StepRecord);
const enriched = (externalId: string): RecordResult => ({ externalId, status: 'enriched', values: { person_title: 'CTO' } });

function setup(collected: Partial<CollectedRound> | Error, batch = submittedBatch(), ids = ['r1', 'r2', 'r3'], cacheDown = false) {
  const batches = { ...memoryBatches(batch), scheduled: 0, finished: 0 };
  const writes = { results: [] as RecordResult[][], retry: [] as StepRecord[][], cache: [] as string[][] };
  const counts: Record<string, number>[] = [];
  const reasons: string[] = [];
  const notUnderstood: number[] = [];
  const logs = memoryLog();
  let finishOnce = true;
  const vendor: VendorStep = {
    callsBack: true,
    submit: async () => ({ throttledMs: 0 }),
    poll: async () => ({ state: 'processing' }),
    collect: () => {
      if (collected instanceof Error) throw collected;
      return { outcomes: new Map(), retryIds: new Set(), billed: 0, ...collected };
    },
    stillFailing: (externalId) => ({ externalId, status: 'failed: vendor unavailable', values: {} }),
  };
  const ports: CollectRoundPorts = {
    batches: {
      get: batches.get,
      scheduleRetryRound: async () => ((batches.scheduled += 1), true),
      finish: async () => {
        const first = finishOnce;
        finishOnce = false;
        return first;
      },
    },
    jobs: {
      addCounts: async (_jobId, c) => void counts.push(c as Record<string, number>),
      markOutOfCredits: async () => undefined,
      recordFailureReason: async (_jobId, reason) => void reasons.push(reason),
    },
    files: {
      readSent: async function* () {
        yield* sent(ids);
      },
      putResults: async (_j, _b, _r, results) => void writes.results.push([...results]),
      putRetry: async (_j, _b, records) => void writes.retry.push([...records]),
    },
    cache: {
      putMany: async (answers) => {
        if (cacheDown) throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
        writes.cache.push([...answers.keys()]);
      },
    },
    vendors: () => vendor,
    countNotUnderstood: (_vendor, n) => void notUnderstood.push(n),
    now: () => new Date('2026-12-01T10:00:00Z'),
    log: logs.log,
  };
  const collect = () => collectRound(ports, batch.jobId, batch.batchId, { raw: true });
  return { collect, writes, counts, reasons, notUnderstood, batches, logs };
}

describe('Collect', () => {
  it("writes every record's outcome, caches the real answers, and counts what was billed once, even when replayed", async () => {
    const outcomes = new Map(['r1', 'r2'].map((id) => [id, enriched(id)]));
    const { collect, writes, counts } = setup({ outcomes, billed: 2 });
    expect(await collect()).toEqual({ retry: false });
    expect(writes.results[0]!.map((r) => [r.externalId, r.status])).toEqual([
      ['r1', 'enriched'],
      ['r2', 'enriched'],
      ['r3', 'failed: leadspace returned no result'],
    ]);
    expect(writes.cache).toEqual([['key-r1', 'key-r2']]);
    await collect();
    expect(counts).toEqual([{ batchesDone: 1, recordsBilled: 2, leadspaceBilled: 2, leadspaceUnmapped: 0 }]);
  });

  it('keeps a paid round when the cache cannot take its answers: results written, batch collected and billed, a warning', async () => {
    const outcomes = new Map(['r1', 'r2'].map((id) => [id, enriched(id)]));
    const { collect, writes, counts, logs } = setup({ outcomes, billed: 2 }, submittedBatch(), ['r1', 'r2', 'r3'], true);
    expect(await collect()).toEqual({ retry: false });
    expect(writes.results[0]!.map((r) => r.status)).toEqual(['enriched', 'enriched', 'failed: leadspace returned no result']);
    expect(writes.cache).toEqual([]);
    expect(counts).toEqual([{ batchesDone: 1, recordsBilled: 2, leadspaceBilled: 2, leadspaceUnmapped: 0 }]);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'Vendor answers not cached', fields: { answers: 2, error: 'ProvisionedThroughputExceededException' } }),
    );
  });

  it('sends the records failed transiently round again, once, and keeps the others final', async () => {
    const { collect, writes, batches } = setup({ outcomes: new Map([['r1', enriched('r1')]]), retryIds: new Set(['r2', 'r3']), billed: 1 });
    expect(await collect()).toEqual({ retry: true });
    expect(writes.results[0]!.map((r) => r.externalId)).toEqual(['r1']);
    expect(writes.retry[0]!.map((r) => r.externalId)).toEqual(['r2', 'r3']);
    expect(batches.scheduled).toBe(1);
  });

  it('ends still-failing records of the last round as failed instead of sending them again', async () => {
    const { collect, writes } = setup({ retryIds: new Set(['r1']) }, submittedBatch({ round: 2, submittedRound: 2 }), ['r1']);
    expect(await collect()).toEqual({ retry: false });
    expect(writes.results[0]).toEqual([{ externalId: 'r1', status: 'failed: vendor unavailable', values: {} }]);
  });

  it('keeps what a vendor out of credits did answer, and tells the job why the rest failed', async () => {
    const { collect, writes, reasons } = setup({ outcomes: new Map([['r1', enriched('r1')]]), billed: 1, outOfCredits: true });
    await collect();
    expect(writes.results[0]![0]).toMatchObject({ externalId: 'r1', status: 'enriched' });
    expect(reasons).toEqual([expect.stringMatching(/^leadspace ran out of credits during the job/)]);
  });

  it('counts a paid answer it cannot read (alarmed on) and fails the batch, writing nothing', async () => {
    const { collect, writes, notUnderstood } = setup(new VendorAnswerUnreadable('unknown shape'));
    await expect(collect()).rejects.toBeInstanceOf(VendorAnswerUnreadable);
    expect(notUnderstood).toEqual([3]);
    expect(writes.results).toEqual([]);
  });

  it('returns at once when replayed after scheduling the retry round', async () => {
    const { collect, writes } = setup(new Error('must not be read'), submittedBatch({ state: 'RETRY_PENDING', round: 2, submittedRound: 1 }));
    expect(await collect()).toEqual({ retry: true });
    expect(writes.results).toEqual([]);
  });
});
