import type { BatchRecord, Lead } from './lead';

export interface Batch {
  batchId: string;
  records: BatchRecord[];
}

export interface Placement {
  externalId: string;
  batchId: string;
  duplicate: boolean;
  /** a batch that just filled up and can be written out */
  full?: Batch;
}

export const batchIdFor = (n: number) => `b${String(n).padStart(5, '0')}`;

/**
 * Dedupes leads within a job and packs the unique ones into batches of at most `maxBatchSize`.
 * Memory holds one open batch plus one small index entry per unique lead (its key, external id and batch).
 */
export class Batcher {
  private readonly seen = new Map<string, { externalId: string; batchId: string }>();
  private readonly duplicated = new Set<string>();
  private open: BatchRecord[] = [];
  private batchCount = 0;

  constructor(private readonly maxBatchSize: number) {}

  place(key: string, lead: Lead, rowNumber: number): Placement {
    const existing = this.seen.get(key);
    if (existing) {
      this.duplicated.add(existing.externalId);
      return { ...existing, duplicate: true };
    }
    const batchId = batchIdFor(this.batchCount + 1);
    // The row number of the first occurrence: unique within the job, and not lead data.
    const externalId = `r${rowNumber}`;
    this.seen.set(key, { externalId, batchId });
    this.open.push({ externalId, lead });
    const full = this.open.length >= this.maxBatchSize ? this.flush() : undefined;
    return { externalId, batchId, duplicate: false, full };
  }

  flush(): Batch | undefined {
    if (this.open.length === 0) return undefined;
    this.batchCount += 1;
    const batch = { batchId: batchIdFor(this.batchCount), records: this.open };
    this.open = [];
    return batch;
  }

  /** External ids of the leads that more than one row shares. */
  duplicatedIds(): string[] {
    return [...this.duplicated];
  }

  get uniqueLeads(): number {
    return this.seen.size;
  }
}
