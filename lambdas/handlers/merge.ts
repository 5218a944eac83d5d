import { stringify } from 'csv-stringify/sync';
import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { publishJobCompleted } from '../aws/jobEvents';
import { BatchesRepository, type BatchRecord } from '../aws/batchesRepository';
import { JobsRepository, type JobStatus } from '../aws/jobsRepository';
import { openObjectWriter, putJson, readJsonIfExists, readJsonLines, readJsonLinesIfExists } from '../aws/s3';
import { describeBatchFailure, describeJobFailure } from '../core/failureReason';
import { jobOutcome } from '../core/jobOutcome';
import { jobLayout, type PlannedRow } from '../core/jobLayout';
import { ResultCache } from '../core/resultCache';
import type { EnrichedValues, RecordResult } from '../core/enrichedFields';
import { csvOutputRow, jsonlOutputRecord, outputHeader, SummaryCounter, type RowOutcome } from '../core/output';

export interface MergeInput {
  jobId: string;
  /** set when the state machine caught a failure: merge what exists and end the job FAILED */
  failure?: { error: string; cause?: string };
  /** set when the user stopped the execution (an EventBridge rule on ABORTED): merge what exists, CANCELLED */
  cancelled?: boolean;
}

const NO_VALUES: EnrichedValues = {};

/**
 * Walks the row plan in input order and writes one output row per input row, whatever happened to it:
 * enriched.csv, enriched.jsonl, rejected.csv and summary.json. Also the job's final status.
 */
export async function handler(event: MergeInput): Promise<{ status: JobStatus }> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'EVENT_BUS_NAME');
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  const layout = jobLayout(event.jobId);
  const logger = invocationLogger({ jobId: event.jobId });

  if (event.cancelled) await jobs.recordFailureReason(event.jobId, 'Cancelled by the user');
  else if (event.failure) await jobs.recordFailureReason(event.jobId, describeJobFailure(event.failure.error, event.failure.cause));
  const unfinished: RowOutcome = { status: event.cancelled ? 'failed: cancelled' : 'failed: not processed, job stopped', values: NO_VALUES };
  const batchStates = new Map<string, BatchRecord>(
    (await new BatchesRepository(env.BATCHES_TABLE).listForJob(event.jobId)).map((b) => [b.batchId, b]),
  );
  const header = await readJsonIfExists<string[]>(env.DATA_BUCKET, layout.header);
  const counter = new SummaryCounter();
  const outputs: Record<string, string> = { summary: layout.summary };

  if (header) {
    const results = new ResultCache(async (batchId) => {
      // A retry round's results supersede the first round's for the records that were retried.
      const rounds = Array.from({ length: batchStates.get(batchId)?.round ?? 1 }, (_, i) => i + 1);
      const files = await Promise.all(rounds.map((round) => readJsonLinesIfExists<RecordResult>(env.DATA_BUCKET, layout.results(batchId, round))));
      return files.flatMap((r) => r ?? []);
    });
    /*
     * Duplicates may point anywhere back in the file; rather than reload old batches, keep the outcome of each
     * lead that later rows share. Memory grows with duplicated leads only, not with rows.
     */
    const shared = new Set(await readJsonIfExists<string[]>(env.DATA_BUCKET, layout.duplicated));
    const retained = new Map<string, RowOutcome>();
    const outcomeOf = async (row: PlannedRow): Promise<RowOutcome> => {
      if (row.d) {
        const kept = retained.get(row.x!);
        if (kept) return kept;
      }
      const outcome = await lookUp(row);
      if (!row.d && shared.has(row.x!)) retained.set(row.x!, outcome);
      return outcome;
    };
    const lookUp = async (row: PlannedRow): Promise<RowOutcome> => {
      if (row.r !== undefined) return { status: `rejected: ${row.r}`, values: NO_VALUES };
      const batch = batchStates.get(row.b!);
      // Results already bought stay, even when a later round of the batch failed or the job stopped.
      if (batch) {
        const result = await results.get(row.b!, row.x!);
        if (result) return { status: result.status, values: result.values };
      }
      if (batch?.state === 'FAILED') return { status: `failed: ${describeBatchFailure(batch.error)}`, values: NO_VALUES };
      return unfinished;
    };

    const csv = openObjectWriter(env.DATA_BUCKET, layout.enrichedCsv, 'text/csv; charset=utf-8');
    const jsonl = openObjectWriter(env.DATA_BUCKET, layout.enrichedJsonl, 'application/x-ndjson');
    const rejected = openObjectWriter(env.DATA_BUCKET, layout.rejectedCsv, 'text/csv; charset=utf-8');
    await csv.write(stringify([outputHeader(header)]));
    await rejected.write(stringify([[...header, 'rejection_reason']]));
    let rowNumber = 0;
    for await (const row of readJsonLines<PlannedRow>(env.DATA_BUCKET, layout.rows)) {
      rowNumber += 1;
      const outcome = await outcomeOf(row);
      counter.add(outcome.status, { duplicate: row.d === true });
      await csv.write(stringify([csvOutputRow(row.c, header.length, outcome)]));
      await jsonl.write(JSON.stringify(jsonlOutputRecord(header, row.c, outcome, rowNumber)) + '\n');
      if (row.r !== undefined) await rejected.write(stringify([[...row.c.slice(0, header.length), row.r]]));
    }
    await Promise.all([csv.end(), jsonl.end(), rejected.end()]);
    Object.assign(outputs, { enrichedCsv: layout.enrichedCsv, enrichedJsonl: layout.enrichedJsonl, rejectedCsv: layout.rejectedCsv });
  }

  const batchesByState = countBy([...batchStates.values()], (b) => b.state);
  const { status, reason } = jobOutcome({ cancelled: event.cancelled === true, failed: event.failure !== undefined, batches: [...batchStates.values()] });
  if (reason) await jobs.recordFailureReason(event.jobId, reason);
  const finished = await jobs.get(event.jobId);
  const counts = counter.summary();
  const now = new Date();
  const summary = {
    jobId: event.jobId,
    status,
    ...(finished?.failureReason ? { failureReason: finished.failureReason } : {}),
    ...counts,
    uniqueLeads: finished?.uniqueLeads ?? 0,
    batches: { total: batchStates.size, collected: batchesByState.COLLECTED ?? 0, failed: batchesByState.FAILED ?? 0 },
    vendors: { leadspace: { recordsSent: finished?.recordsSubmitted ?? 0, recordsBilled: finished?.recordsBilled ?? 0 } },
    createdAt: finished?.createdAt,
    completedAt: now.toISOString(),
  };
  await putJson(env.DATA_BUCKET, layout.summary, summary);
  const rowsByStatus = {
    enriched: counts.enriched,
    partially_enriched: counts.partially_enriched,
    not_found: counts.not_found,
    rejected: counts.rejected.total,
    failed: counts.failed.total,
  };
  await jobs.update(event.jobId, { status, rowsByStatus, outputs, completedAt: now.toISOString() }, now);
  if (env.EVENT_BUS_NAME) {
    await publishJobCompleted(env.EVENT_BUS_NAME, {
      jobId: event.jobId,
      status,
      rows: counts.rows,
      rowsByStatus,
      uniqueLeads: summary.uniqueLeads,
      recordsBilled: summary.vendors.leadspace.recordsBilled,
      ...(summary.failureReason ? { failureReason: summary.failureReason } : {}),
    });
  }
  logger.info('Job merged', { status, rows: counts.rows });
  return { status };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
