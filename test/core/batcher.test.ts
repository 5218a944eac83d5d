import { describe, expect, it } from 'vitest';
import { BatchPacker, Deduper, batchIdFor, type Batch, type StepRecord } from '../../lambdas/core/batcher';

const record = (n: number): StepRecord => ({ externalId: `r${n}`, lead: { firstName: `Lead ${n}` }, cacheKey: `key-${n}` });

/** Adds records 1..count and returns every batch that filled up, then the flushed remainder. */
function packAll(packer: BatchPacker, count: number): Batch[] {
  const batches: Batch[] = [];
  for (let n = 1; n <= count; n += 1) {
    const batch = packer.add(record(n));
    if (batch) batches.push(batch);
  }
  const rest = packer.flush();
  if (rest) batches.push(rest);
  return batches;
}

describe('Deduper', () => {
  it('names each lead after the row of its first occurrence', () => {
    const deduper = new Deduper();
    expect(deduper.place('ada', 2)).toEqual({ externalId: 'r2', duplicate: false });
    expect(deduper.place('grace', 3)).toEqual({ externalId: 'r3', duplicate: false });
  });

  it('gives a later row of the same lead the first row’s id and marks it a duplicate', () => {
    const deduper = new Deduper();
    deduper.place('ada', 2);
    deduper.place('grace', 3);
    expect(deduper.place('ada', 7)).toEqual({ externalId: 'r2', duplicate: true });
    expect(deduper.place('ada', 9)).toEqual({ externalId: 'r2', duplicate: true });
    expect(deduper.place('grace', 10)).toEqual({ externalId: 'r3', duplicate: true });
  });

  it('reports each lead that more than one row shares, with the number of later rows sharing it, and counts unique leads', () => {
    const deduper = new Deduper();
    deduper.place('ada', 2);
    deduper.place('grace', 3);
    deduper.place('alan', 4);
    deduper.place('ada', 5);
    deduper.place('ada', 6);
    deduper.place('alan', 7);
    expect(deduper.duplicateCounts()).toEqual({ r2: 2, r4: 1 });
    expect(deduper.uniqueLeads).toBe(3);
  });

  it('reports no duplicates and no leads before any row is placed', () => {
    const deduper = new Deduper();
    expect(deduper.duplicateCounts()).toEqual({});
    expect(deduper.uniqueLeads).toBe(0);
  });

  it('treats every distinct key as a distinct lead (keys come already normalised by leadKey)', () => {
    const deduper = new Deduper();
    deduper.place('ada', 2);
    expect(deduper.place('Ada', 3)).toEqual({ externalId: 'r3', duplicate: false });
    expect(deduper.uniqueLeads).toBe(2);
    expect(deduper.duplicateCounts()).toEqual({});
  });
});

describe('batchIdFor', () => {
  it('numbers steps from 1 as users count plan steps, and batches with five digits', () => {
    expect(batchIdFor(0, 1)).toBe('s1-b00001');
    expect(batchIdFor(2, 42)).toBe('s3-b00042');
    expect(batchIdFor(1, 12345)).toBe('s2-b12345');
  });
});

describe('BatchPacker', () => {
  it('returns a batch as soon as it holds exactly maxBatchSize records, in the order they came', () => {
    const packer = new BatchPacker(0, 3);
    expect(packer.add(record(1))).toBeUndefined();
    expect(packer.add(record(2))).toBeUndefined();
    expect(packer.add(record(3))).toEqual({ batchId: 's1-b00001', records: [record(1), record(2), record(3)] });
  });

  it('cuts full batches and leaves the remainder for flush, numbering them in order', () => {
    const batches = packAll(new BatchPacker(0, 3), 8);
    expect(batches.map((b) => b.batchId)).toEqual(['s1-b00001', 's1-b00002', 's1-b00003']);
    expect(batches.map((b) => b.records.length)).toEqual([3, 3, 2]);
    expect(batches.flatMap((b) => b.records.map((r) => r.externalId))).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
  });

  it('names batches after the plan step, counting steps from 1', () => {
    const batches = packAll(new BatchPacker(2, 2), 3);
    expect(batches.map((b) => b.batchId)).toEqual(['s3-b00001', 's3-b00002']);
  });

  it('returns the remainder once from flush, then nothing', () => {
    const packer = new BatchPacker(1, 5);
    packer.add(record(1));
    packer.add(record(2));
    expect(packer.flush()).toEqual({ batchId: 's2-b00001', records: [record(1), record(2)] });
    expect(packer.flush()).toBeUndefined();
    expect(packer.flush()).toBeUndefined();
  });

  it('makes no empty batch: flush is undefined before any record and right after a full batch', () => {
    const empty = new BatchPacker(0, 2);
    expect(empty.flush()).toBeUndefined();
    const packer = new BatchPacker(0, 2);
    packer.add(record(1));
    expect(packer.add(record(2))).toBeDefined();
    expect(packer.flush()).toBeUndefined();
  });

  it('does not use up a batch number on a flush with nothing to write', () => {
    const packer = new BatchPacker(0, 2);
    packer.flush();
    expect(packer.currentBatchId).toBe('s1-b00001');
    packer.add(record(1));
    expect(packer.flush()?.batchId).toBe('s1-b00001');
  });

  it('puts one record in each batch when maxBatchSize is 1', () => {
    const batches = packAll(new BatchPacker(0, 1), 3);
    expect(batches).toEqual([
      { batchId: 's1-b00001', records: [record(1)] },
      { batchId: 's1-b00002', records: [record(2)] },
      { batchId: 's1-b00003', records: [record(3)] },
    ]);
  });

  it('reports as currentBatchId the batch the next record lands in, also right after a full batch is cut', () => {
    const packer = new BatchPacker(0, 2);
    expect(packer.currentBatchId).toBe('s1-b00001');
    packer.add(record(1));
    expect(packer.currentBatchId).toBe('s1-b00001');
    packer.add(record(2));
    expect(packer.currentBatchId).toBe('s1-b00002');
    packer.add(record(3));
    expect(packer.currentBatchId).toBe('s1-b00002');
    packer.flush();
    expect(packer.currentBatchId).toBe('s1-b00003');
  });

  it('places every record in the batch currentBatchId named just before it was added', () => {
    const packer = new BatchPacker(1, 4);
    const promised = new Map<string, string>();
    const written: Batch[] = [];
    for (let n = 1; n <= 11; n += 1) {
      promised.set(`r${n}`, packer.currentBatchId);
      const batch = packer.add(record(n));
      if (batch) written.push(batch);
    }
    const rest = packer.flush();
    if (rest) written.push(rest);
    for (const batch of written) {
      for (const r of batch.records) expect(promised.get(r.externalId), r.externalId).toBe(batch.batchId);
    }
    expect(written.reduce((sum, b) => sum + b.records.length, 0)).toBe(11);
  });

  it('does not change a batch it has handed out when more records come', () => {
    const packer = new BatchPacker(0, 2);
    packer.add(record(1));
    const first = packer.add(record(2))!;
    packer.add(record(3));
    packer.flush();
    expect(first.records).toEqual([record(1), record(2)]);
  });
});
