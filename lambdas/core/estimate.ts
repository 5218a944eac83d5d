import type { CostLine } from './awsCost';
import type { IntakeView } from './intakeView';
import type { Vendor } from './plan';

// Types only: the web console (console/) reads them too.

/**
 * What a job would do, said before anything is bought (docs/estimate.md): intake's own counts, and per plan step
 * the records each vendor would be sent. Counts only, never lead data.
 *
 * A step whose input is known before any vendor answers (the first, and any step whose rules only read the file's
 * own values) is exact: min equals max. A later step depends on what earlier vendors find, so its counts are a
 * range: max is what the step could reach if earlier answers leave every field it looks for blank, min what it
 * reaches whatever they find.
 */
export interface CountRange {
  min: number;
  max: number;
}

export interface StepEstimate {
  step: number;
  vendor: Vendor;
  /** leads the step's rules pick */
  leads: CountRange;
  /** of those, answered by the cross-job cache (nothing billed) */
  cacheHits: CountRange;
  /** of those, asking the same question as an earlier lead of the job: they share its record */
  shared: CountRange;
  /** records the step would send the vendor, so at most what it bills */
  records: CountRange;
  /** the step's budget, when the job has one for this vendor */
  budget?: number;
  /** leads the budget would leave out, in file order as PlanStep does (their rows end "skipped: budget") */
  overBudget: CountRange;
  /** how long the vendor's configured limits make the step take, in seconds */
  durationSeconds: CountRange;
  /** the limit behind the duration, in words */
  durationBasis: string;
}

export interface JobEstimate {
  rows: number;
  rejected: { total: number; byReason: Record<string, number> };
  reportFooters: number;
  duplicates: number;
  uniqueLeads: number;
  intake: IntakeView;
  /** why the job would stop before any vendor call (a file intake did not understand), unless forced */
  refusal?: string;
  steps: StepEstimate[];
  durationSeconds: CountRange;
  /** the AWS side, from the same counts a job's summary prices (docs/cost.md) */
  awsCost: { usd: CountRange; lines: CostLine[]; pricesAsOf: string };
}
