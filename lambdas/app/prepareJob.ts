import { leadKey } from '../core/leadKey';
import { initialState } from '../core/leadState';
import { Deduper } from '../core/batcher';
import { jobLayout, type PlannedRow } from '../core/jobLayout';
import { withExtraColumns } from '../core/extraColumns';
import { IntakeRefused, intakeRefusal } from '../core/intakeCheck';
import type { JobOptions } from '../core/jobOptions';
import type { JobStore, Log, ObjectWriter } from './ports';
import { readIntake, type IntakeSettings, type IntakeSource } from './readIntake';

export interface PrepareInput {
  jobId: string;
  inputKey: string;
}

export interface PrepareOutput {
  /** the plan step to plan first */
  next: number;
}

export type PrepareSettings = IntakeSettings;

export interface PrepareJobPorts {
  jobs: Pick<JobStore, 'createIfAbsent' | 'update'>;
  /** the data bucket: the input, read by version, and the job's own files */
  objects: IntakeSource & {
    openWriter(key: string, contentType: string): ObjectWriter;
    putJson(key: string, value: unknown): Promise<void>;
  };
  /** a HeroBase lead search's export, written as the job's input */
  writeSearchAsInput(search: NonNullable<JobOptions['heroBaseSearch']>, inputKey: string): Promise<void>;
  now(): Date;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * Prepare: streams the input once: decode, map columns, validate, normalize and dedupe. Writes the row plan (what
 * Merge walks, one line per input row) and the unique leads' starting state (what the plan's steps work on). Only
 * counts are returned.
 */
export async function prepareJob(ports: PrepareJobPorts, settings: PrepareSettings, event: PrepareInput): Promise<PrepareOutput> {
  const { jobs, objects } = ports;
  const files = jobLayout(event.jobId);
  const job = await jobs.createIfAbsent({ jobId: event.jobId, inputKey: event.inputKey }, ports.now());
  const logger = ports.log({ jobId: event.jobId });

  // A job from a HeroBase lead search has no file yet: the search's export becomes its input (again on a retry).
  if (job.options?.heroBaseSearch) await ports.writeSearchAsInput(job.options.heroBaseSearch, job.inputKey);
  const intake = await readIntake(objects, job, settings);
  const { header, view } = intake;
  // Shown at once (CLI, job view), while the rows are still being read.
  await jobs.update(event.jobId, { intake: { ...view, reportFooters: 0, raggedRows: 0 } }, ports.now());

  const deduper = new Deduper();
  const rows = objects.openWriter(files.rows, 'application/x-ndjson');
  const leads = objects.openWriter(files.leads(0), 'application/x-ndjson');
  let rowCount = 0;
  let rejected = 0;
  let duplicates = 0;
  let reportFooters = 0;
  for await (const row of intake.rows) {
    rowCount += 1;
    let planned: PlannedRow;
    if (row.kind === 'footer') {
      reportFooters += 1;
      planned = { c: row.cells, f: true };
    } else if (row.kind === 'rejected') {
      rejected += 1;
      planned = { c: row.cells, r: row.reason };
    } else {
      const placement = deduper.place(leadKey(row.lead), rowCount);
      if (placement.duplicate) duplicates += 1;
      else await leads.write(`${JSON.stringify(initialState(placement.externalId, row.lead))}\n`);
      planned = { c: row.cells, x: placement.externalId, ...(placement.duplicate ? { d: true as const } : {}) };
    }
    await rows.write(`${JSON.stringify(planned)}\n`);
  }
  const { rows: raggedRows, width } = intake.ragged();
  await Promise.all([rows.end(), leads.end()]);
  await objects.putJson(files.duplicated, deduper.duplicateCounts());
  // Merge writes every output with this header: cells past the input's header get columns of their own.
  await objects.putJson(files.header, withExtraColumns(header, width));

  // Said before anything is bought: a file Leadflow did not understand stops here, its rows kept (Merge writes them).
  const refusal = job.options?.force ? undefined : intakeRefusal(view, { rows: rowCount, rejected, reportFooters });
  await jobs.update(
    event.jobId,
    {
      status: 'RUNNING',
      rows: rowCount,
      rejected,
      duplicates,
      intake: { ...view, reportFooters, raggedRows, ...(refusal && { refused: true as const }) },
      uniqueLeads: deduper.uniqueLeads,
      leadsStep: 0,
      batchCount: 0,
      batchesDone: 0,
      batchesFailed: 0,
    },
    ports.now(),
  );
  logger.info('Prepared job', {
    rows: rowCount,
    rejected,
    duplicates,
    reportFooters,
    raggedRows,
    preambleRows: view.preambleRows,
    uniqueLeads: deduper.uniqueLeads,
  });
  if (refusal) throw new IntakeRefused(refusal);
  return { next: 0 };
}
