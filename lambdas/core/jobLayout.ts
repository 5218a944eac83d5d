/**
 * Where a job's objects live in the data bucket. Everything under `jobs/<id>/` holds lead data and expires
 * with the bucket's lifecycle rule; state-machine payloads only ever carry these keys.
 */
export function jobLayout(jobId: string) {
  const root = `jobs/${jobId}`;
  return {
    /** the input of a job that reads a HeroBase lead search (Prepare writes it from the search's export) */
    searchInput: `${root}/input/herobase.csv`,
    header: `${root}/work/header.json`,
    rows: `${root}/work/rows.jsonl`,
    /** the distributed Map's items for a step: a JSON array of ManifestEntry */
    manifest: (step: number | '*') => `${root}/work/manifest.s${step}.json`,
    /**
     * Every unique lead's LeadState (lambdas/core/leadState.ts) before a step runs, one JSON line each, in
     * first-occurrence order; Prepare writes step 0's, each PlanStep the next one.
     */
    leads: (step: number) => `${root}/work/leads.s${step}.jsonl`,
    duplicated: `${root}/work/duplicated.json`,
    batch: (batchId: string) => `${root}/batches/${batchId}.jsonl`,
    retryBatch: (batchId: string) => `${root}/batches/${batchId}.retry.jsonl`,
    /** the records sent in a round: the batch, then (round 2) those the vendor failed transiently */
    sent: (batchId: string, round: number) => (round === 1 ? `${root}/batches/${batchId}.jsonl` : `${root}/batches/${batchId}.retry.jsonl`),
    rawResults: (batchId: string, round: number) => `${root}/raw/${batchId}.r${round}.json`,
    results: (batchId: string, round: number) => `${root}/results/${batchId}.r${round}.jsonl`,
    /** each lead's HeroBase export outcome, in lead order (lambdas/handlers/export.ts) */
    exportOutcomes: `${root}/work/export.jsonl`,
    enrichedCsv: `${root}/output/enriched.csv`,
    enrichedJsonl: `${root}/output/enriched.jsonl`,
    rejectedCsv: `${root}/output/rejected.csv`,
    summary: `${root}/output/summary.json`,
  };
}

/** One line of the row plan: the input cells and what became of the row in Prepare. */
export interface PlannedRow {
  /** the original cells, in input order */
  c: string[];
  /** external id of the unique lead this row maps to (shared by duplicates) */
  x?: string;
  /** true when an earlier row already holds the same lead */
  d?: true;
  /** rejection reason (names a field, never a value) */
  r?: string;
  /** a report footer ("Grand Totals (40 records)"): not a lead, never sent, counted apart */
  f?: true;
}

export interface ManifestEntry {
  batchId: string;
  records: number;
}
