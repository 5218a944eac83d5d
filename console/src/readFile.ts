import { excelSeparator } from '../../lambdas/core/csv/excelSeparator';
import { findHeaderRow, HEADER_SEARCH_ROWS } from '../../lambdas/core/csv/findHeader';
import { normalizeHeader } from '../../lambdas/core/csv/header';
import { sniffDelimiter } from '../../lambdas/core/csv/sniffDelimiter';
import { inputFormatOf, type InputFormat } from '../../lambdas/core/input/inputFormat';
import { isJsonObject, type JsonLead } from '../../lambdas/core/input/jsonLead';
import { leadRows } from '../../lambdas/core/input/leadRows';
import { parseCsv } from './csv';
import { xlsxRows } from './xlsx';

/**
 * A lead file read in the browser, with the pipeline's own intake rules where they are plain functions (header
 * search, header names, delimiter sniffing, JSON keys to columns, all from lambdas/core): what the preview shows
 * is what the job will read. Nothing of it leaves the browser but the request body the user starts or estimates.
 */
export interface ReadFile {
  name: string;
  format: InputFormat;
  header: string[];
  /** every data row below the header, blank rows left out */
  rows: string[][];
  preambleRows: number;
  delimiter?: string;
  /** the file's own bytes: POST /jobs reads them as the pipeline reads any file, the preview above is only a preview */
  body: Uint8Array<ArrayBuffer>;
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // What the pipeline assumes of a file that is not UTF-8: a Western Windows export.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const isBlank = (row: readonly string[]) => row.every((cell) => cell.trim() === '');

/** Header search and header names as intake does them, on rows already split into cells. */
function fromRows(all: string[][]): Pick<ReadFile, 'header' | 'rows' | 'preambleRows'> {
  const rows = all.filter((row) => !isBlank(row));
  if (rows.length === 0) throw new Error('The file has no rows.');
  const at = findHeaderRow(rows.slice(0, HEADER_SEARCH_ROWS));
  return { header: normalizeHeader(rows[at]!), rows: rows.slice(at + 1), preambleRows: at };
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function jsonLeads(text: string, format: 'json' | 'jsonl'): JsonLead[] {
  let values: unknown[];
  if (format === 'jsonl') {
    values = text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          throw new Error(`Line ${i + 1} is not valid JSON.`);
        }
      });
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('The file is not valid JSON.');
    }
    const list = Array.isArray(parsed) ? parsed : isJsonObject(parsed) && Array.isArray(parsed.leads) ? parsed.leads : undefined;
    if (!list) throw new Error('A JSON file holds an array of leads, or an object with a "leads" array.');
    values = list;
  }
  return values.map((value, i) => {
    if (!isJsonObject(value)) throw new Error(`Lead ${i + 1} is not a JSON object.`);
    return { fields: value, chars: 0 };
  });
}

async function collect(rows: AsyncIterable<string[]>): Promise<string[][]> {
  const all: string[][] = [];
  for await (const row of rows) all.push(row);
  return all;
}

async function* iterate<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

/** Reads `file` by its extension, as the pipeline would; throws an Error with a message for the user. */
export async function readLeadFile(file: File, sheet?: string): Promise<ReadFile> {
  const format = inputFormatOf(file.name);
  if (!format) throw new Error('Choose a .csv, .csv.gz, .txt, .tsv, .json, .jsonl or .xlsx file.');
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (format === 'csv' || format === 'csv.gz') {
    const plain = format === 'csv.gz' ? await gunzip(bytes) : bytes;
    let text = decode(plain);
    const sep = excelSeparator(text);
    if (sep !== undefined) text = text.replace(/^[^\r\n]*(\r\n|\n|\r)?/, '');
    const delimiter = sep ?? sniffDelimiter(text);
    return { name: file.name, format, delimiter, ...fromRows(parseCsv(text, delimiter)), body: bytes };
  }
  if (format === 'xlsx') {
    const read = fromRows(await xlsxRows(bytes, sheet));
    return { name: file.name, format, ...read, body: bytes };
  }
  const [header = [], ...rows] = await collect(leadRows(iterate(jsonLeads(decode(bytes), format))));
  return { name: file.name, format, header, rows, preambleRows: 0, body: bytes };
}
