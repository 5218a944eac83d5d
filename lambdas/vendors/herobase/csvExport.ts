import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { sniffDelimiter } from '../../core/csv/sniffDelimiter';

/** The encodings the CSV export offers (Leadflow's reading: the guide names windows-1252 besides the default). */
export type HeroBaseCsvEncoding = 'utf-8' | 'windows-1252';
export const HEROBASE_CSV_ENCODINGS: readonly HeroBaseCsvEncoding[] = ['utf-8', 'windows-1252'];

/** A decoded CSV export: the header line and the data rows, every cell as text. */
export interface HeroBaseCsv {
  header: string[];
  rows: string[][];
  /** The charset the bytes were decoded with (the response's declared one, else the requested one). */
  encoding: string;
}

/** The charset parameter of a Content-Type header, lower-cased, or undefined. */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

export class CsvDecodeError extends Error {
  override readonly name = 'CsvDecodeError';
}

/**
 * Decodes an export with its declared charset (iconv-lite; a UTF-8 BOM is dropped) and parses it. The delimiter
 * is sniffed from the header line the way Leadflow reads uploaded files, since a culture may switch the vendor
 * to ";". Throws CsvDecodeError, whose message never quotes the content, for an unknown charset or broken CSV.
 */
export function decodeCsvExport(bytes: Uint8Array, charset: string): HeroBaseCsv {
  const shown = JSON.stringify(charset.slice(0, 40));
  if (!iconv.encodingExists(charset)) throw new CsvDecodeError(`unsupported charset ${shown}`);
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
  if (text.trim() === '') return { header: [], rows: [], encoding: charset };
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      relax_column_count: false,
    }) as string[][];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? ` near line ${(error as { lines: number }).lines}` : '';
    throw new CsvDecodeError(`the export is not well-formed CSV${line}`);
  }
  const [header = [], ...rows] = records;
  return { header, rows, encoding: charset };
}
