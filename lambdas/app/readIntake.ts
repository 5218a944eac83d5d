import type { Readable } from 'node:stream';
import { inputFormatOf, LeadFileError, readInput } from '../core/input/readInput';
import { scanTextEncoding } from '../core/csv/detectEncoding';
import { mapColumns, type ColumnMapping } from '../core/columnMapping';
import { leadFromRow } from '../core/leadFromRow';
import { isReportFooter } from '../core/reportFooter';
import { intakeView, type IntakeView } from '../core/intakeView';
import type { FileLayout } from '../core/csv/readLeadFile';
import type { JobOptions } from '../core/jobOptions';
import type { Lead } from '../core/lead';

export interface IntakeSettings {
  /** most bytes the input may hold once decompressed (maxInputMegabytes) */
  maxInputBytes: number;
  /** most data rows (maxInputRows) */
  maxInputRows: number;
}

export interface IntakeSource {
  readVersion(key: string, etag?: string): Promise<{ body: Readable; etag: string }>;
}

/** One data row as intake reads it: a report footer, a row that cannot be a lead (and why), or a lead. */
export type IntakeRow = { cells: string[] } & ({ kind: 'footer' } | { kind: 'rejected'; reason: string } | { kind: 'lead'; lead: Lead });

export interface Intake {
  header: string[];
  mapping: ColumnMapping;
  view: IntakeView;
  /** the data rows, in order; throws LeadFileError past maxInputRows */
  rows: AsyncGenerator<IntakeRow>;
  /** rows with more cells than the header so far, and the widest row's width */
  ragged(): { rows: number; width: number };
}

/**
 * Reads a job's input as Prepare does, and the estimate with it, so that both understand a file the same way:
 * decode (the version the job started with), find the header, map columns, and classify every data row.
 */
export async function readIntake(
  objects: IntakeSource,
  job: { inputKey: string; inputETag?: string; options?: Pick<JobOptions, 'sheet' | 'columnMapping'> },
  settings: IntakeSettings,
): Promise<Intake> {
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
  const ragged = { rows: 0, width: header.length };

  async function* rows(): AsyncGenerator<IntakeRow> {
    let rowCount = 0;
    for await (const cells of records) {
      rowCount += 1;
      if (rowCount > settings.maxInputRows) {
        throw new LeadFileError(
          `The file has more than ${settings.maxInputRows.toLocaleString('en-US')} rows; Leadflow reads at most that many per job (maxInputRows): split it.`,
        );
      }
      if (cells.length > header.length) {
        ragged.rows += 1;
        ragged.width = Math.max(ragged.width, cells.length);
      }
      if (isReportFooter(cells)) {
        yield { cells, kind: 'footer' };
        continue;
      }
      const parsed = leadFromRow(cells, mapping);
      yield parsed.ok ? { cells, kind: 'lead', lead: parsed.lead } : { cells, kind: 'rejected', reason: parsed.reason };
    }
  }
  return { header, mapping, view: intakeView(mapping, layout), rows: rows(), ragged: () => ({ ...ragged }) };
}
