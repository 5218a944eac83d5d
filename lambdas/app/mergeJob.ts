import { stringify } from 'csv-stringify/sync';
import type { JobCompletedDetail, JobRecord, JobStatus, VendorOutcome } from '../core/job';
import type { ExportLine } from '../core/campaignMapping';
import { describeJobFailure } from '../core/failureReason';
import { jobOutcome } from '../core/jobOutcome';
import { jobIdOfExecution } from '../core/jobIds';
import { jobLayout, type PlannedRow } from '../core/jobLayout';
import { rowStatusOf, type LeadState } from '../core/leadState';
import { resolvePlan, VENDORS, type PlanStep, type Vendor } from '../core/plan';
import { REPORT_FOOTER_STATUS } from '../core/reportFooter';
import { outputCsvStyle } from '../core/csvStyle';
import type { EnrichedValues, RowStatus } from '../core/enrichedFields';
import { csvOutputRow, jsonlOutputRecord, outputHeader, parseStatus, SummaryCounter, type RowOutcome } from '../core/output';
import { releaseJobHolds } from './releaseVendorHold';
import { jobAwsCost, jobShapeOf } from '../core/jobCost';
import { AWS_LIST_PRICES } from '../core/awsPrices';
import type { BatchStore, JobStore, LeadspaceBacklog, Log, ObjectWriter, StepResults } from './ports';

export interface MergeJobPorts {
  jobs: Pick<JobStore, 'get' | 'recordFailureReason' | 'update'>;
  batches: Pick<BatchStore, 'listForJob'>;
  /** the job's files in the data bucket (jobLayout) */
  objects: {
    readJsonIfExists<T>(key: string): Promise<T | undefined>;
    readJsonLines<T>(key: string): AsyncGenerator<T>;
    readJsonLinesIfExists<T>(key: string): Promise<T[] | undefined>;
    openWriter(key: string, contentType: string): ObjectWriter;
    putJson(key: string, value: unknown): Promise<void>;
  };
  /** the answers of a plan step's batches, folded onto the leads */
  openStepResults(jobId: string, step: number, planStep: PlanStep | undefined, unfinished: RowStatus): Promise<StepResults>;
  /** Leadspace's backlog ledger: a stopped job gives back what its batches held */
  backlog: Pick<LeadspaceBacklog, 'releaseJob'>;
  /** announces the ended job ("Leadflow Job Completed"); absent where no bus is (the CLI) */
  publishCompleted?: (detail: JobCompletedDetail) => Promise<void>;
  countJobEnded(status: JobStatus, rows: number): void;
  now(): Date;
  log: (keys: Record<string, string | number>) => Log;
}

export interface MergeInput {
  jobId: string;
  /** set when the state machine caught a failure: merge what exists and end the job FAILED */
  failure?: { error: string; cause?: string };
  /** set when the user stopped the execution (an EventBridge rule on ABORTED): merge what exists, CANCELLED */
  cancelled?: boolean;
}

const NO_VALUES: EnrichedValues = {};
/** The export outcome column, present when the job pushes into a HeroBase campaign. */
const EXPORT_COLUMN = 'herobase_export';

/**
 * Merge: walks the row plan in input order beside the leads' last states and writes one output row per input row,
 * whatever happened to it: enriched.csv, enriched.jsonl, rejected.csv and summary.json. Also the job's final status.
 */
export async function mergeJob(ports: MergeJobPorts, input: MergeInput): Promise<{ status: JobStatus }> {
  // Rules on execution events pass the execution's name: a resumed job's carries a suffix (lambdas/core/jobIds.ts).
  const event = { ...input, jobId: jobIdOfExecution(input.jobId) };
  const { jobs, objects } = ports;
  const layout = jobLayout(event.jobId);
  const logger = ports.log({ jobId: event.jobId });

  // Cancelled: stopped from outside (ABORTED), or asked to cancel and wound down by the workflow itself.
  const cancelled = event.cancelled === true || (await jobs.get(event.jobId))?.cancelRequestedAt !== undefined;
  if (cancelled) await jobs.recordFailureReason(event.jobId, 'Cancelled by the user');
  else if (event.failure) await jobs.recordFailureReason(event.jobId, describeJobFailure(event.failure.error, event.failure.cause));
  const stopped = cancelled || event.failure !== undefined;
  if (stopped) await releaseJobHolds(ports.backlog, event.jobId, logger);
  const unfinished: RowStatus = cancelled ? 'failed: cancelled' : 'failed: not processed, job stopped';
  const job = await jobs.get(event.jobId);
  const header = await objects.readJsonIfExists<string[]>(layout.header);
  const counter = new SummaryCounter();
  const vendorOutcomes: Partial<Record<Vendor, VendorOutcome>> = {};
  const outputs: Record<string, string> = { summary: layout.summary };

  const exportTarget = job?.options?.export;
  const exportCounts = new Map<string, number>();
  let leadsExported = 0;
  if (header && job) {
    // The last lead states written, and the answers of the step that was running when they were written.
    const leadsStep = job.leadsStep ?? 0;
    const plan = resolvePlan(job.options?.plan);
    const running = await ports.openStepResults(event.jobId, leadsStep - 1, plan[leadsStep - 1], unfinished);
    const leads = objects.readJsonLines<LeadState>(layout.leads(leadsStep))[Symbol.asyncIterator]();
    // One short line per lead (ids and outcome only); absent when the job stopped before its export finished.
    const exported = exportTarget
      ? new Map(((await objects.readJsonLinesIfExists<ExportLine>(layout.exportOutcomes)) ?? []).map((l) => [l.x, l.outcome]))
      : undefined;
    for (const outcome of exported?.values() ?? []) if (outcome === 'exported') leadsExported += 1;
    const outcomeOf = async (row: PlannedRow): Promise<RowOutcome> => {
      const next = await leads.next();
      if (next.done || next.value.x !== row.x) throw new Error(`Lead states out of step with the row plan at ${row.x}`);
      const state = await running.fold(next.value);
      // A stopped job's leads that no step reached were not processed, not "without a plan step".
      const status = stopped && state.steps.length === 0 ? unfinished : rowStatusOf(state);
      const exportOutcome = exported ? (exported.get(row.x!) ?? 'failed: not exported, job stopped') : undefined;
      return { status, values: state.values, sources: state.sources, steps: state.steps, ...(exportOutcome && { export: exportOutcome }) };
    };

    /*
     * Duplicates may point anywhere back in the file: the outcome of each lead that later rows share is kept until
     * its last duplicate is written, so memory holds the shared leads whose duplicates are still ahead.
     */
    const shared = sharedLeads(await objects.readJsonIfExists<DuplicatedFile>(layout.duplicated));
    const retained = new Map<string, RowOutcome>();
    const csv = objects.openWriter(layout.enrichedCsv, 'text/csv; charset=utf-8');
    const jsonl = objects.openWriter(layout.enrichedJsonl, 'application/x-ndjson');
    const rejected = objects.openWriter(layout.rejectedCsv, 'text/csv; charset=utf-8');
    const style = outputCsvStyle(job.intake ?? {}, { format: job.options?.outputFormat, rawCsv: job.options?.rawCsv });
    // Any line break inside a cell is quoted, whichever record delimiter the style writes.
    const line = (cells: readonly string[]) =>
      stringify([cells], {
        delimiter: style.delimiter,
        record_delimiter: style.recordDelimiter,
        quoted_match: /[\r\n]/,
        escape_formulas: style.escapeFormulas,
      });
    if (style.bom) await Promise.all([csv.write('\uFEFF'), rejected.write('\uFEFF')]);
    await csv.write(line([...outputHeader(header), ...(exportTarget ? [EXPORT_COLUMN] : [])]));
    await rejected.write(line([...header, 'rejection_reason']));
    let rowNumber = 0;
    for await (const row of objects.readJsonLines<PlannedRow>(layout.rows)) {
      rowNumber += 1;
      let outcome: RowOutcome;
      if (row.r !== undefined) outcome = { status: `rejected: ${row.r}`, values: NO_VALUES, ...(exportTarget && { export: 'not exported: rejected' }) };
      else if (row.f) outcome = { status: REPORT_FOOTER_STATUS, values: NO_VALUES, ...(exportTarget && { export: 'not exported: not a lead' }) };
      else if (row.d) {
        outcome = retained.get(row.x!)!;
        const left = shared.get(row.x!)! - 1;
        shared.set(row.x!, left);
        if (left === 0) retained.delete(row.x!);
      } else {
        outcome = await outcomeOf(row);
        if (shared.has(row.x!)) retained.set(row.x!, outcome);
      }
      counter.add(outcome.status, { duplicate: row.d === true });
      countVendorOutcomes(vendorOutcomes, outcome);
      if (outcome.export) exportCounts.set(outcome.export, (exportCounts.get(outcome.export) ?? 0) + 1);
      await csv.write(line([...csvOutputRow(row.c, header.length, outcome), ...(exportTarget ? [outcome.export ?? ''] : [])]));
      const record = jsonlOutputRecord(header, row.c, outcome, rowNumber);
      await jsonl.write(`${JSON.stringify(outcome.export ? { ...record, export: outcome.export } : record)}\n`);
      // Every rejected row, those a vendor refused included (rows of a lead shared by duplicates each once).
      const rejection = /^rejected: (.*)$/s.exec(outcome.status)?.[1];
      if (rejection !== undefined) await rejected.write(line([...Array.from({ length: header.length }, (_, i) => row.c[i] ?? ''), rejection]));
    }
    await Promise.all([csv.end(), jsonl.end(), rejected.end()]);
    Object.assign(outputs, { enrichedCsv: layout.enrichedCsv, enrichedJsonl: layout.enrichedJsonl, rejectedCsv: layout.rejectedCsv });
  }

  const counts = counter.summary();
  const batches = await ports.batches.listForJob(event.jobId);
  const { status, reason } = jobOutcome({
    cancelled,
    failed: event.failure !== undefined,
    batches,
    skippedRows: counts.skipped.total,
    failedRows: counts.failed.total,
  });
  if (reason) await jobs.recordFailureReason(event.jobId, reason);
  const finished = await jobs.get(event.jobId);
  const now = ports.now();
  const summary = {
    jobId: event.jobId,
    status,
    ...(finished?.failureReason ? { failureReason: finished.failureReason } : {}),
    ...counts,
    preambleRows: finished?.intake?.preambleRows ?? 0,
    raggedRows: finished?.intake?.raggedRows ?? 0,
    uniqueLeads: finished?.uniqueLeads ?? 0,
    batches: {
      total: batches.length,
      collected: batches.filter((b) => b.state === 'COLLECTED').length,
      failed: batches.filter((b) => b.state === 'FAILED').length,
    },
    vendors: vendorSummary(
      finished,
      resolvePlan(finished?.options?.plan).map((s) => s.vendor),
    ),
    ...(exportTarget && { export: { ...exportSummary(exportTarget.campaignCode, exportCounts), leadsExported } }),
    // From the job's own counts (rows, records sent, cache look-ups, batch rounds), not a bill: docs/cost.md.
    ...(finished && { awsCost: jobAwsCost(jobShapeOf({ ...finished, rows: counts.rows }, batches), AWS_LIST_PRICES) }),
    createdAt: finished?.createdAt,
    completedAt: now.toISOString(),
  };
  await objects.putJson(layout.summary, summary);
  const rowsByStatus = {
    enriched: counts.enriched,
    partially_enriched: counts.partially_enriched,
    not_found: counts.not_found,
    rejected: counts.rejected.total,
    failed: counts.failed.total,
    skipped: counts.skipped.total,
    not_applicable: counts.not_applicable.total,
    reportFooters: counts.reportFooters,
  };
  const rowReasons = { rejected: counts.rejected.byReason, failed: counts.failed.byReason, skipped: counts.skipped.byReason };
  const awsCostUsd = summary.awsCost?.usd;
  await jobs.update(
    event.jobId,
    { status, rowsByStatus, rowReasons, vendorOutcomes, outputs, ...(awsCostUsd !== undefined && { awsCostUsd }), completedAt: now.toISOString() },
    now,
  );
  if (ports.publishCompleted) {
    await ports.publishCompleted({
      jobId: event.jobId,
      status,
      rows: counts.rows,
      rowsByStatus,
      uniqueLeads: summary.uniqueLeads,
      recordsBilled: finished?.recordsBilled ?? 0,
      ...(summary.failureReason ? { failureReason: summary.failureReason } : {}),
    });
  }
  ports.countJobEnded(status, counts.rows);
  logger.info('Job merged', { status, rows: counts.rows });
  return { status };
}

/** Rows by export outcome: exported, invalid for the campaign (by field), failed (by reason), not exported (rows, duplicates included). */
function exportSummary(campaignCode: string, counts: ReadonlyMap<string, number>) {
  const total = (prefix: string) => [...counts].filter(([o]) => o.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
  return {
    campaignCode,
    exported: counts.get('exported') ?? 0,
    invalid: total('invalid for campaign'),
    failed: total('failed'),
    notExported: total('not exported'),
    byOutcome: Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b))),
  };
}

/** Per vendor of the plan: leads it applied to, how they were answered (sent, cache) or not (budget), and what was billed. */
function vendorSummary(job: JobRecord | undefined, planned: readonly string[]) {
  return Object.fromEntries(
    VENDORS.filter((vendor) => planned.includes(vendor)).map((vendor) => [
      vendor,
      {
        recordsSent: job?.[`${vendor}Sent`] ?? 0,
        recordsBilled: job?.[`${vendor}Billed`] ?? 0,
        cacheHits: job?.[`${vendor}CacheHits`] ?? 0,
        skippedBudget: job?.[`${vendor}SkippedBudget`] ?? 0,
        roundsRecovered: job?.[`${vendor}Recovered`] ?? 0,
        roundsResent: job?.[`${vendor}Resent`] ?? 0,
      },
    ]),
  );
}

/**
 * jobLayout.duplicated: external id → the number of later rows sharing the lead. Jobs prepared before Prepare counted
 * them wrote the ids alone; their shared outcomes are kept to the end.
 */
type DuplicatedFile = Record<string, number> | string[];

function sharedLeads(file: DuplicatedFile | undefined): Map<string, number> {
  if (Array.isArray(file)) return new Map(file.map((id) => [id, Number.POSITIVE_INFINITY]));
  return new Map(Object.entries(file ?? {}));
}

/** Adds one output row's steps to the per-vendor outcomes (the console's waterfall): counts only. */
function countVendorOutcomes(outcomes: Partial<Record<Vendor, VendorOutcome>>, outcome: RowOutcome): void {
  for (const step of outcome.steps ?? []) {
    const counts = outcomes[step.vendor] ?? { rows: 0, found: 0, notFound: 0, fromCache: 0 };
    outcomes[step.vendor] = counts;
    counts.rows += 1;
    const { category } = parseStatus(step.status);
    if (category === 'enriched' || category === 'partially_enriched') counts.found += 1;
    else if (category === 'not_found') counts.notFound += 1;
    if (step.cached) counts.fromCache += 1;
  }
}
