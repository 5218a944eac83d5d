import { Readable, pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { detectEncoding, hasByteOrderMark, type DeclaredEncoding, type TextEncoding } from './detectEncoding';
import { MAX_COLUMNS, normalizeHeader } from './header';
import { LeadFileError } from './leadFileError';
import { peekBytes } from './peekBytes';
import { sniffDelimiter } from './sniffDelimiter';
import { excelSeparator } from './excelSeparator';
import { binaryFileKind } from '../input/fileSignature';
import { findHeaderRow, HEADER_SEARCH_ROWS } from './findHeader';

export { LeadFileError } from './leadFileError';

export interface ReadLeadFileOptions {
  /** Forces the delimiter instead of sniffing it from the header line. One character. */
  delimiter?: string;
  /** Forces the encoding of a file without a byte order mark (a BOM always wins). */
  encoding?: DeclaredEncoding;
  /** Told how the file was laid out once its header is found: before the header is yielded. */
  onLayout?: (layout: FileLayout) => void;
  /** The workbook sheet to read (xlsx; the first visible one by default). */
  sheet?: string;
}

/** What was read around the rows: counts and the delimiter only, never a cell. */
export interface FileLayout {
  /** the CSV delimiter used (absent for a workbook) */
  delimiter?: string;
  /** Excel's `sep=` first line named the delimiter (and was skipped) */
  excelSepLine: boolean;
  /** the file started with a byte order mark */
  bom?: boolean;
  /** non-blank rows above the header (a report's title lines), not leads */
  preambleRows: number;
}

/**
 * How much of the file decides its encoding, whether it is text, and its delimiter. The file is streamed, so these
 * decisions are made before the rest has arrived; 64 KiB is hundreds of rows of a typical export, enough to meet a
 * non-ASCII name. A Windows-1252 file whose first non-ASCII byte comes later is read as UTF-8 and those characters
 * become U+FFFD: the caller can then force `encoding: 'windows-1252'`.
 */
const SAMPLE_BYTES = 64 * 1024;

/**
 * A quote that never closes makes the rest of the file one field. Capping a record keeps memory flat in that case
 * and turns it into an error; real rows, long notes included, stay far below this.
 */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * Streams the records of a CSV lead file: first the header (names trimmed, blanks named, duplicates numbered), then
 * every data row, padded to the header's length (a longer row keeps its cells: see fitToLength). Blank lines are skipped; rows whose cells are all
 * empty (",,,") are kept, because they are rows of the input and must get an output row. An Excel `sep=` first
 * line names the delimiter and is skipped; title lines above the header (findHeader.ts) are the preamble.
 *
 * Quotes inside an unquoted field (`Bob "Bobby" Smith`) are kept as text; a quote that is never closed is an error.
 *
 * @throws LeadFileError for files the user has to fix; errors of the source stream pass through unchanged.
 */
export async function* readLeadFile(source: AsyncIterable<Buffer | Uint8Array>, options: ReadLeadFileOptions = {}): AsyncGenerator<string[]> {
  const delimiter = options.delimiter === undefined ? undefined : checkedDelimiter(options.delimiter);
  const bytes = await peekBytes(source, SAMPLE_BYTES);
  try {
    if (bytes.sample.byteLength === 0) throw new LeadFileError('The file is empty.');
    const kind = binaryFileKind(bytes.sample);
    if (kind) throw new LeadFileError(kind);
    const encoding = detectEncoding(bytes.sample, bytes.sampleIsWholeStream, options.encoding);
    const sampleText = iconv.decode(bytes.sample, encoding);
    if (sampleText.length === 0) throw new LeadFileError('The file is empty.');
    if (sampleText.includes('\u0000')) {
      throw new LeadFileError('The file is not a CSV text file (it contains binary data). If it is an Excel workbook, save it as CSV first.');
    }
    const sep = excelSeparator(sampleText);
    const chosen = delimiter ?? (sep === undefined ? sniffDelimiter(sampleText) : checkedDelimiter(sep));
    yield* parseRecords(decodeText(bytes.chunks, encoding), chosen, {
      skipFirstLine: sep !== undefined,
      bom: hasByteOrderMark(bytes.sample),
      onLayout: options.onLayout,
    });
  } finally {
    await bytes.close();
  }
}

function checkedDelimiter(delimiter: string): string {
  if ([...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new LeadFileError('The delimiter must be a single character other than a quote or a line break.');
  }
  return delimiter;
}

async function* decodeText(chunks: AsyncIterable<Uint8Array>, encoding: TextEncoding): AsyncGenerator<string> {
  // The stateful decoder carries a character split across two chunks over to the next one, and drops the BOM.
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

async function* parseRecords(
  text: AsyncIterable<string>,
  delimiter: string,
  { skipFirstLine, bom, onLayout }: { skipFirstLine: boolean; bom: boolean; onLayout?: ReadLeadFileOptions['onLayout'] },
): AsyncGenerator<string[]> {
  // Where the last good record ended, noted as it is parsed: on an error the records still buffered in the stream
  // are discarded, so the consuming loop below cannot know how far parsing got.
  let lastLine = 0;
  let lastEmptyLines = 0;
  const parser = parse({
    delimiter,
    // All three at once: files glued together from several sources mix line endings.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    ...(skipFirstLine && { from_line: 2 }),
    on_record: (record: string[], context) => {
      lastLine = context.lines;
      lastEmptyLines = context.empty_lines;
      return record;
    },
  });
  // Errors from either side end up on the parser, whose iterator rethrows them below.
  pipeline(Readable.from(text), parser, () => {});

  try {
    yield* leadRecords(parser as AsyncIterable<string[]>, { delimiter, excelSepLine: skipFirstLine, bom }, onLayout);
  } catch (error) {
    if (isCsvError(error)) throw toLeadFileError(error, lastLine, lastEmptyLines);
    throw error;
  }
}

/**
 * The intake shared by every tabular format (CSV, a workbook's sheet): blank lines left out, the header found among
 * the top rows (the rows above it are the preamble), then the header and every data row, fitted to it.
 */
export async function* leadRecords(
  records: AsyncIterable<string[]>,
  read: Omit<FileLayout, 'preambleRows'>,
  onLayout?: ReadLeadFileOptions['onLayout'],
): AsyncGenerator<string[]> {
  // The top rows are held until the header is found among them; then they and the rest stream past.
  const top: string[][] = [];
  let header: string[] | undefined;
  function* startData(): Generator<string[]> {
    const at = findHeaderRow(top);
    header = normalizeHeader(top[at]!);
    onLayout?.({ ...read, preambleRows: at });
    yield header;
    for (const row of top.slice(at + 1)) yield fitToLength(row, header.length);
  }
  for await (const record of records) {
    if (isBlankLine(record)) continue;
    if (record.length > MAX_COLUMNS) {
      throw new LeadFileError(
        `A row has ${record.length.toLocaleString('en-US')} cells; Leadflow reads at most ${MAX_COLUMNS.toLocaleString('en-US')} columns.`,
      );
    }
    if (header !== undefined) {
      yield fitToLength(record, header.length);
      continue;
    }
    top.push(record);
    if (top.length === HEADER_SEARCH_ROWS) yield* startData();
  }
  if (header === undefined && top.length > 0) yield* startData();
  if (header === undefined) throw new LeadFileError('The file has no header row: it contains only blank lines.');
}

/** csv-parse already skips empty lines; a line of spaces still comes through as one blank cell, a sheet's row as none. */
function isBlankLine(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim() === '') && record.length <= 1;
}

/**
 * Pads a short row to the header's length. A long row keeps every cell up to its last filled one (a cell past the
 * header is still the user's data: Prepare gives it an extra column); empty cells past the header (Excel's trailing
 * delimiters) are dropped.
 */
function fitToLength(record: string[], length: number): string[] {
  if (record.length === length) return record;
  if (record.length < length) return [...record, ...Array<string>(length - record.length).fill('')];
  let end = record.length;
  while (end > length && record[end - 1]!.trim() === '') end--;
  return end === record.length ? record : record.slice(0, end);
}

function isCsvError(error: unknown): error is CsvError {
  return error instanceof Error && typeof (error as Partial<CsvError>).code === 'string' && 'lines' in error;
}

/**
 * csv-parse reports where it gave up (for an unclosed quote, the end of the file); the user needs the line where the
 * broken row starts: the line after the last good row, past any blank lines in between. The message of the
 * CsvError is not reused because it can quote the offending text.
 */
function toLeadFileError(error: CsvError, lastLine: number, lastEmptyLines: number): LeadFileError {
  const emptyLines = typeof error.empty_lines === 'number' ? error.empty_lines : lastEmptyLines;
  const line = lastLine + 1 + Math.max(0, emptyLines - lastEmptyLines);
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new LeadFileError(`Line ${line}: a quoted value is never closed (a missing closing quote).`);
    case 'CSV_MAX_RECORD_SIZE':
      return new LeadFileError(
        `Line ${line}: the row is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; a quoted value is probably never closed.`,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new LeadFileError(`Line ${line}: a quote is misplaced in this row.`);
    default:
      return new LeadFileError(`Line ${line}: the row could not be read as CSV.`);
  }
}
