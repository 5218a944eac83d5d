import type { RecordResult } from './enrichedFields';

/**
 * Batch results for Merge, loaded on demand and evicted least-recently-used. Rows arrive roughly in batch
 * order (batches are filled in row order), so a few batches in memory serve nearly every row; a duplicate that
 * points far back costs one reload instead of keeping every result for the whole file.
 */
export class ResultCache {
  private readonly entries = new Map<string, Map<string, RecordResult>>();

  constructor(
    private readonly load: (batchId: string) => Promise<RecordResult[]>,
    private readonly capacity = 4,
  ) {}

  async get(batchId: string, externalId: string): Promise<RecordResult | undefined> {
    let batch = this.entries.get(batchId);
    if (batch) {
      this.entries.delete(batchId);
    } else {
      batch = new Map((await this.load(batchId)).map((r) => [r.externalId, r]));
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(batchId, batch);
    return batch.get(externalId);
  }
}
