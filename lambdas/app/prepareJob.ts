import type { Readable } from 'node:stream';
import { inputFormatOf, LeadFileError, readInput } from '../core/input/readInput';
import { scanTextEncoding } from '../core/csv/detectEncoding';
import { mapColumns } from '../core/columnMapping';
import { leadFromRow } from '../core/leadFromRow';
import { leadKey } from '../core/leadKey';
import { initialState } from '../core/leadState';
import { Deduper } from '../core/batcher';
import { jobLayout, type PlannedRow } from '../core/jobLayout';
import { isReportFooter } from '../core/reportFooter';
import { withExtraColumns } from '../core/extraColumns';
import { intakeView } from '../core/intakeView';
import { IntakeRefused, intakeRefusal } from '../core/intakeCheck';
import type { FileLayout } from '../core/csv/readLeadFile';
import type { JobOptions } from '../core/jobOptions';
import type { JobStore, Log, ObjectWriter } from './ports';

export interface PrepareInput {
  jobId: string;
  inputKey: string;
}

export interface PrepareOutput {
  /** the plan step to plan first */
  next: number;
}

export interface PrepareSettings {
  /** most bytes the input may hold once decompressed (maxInputMegabytes) */
  maxInputBytes: number;
  /** most data rows (maxInputRows) */
  maxInputRows: number;
}

export interface PrepareJobPorts {
  jobs: Pick<JobStore, 'createIfAbsent' | 'update'>;
  /** the data bucket: the input, read by version, and the job's own files */
  objects: {
    readVersion(key: string, etag?: string): Promise<{ body: Readable; etag: string }>;
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
  const format = inputFormatOf(job.inputKey) ?? 'csv';
  // Only plain CSV can be read twice cheaply for the encoding; JSON is UTF-8 by definition.
  // Every read is of the version the job started with: an upload URL stays valid for minutes, and a second
  // upload must not swap the file between the two reads (or after the first).
  const original = await objects.readVersion(job.inputKey, job.inputETag);
  const encoding = format === 'csv' ? await scanTextEncoding(original.body) : undefined;
  const input = format === 'csv' ? (await objects.readVersion(job.inputKey, original.etag)).body : original.body;
  let layout: FileLayout = { preambleRows: 0, excelSepLine: false };
  const records = readInput(input, format, {
    encoding,
    sheet: job.options?.sheet,
    maxBytes: settings.maxInputBytes,
    onLayout: (read) => (layout = read),
  });
  const first = await records.next();
  if (first.done) throw new Error('unreachable: readLeadFile reports an empty file itself');
  const header = first.value;
  const mapping = mapColumns(header, job.options?.columnMapping);
  const view = intakeView(mapping, layout);
  // Shown at once (CLI, job view), while the rows are still being read.
  await jobs.update(event.jobId, { intake: { ...view, reportFooters: 0, raggedRows: 0 } }, ports.now());

  const deduper = new Deduper();
  const rows = objects.openWriter(files.rows, 'application/x-ndjson');
  const leads = objects.openWriter(files.leads(0), 'application/x-ndjson');
  let rowCount = 0;
  let rejected = 0;
  let duplicates = 0;
  let reportFooters = 0;
  let raggedRows = 0;
  let width = header.length;
  for await (const cells of records) {
    rowCount += 1;
    if (rowCount > settings.maxInputRows) {
      throw new LeadFileError(
        `The file has more than ${settings.maxInputRows.toLocaleString('en-US')} rows; Leadflow reads at most that many per job (maxInputRows): split it.`,
      );
    }
    if (cells.length > header.length) {
      raggedRows += 1;
      width = Math.max(width, cells.length);
    }
    const parsed = leadFromRow(cells, mapping);
    let planned: PlannedRow;
    if (isReportFooter(cells)) {
      reportFooters += 1;
      planned = { c: cells, f: true };
    } else if (!parsed.ok) {
      rejected += 1;
      planned = { c: cells, r: parsed.reason };
    } else {
      const placement = deduper.place(leadKey(parsed.lead), rowCount);
      if (placement.duplicate) duplicates += 1;
      else await leads.write(`${JSON.stringify(initialState(placement.externalId, parsed.lead))}\n`);
      planned = { c: cells, x: placement.externalId, ...(placement.duplicate ? { d: true as const } : {}) };
    }
    await rows.write(`${JSON.stringify(planned)}\n`);
  }
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
