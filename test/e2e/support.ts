import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLeadRows } from '../../samples/generateLarge';
import { mapColumns } from '../../lambdas/core/columnMapping';
import { leadFromRow } from '../../lambdas/core/leadFromRow';
import { leadKey } from '../../lambdas/core/leadKey';
import { initialState } from '../../lambdas/core/leadState';
import { toLeadspaceBulkItem, toRecordResult } from '../../lambdas/vendors/leadspace';
import { deriveLeadspaceEnrichment } from '../../local/simulators/leadspace';
import type { EnrichedValues } from '../../lambdas/core/enrichedFields';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'leadflow-e2e-'));
}

/** A realistic export of `count` data rows (duplicates, unusable rows, quoted fields) written to a temp file. */
export function writeLeadFile(dir: string, count: number, seed = 7): string {
  const file = join(dir, `leads-${count}-${seed}.csv`);
  const [header, ...rows] = [...generateLeadRows(count - VENDOR_INVALID_ROWS.length, seed)];
  // Rows that pass our validation but fail Leadspace's advanced validation (a digit in a name: error 1200).
  rows.splice(Math.floor(rows.length / 2), 0, ...VENDOR_INVALID_ROWS);
  writeFileSync(file, [header, ...rows].join(''));
  return file;
}

const VENDOR_INVALID_ROWS = [
  'R2D2,Droid,Engineer,Astromech Works,r2d2@astromech.example,,astromech.example,Tatooine,,,,,\r\n',
  'Agent,Smith 007,Analyst,Matrix Systems,,+1 555 0100,matrix.example,,,,,,\r\n',
];

export function readCsv(file: string): string[][] {
  return parse(readFileSync(file), { bom: true, relaxColumnCount: true, skipEmptyLines: true }) as string[][];
}

/**
 * An output CSV with the values as the input and the vendors gave them: the CSV outputs prefix a ' to a cell a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR; docs/intake.md), which this takes off again.
 */
/** The records of a JSON Lines output file (enriched.jsonl), in order. */
export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

export function readOutputCsv(file: string): string[][] {
  return readCsv(file).map((row) => row.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)));
}

/** The values the simulator derives for an input row, through the documented request and result formats. */
export function expectedEnrichment(header: string[], cells: string[]): EnrichedValues | undefined {
  const parsed = leadFromRow(cells, mapColumns(header));
  if (!parsed.ok) return undefined;
  const item = toLeadspaceBulkItem({ externalId: 'x', lead: parsed.lead });
  const mapped = toRecordResult({ status: 'success', errors: [], external_id: 'x', data: deriveLeadspaceEnrichment(item) } as never);
  return 'values' in mapped ? mapped.values : undefined;
}

/** The row's own values as enriched fields: what fill-if-blank keeps whatever a vendor says. */
export function inputValues(header: string[], cells: string[]): EnrichedValues {
  const parsed = leadFromRow(cells, mapColumns(header));
  return parsed.ok ? initialState('x', parsed.lead).values : {};
}

/** Every e-mail address and phone number of the input file, the PII a run must never leak. */
export function piiOf(file: string): string[] {
  const [header, ...rows] = readCsv(file);
  const mapping = mapColumns(header!);
  const values = rows.flatMap((cells) => {
    const parsed = leadFromRow(cells, mapping);
    return parsed.ok ? [parsed.lead.email, parsed.lead.phone] : [];
  });
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 6))];
}

/** The dedupe key of an input row (a row that maps to no lead gets a key of its own). */
export function keyOf(header: string[], cells: string[]): string {
  const parsed = leadFromRow(cells, mapColumns(header));
  return parsed.ok ? leadKey(parsed.lead) : `invalid:${cells.join('\u0000')}`;
}

export { letters } from '../../samples/generateLarge';
