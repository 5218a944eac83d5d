import { leadRecords, readLeadFile, type ReadLeadFileOptions } from '../csv/readLeadFile';
import { decodeText } from './decodeText';
import { gunzip } from './gunzip';
import { boundedBytes } from './boundedBytes';
import type { InputFormat } from './inputFormat';
import { jsonArrayLeads } from './jsonArray';
import { jsonLinesLeads } from './jsonLines';
import { leadRows } from './leadRows';

export { LeadFileError } from '../csv/leadFileError';
export { inputFormatOf, type InputFormat } from './inputFormat';
export { HEADER_SAMPLE_LEADS } from './leadRows';

export interface ReadInputOptions extends ReadLeadFileOptions {
  /**
   * Told about input that was read but left out: keys of JSON leads first seen after the header sample. Messages
   * name columns, never values. Called once the last row has been yielded.
   */
  onWarning?: (message: string) => void;
  /** Most bytes read, after decompression: past it the file is refused (a LeadFileError). */
  maxBytes?: number;
}

/**
 * Reads a lead file of any supported format with readLeadFile's contract: first the header, then every row as
 * strings aligned to it; streamed, memory flat; LeadFileError for anything the user has to fix.
 *
 * - csv: readLeadFile. csv.gz: decompressed as it streams, then readLeadFile.
 * - jsonl: one JSON object per line, blank lines skipped.
 * - json: an array of objects, or `{ "leads": [...] }`, streamed lead by lead.
 * - xlsx: one sheet of a workbook (the first visible one, or `sheet`), streamed, then the same intake as CSV.
 *
 * JSON leads get a header from the keys of the first leads (see leadRows): the source can be read only once.
 * `delimiter` applies to CSV only; `encoding` applies to every format (a byte order mark still wins).
 */
export async function* readInput(source: AsyncIterable<Uint8Array>, format: InputFormat, options: ReadInputOptions = {}): AsyncGenerator<string[]> {
  const { onWarning, maxBytes, ...csvOptions } = options;
  const bounded = (bytes: AsyncIterable<Uint8Array>, what: string) => (maxBytes === undefined ? bytes : boundedBytes(bytes, maxBytes, what));
  switch (format) {
    case 'csv':
      yield* readLeadFile(bounded(source, ''), csvOptions);
      return;
    case 'csv.gz':
      yield* readLeadFile(bounded(gunzip(source), 'once decompressed'), csvOptions);
      return;
    case 'jsonl':
      yield* leadRows(jsonLinesLeads(decodeText(bounded(source, ''), options.encoding)), onWarning);
      return;
    case 'json':
      yield* leadRows(jsonArrayLeads(decodeText(bounded(source, ''), options.encoding)), onWarning);
      return;
    case 'xlsx': {
      // Loaded only for a workbook: the reader is most of a function's bundle and of its cold start.
      const { xlsxRows } = await import('./xlsxRows');
      yield* leadRecords(xlsxRows(bounded(source, ''), options.sheet), { excelSepLine: false }, options.onLayout);
      return;
    }
    default: {
      // Reached only from untyped callers; the compiler checks that every format above is handled.
      const unknown: never = format;
      throw new Error(`Unknown input format: ${String(unknown)}`);
    }
  }
}
