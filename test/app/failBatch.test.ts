import { describe, expect, it } from 'vitest';
import { failBatch, type FailBatchPorts } from '../../lambdas/app/failBatch';
import { memoryBatches, memoryLog, submittedBatch } from './fakes';

function setup(release?: () => Promise<boolean>) {
  const counts: Record<string, number>[] = [];
  const released: string[] = [];
  let ended = false;
  const log = memoryLog();
  const ports: FailBatchPorts = {
    batches: {
      get: memoryBatches(submittedBatch()).get,
      finish: async () => (ended ? false : (ended = true)),
    },
    jobs: { addCounts: async (_j, c) => void counts.push(c as Record<string, number>) },
    vendors: () => ({ release: release ?? (async (batch) => (released.push(batch.batchId), true)) }),
    log: log.log,
  };
  return { fail: () => failBatch(ports, 'job-1', 's1-b00001', 'BatchDeadlineExceeded'), counts, released, lines: log.lines };
}

describe('BatchFailed', () => {
  it('counts the failed batch once however often it is replayed, and gives back what it held with the vendor', async () => {
    const { fail, counts, released } = setup();
    await fail();
    await fail();
    expect(counts).toEqual([{ batchesFailed: 1 }]);
    expect(released).toEqual(['s1-b00001', 's1-b00001']);
  });

  it('never fails on a backlog that cannot be given back now (the hold lapses at the deadline), and says so', async () => {
    const { fail, lines } = setup(async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' })));
    await expect(fail()).resolves.toBeUndefined();
    expect(lines.map((l) => l.message)).toContain("Could not give back the batch's share of the vendor backlog");
  });
});
