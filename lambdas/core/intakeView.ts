import type { ColumnMapping, MappableField } from './columnMapping';
import { knownColumnNames } from './csv/findHeader';
import { LEAD_FIELDS } from './leadFields';

/*
 * What intake understood of a file, said before anything is bought: which column feeds which field, and what was
 * read around the rows. Kept on the job record and shown by the CLI and the job API, so it holds counts, field
 * names, positions and header names only; header names only when the header names columns Leadflow knows: a file
 * without a header row has lead data in its first row, and its columns are then named by position alone.
 */

export interface MappedColumn {
  field: MappableField;
  /** 1-based position in the input */
  column: number;
  /** the header's name for it, when the header is recognisably one (see `headerRecognized`) */
  header?: string;
}

export interface IntakeView {
  columns: number;
  /** the header names at least one column Leadflow knows; otherwise its cells may be lead data and are never shown */
  headerRecognized: boolean;
  mapping: MappedColumn[];
  /** columns that feed no field, by position (and name, when recognised) */
  unused: Array<Omit<MappedColumn, 'field'>>;
  /** non-blank rows above the header: a report's title lines */
  preambleRows: number;
  /** Excel's `sep=` first line named the delimiter */
  excelSepLine?: boolean;
  /** the CSV delimiter read (absent for other formats): an Excel-style output writes with it */
  delimiter?: string;
  /** the input started with a byte order mark: the CSV outputs get one too */
  bom?: boolean;
}

/** Whether a header's names may be shown: it names at least one column Leadflow knows. */
export function isRecognizedHeader(header: readonly string[]): boolean {
  return knownColumnNames(header) > 0;
}

/** Columns for a message: their names when the header is recognised, else their positions only. */
export function describeColumns(header: readonly string[]): string {
  if (!isRecognizedHeader(header)) {
    return `${header.length} column(s), named here by position only (1 to ${header.length}): the first row names no column Leadflow knows, so it may be lead data`;
  }
  return header.map((name, i) => `${i + 1} "${name}"`).join(', ');
}

export function intakeView(mapping: ColumnMapping, layout: { preambleRows: number; excelSepLine?: boolean; delimiter?: string; bom?: boolean }): IntakeView {
  const { header } = mapping;
  const headerRecognized = isRecognizedHeader(header);
  const at = (index: number) => ({ column: index + 1, ...(headerRecognized && { header: header[index] }) });
  const mapped: MappedColumn[] = [];
  for (const field of LEAD_FIELDS) {
    const index = mapping.columns[field];
    if (index !== undefined) mapped.push({ field, ...at(index) });
  }
  if (mapping.fullNameColumn !== undefined) mapped.push({ field: 'fullName', ...at(mapping.fullNameColumn) });
  const used = new Set(mapped.map((m) => m.column - 1));
  return {
    columns: header.length,
    headerRecognized,
    mapping: mapped,
    unused: header.flatMap((_, i) => (used.has(i) ? [] : [at(i)])),
    preambleRows: layout.preambleRows,
    ...(layout.excelSepLine && { excelSepLine: true }),
    ...(layout.delimiter !== undefined && { delimiter: layout.delimiter }),
    ...(layout.bom && { bom: true }),
  };
}
