import type { BatchRecord } from './lead';

export interface Batch {
  batchId: string;
  records: StepRecord[];
}

/** A lead as one step of the plan sends it, with the key its answer is cached under across jobs. */
export interface StepRecord extends BatchRecord {
  cacheKey: string;
}

export interface Placement {
  externalId: string;
  duplicate: boolean;
}

/**
 * Dedupes leads within a job: the first row of a lead names it (`r<row>`), later rows share its outcome.
 * Memory holds one small index entry per unique lead (its key and external id).
 */
export class Deduper {
  private readonly seen = new Map<string, string>();
  /** external id → how many later rows share that lead */
  private readonly duplicated = new Map<string, number>();

  place(key: string, rowNumber: number): Placement {
    const existing = this.seen.get(key);
    if (existing) {
      this.duplicated.set(existing, (this.duplicated.get(existing) ?? 0) + 1);
      return { externalId: existing, duplicate: true };
    }
    // The row number of the first occurrence: unique within the job, and not lead data.
    const externalId = `r${rowNumber}`;
    this.seen.set(key, externalId);
    return { externalId, duplicate: false };
  }

  /**
   * The leads that more than one row shares: external id → the number of later rows that share it, so Merge can
   * forget a lead's outcome after its last duplicate (jobLayout.duplicated).
   */
  duplicateCounts(): Record<string, number> {
    return Object.fromEntries(this.duplicated);
  }

  get uniqueLeads(): number {
    return this.seen.size;
  }
}

/** `s1-b00001`: the step (1-based, as users count plan steps) and the batch within it. */
export const batchIdFor = (step: number, n: number) => `s${step + 1}-b${String(n).padStart(5, '0')}`;

/** Packs one step's records into batches of at most `maxBatchSize`, in the order they come. */
export class BatchPacker {
  private open: StepRecord[] = [];
  private count = 0;

  constructor(
    private readonly step: number,
    private readonly maxBatchSize: number,
  ) {}

  /** The batch id the next record goes into. */
  get currentBatchId(): string {
    return batchIdFor(this.step, this.count + 1);
  }

  /** Adds a record; returns a batch that just filled up and can be written out. */
  add(record: StepRecord): Batch | undefined {
    this.open.push(record);
    return this.open.length >= this.maxBatchSize ? this.flush() : undefined;
  }

  flush(): Batch | undefined {
    if (this.open.length === 0) return undefined;
    this.count += 1;
    const batch = { batchId: batchIdFor(this.step, this.count), records: this.open };
    this.open = [];
    return batch;
  }
}
