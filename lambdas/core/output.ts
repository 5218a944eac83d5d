import { REPORT_FOOTER_STATUS } from './reportFooter';
import { ENRICHED_FIELDS, type EnrichedValues, type RowStatus } from './enrichedFields';
import { provenanceCell, type LeadState, type StepOutcome } from './leadState';

/** What the pipeline decided for one input row. */
export interface RowOutcome {
  status: RowStatus;
  values: EnrichedValues;
  /** who filled each value (absent for rows that never reached a vendor) */
  sources?: LeadState['sources'];
  /** what each plan step that applied did */
  steps?: StepOutcome[];
  /** the HeroBase export outcome, when the job exports */
  export?: string;
}

/** The provenance column, after the enriched values: `person_email=leadgenius;person_title=leadspace`. */
export const SOURCES_COLUMN = 'enriched_sources';

/**
 * The status column's name: `status`, unless the input already has a column of that name (CRM exports often carry
 * the lead's own status), then `leadflow_status`, numbered further if even that is taken (a re-run on an
 * output file).
 */
export function statusColumnName(inputHeader: readonly string[]): string {
  const taken = new Set(inputHeader.map((name) => name.trim().toLowerCase()));
  if (!taken.has('status')) return 'status';
  let name = 'leadflow_status';
  for (let n = 2; taken.has(name); n++) name = `leadflow_status_${n}`;
  return name;
}

/** The column name of an enriched field in the output. */
export function enrichedColumnName(field: (typeof ENRICHED_FIELDS)[number]): string {
  return `enriched_${field}`;
}

/**
 * Output header: the input columns as they were, one column per enriched field, the provenance of those values,
 * then the status.
 */
export function outputHeader(inputHeader: readonly string[]): string[] {
  return [...inputHeader, ...ENRICHED_FIELDS.map(enrichedColumnName), SOURCES_COLUMN, statusColumnName(inputHeader)];
}

/** One output CSV row, aligned with `outputHeader`: the input cells (fitted to the header), values, sources, status. */
export function csvOutputRow(cells: readonly string[], inputHeaderLength: number, outcome: RowOutcome): string[] {
  const input = Array.from({ length: inputHeaderLength }, (_, i) => cells[i] ?? '');
  return [...input, ...ENRICHED_FIELDS.map((field) => outcome.values[field] ?? ''), provenanceCell(outcome.sources ?? {}, ENRICHED_FIELDS), outcome.status];
}

export interface JsonlOutputRecord {
  /** 1-based position of the row among the data rows (the header is not counted). */
  row: number;
  /** Input cells keyed by header name. */
  input: Record<string, string>;
  /** Only the enriched fields that have a value. */
  enriched: EnrichedValues;
  /** Who filled each of those values: `input` or a vendor. */
  sources: LeadState['sources'];
  /** What each plan step that applied to the row did, in plan order. */
  steps: StepOutcome[];
  status: RowStatus;
}

/** One JSONL output record. Header names are unique (readLeadFile numbers duplicates), so no cell is lost. */
export function jsonlOutputRecord(inputHeader: readonly string[], cells: readonly string[], outcome: RowOutcome, rowNumber: number): JsonlOutputRecord {
  const enriched: EnrichedValues = {};
  const sources: LeadState['sources'] = {};
  for (const field of ENRICHED_FIELDS) {
    const value = outcome.values[field];
    if (value === undefined || value === '') continue;
    enriched[field] = value;
    const source = outcome.sources?.[field];
    if (source) sources[field] = source;
  }
  return {
    row: rowNumber,
    // fromEntries defines own properties, so a column named "__proto__" is data, not a prototype change.
    input: Object.fromEntries(inputHeader.map((name, i) => [name, cells[i] ?? ''])),
    enriched,
    sources,
    steps: outcome.steps ?? [],
    status: outcome.status,
  };
}

export type StatusCategory = 'enriched' | 'partially_enriched' | 'not_found' | 'unmapped' | 'rejected' | 'failed' | 'skipped' | 'not_applicable';
type ReasonCategory = 'rejected' | 'failed' | 'skipped' | 'not_applicable';

/** Splits a status into its category and, for `rejected:`/`failed:`/`skipped:`, its reason. */
export function parseStatus(status: RowStatus): { category: StatusCategory; reason?: string } {
  const match = /^(rejected|failed|skipped|not applicable):\s*(.*)$/s.exec(status);
  if (match) {
    const category = (match[1] === 'not applicable' ? 'not_applicable' : match[1]) as ReasonCategory;
    return { category, reason: match[2] === '' ? 'unspecified' : match[2] };
  }
  if (status === 'enriched' || status === 'partially_enriched' || status === 'not_found' || status === 'unmapped') return { category: status };
  // Statuses may come back from storage; a malformed one is counted, not lost or thrown on.
  return { category: 'failed', reason: 'unknown status' };
}

/** summary.json: counts only, so it can go anywhere (logs, events, the job row) without exposing leads. */
export interface JobSummary {
  /** Every input data row, duplicates included. */
  rows: number;
  enriched: number;
  partially_enriched: number;
  not_found: number;
  /** Rows a vendor answered (and billed) with nothing Leadflow could map; the answer is kept (docs/vendors.md). */
  unmapped: number;
  rejected: { total: number; byReason: Record<string, number> };
  failed: { total: number; byReason: Record<string, number> };
  /** Rows a plan step wanted but did not run for (`skipped: budget`). */
  skipped: { total: number; byReason: Record<string, number> };
  /** Rows no step of the plan was for (`not applicable: …`): nothing left undone. */
  not_applicable: { total: number; byReason: Record<string, number> };
  /** Rows that repeated an earlier row's lead and took its outcome instead of being sent again. */
  duplicates: number;
  /** A report's footer lines ("Grand Totals (40 records)"): kept in the output, not leads, never sent. */
  reportFooters: number;
}

/** Counts output rows as they are written, for summary.json. */
export class SummaryCounter {
  private rows = 0;
  private duplicates = 0;
  private reportFooters = 0;
  private readonly plain = { enriched: 0, partially_enriched: 0, not_found: 0, unmapped: 0 };
  private readonly byReason: Record<ReasonCategory, Map<string, number>> = {
    rejected: new Map(),
    failed: new Map(),
    skipped: new Map(),
    not_applicable: new Map(),
  };

  /** Counts one output row; `duplicate` marks a row whose lead was already seen earlier in the file. */
  add(status: RowStatus, options: { duplicate?: boolean } = {}): void {
    this.rows++;
    if (options.duplicate) this.duplicates++;
    // Not a lead: neither skipped work (which would make the job PARTIAL) nor a rejection.
    if (status === REPORT_FOOTER_STATUS) {
      this.reportFooters++;
      return;
    }
    const { category, reason = 'unspecified' } = parseStatus(status);
    if (category === 'rejected' || category === 'failed' || category === 'skipped' || category === 'not_applicable') {
      const byReason = this.byReason[category];
      byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    } else {
      this.plain[category]++;
    }
  }

  summary(): JobSummary {
    return {
      rows: this.rows,
      ...this.plain,
      rejected: tally(this.byReason.rejected),
      failed: tally(this.byReason.failed),
      skipped: tally(this.byReason.skipped),
      not_applicable: tally(this.byReason.not_applicable),
      duplicates: this.duplicates,
      reportFooters: this.reportFooters,
    };
  }
}

function tally(byReason: ReadonlyMap<string, number>): { total: number; byReason: Record<string, number> } {
  const sorted = [...byReason].sort(([a], [b]) => a.localeCompare(b));
  return {
    total: sorted.reduce((sum, [, count]) => sum + count, 0),
    byReason: Object.fromEntries(sorted),
  };
}
