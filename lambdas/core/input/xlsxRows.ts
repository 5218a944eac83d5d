import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LeadFileError } from '../csv/leadFileError';

/*
 * An .xlsx workbook read as it streams (ExcelJS's streaming reader: the sheet's rows are never all in memory),
 * one sheet of it: the first visible one, or the one named. Every row comes out as strings, one per column up to
 * the row's last cell, for the same intake as a CSV file (header found, rows padded, cells kept).
 */

type CellValue = ExcelJS.CellValue;

/** The text of a cell as Excel shows it plainly: rich text joined, a formula's result, a link's text, a date as ISO. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('text' in value) return cellText((value as { text: CellValue }).text);
  return '';
}

/**
 * The items of `items` until `failed` rejects. ExcelJS's reader does not pass on an error of the stream it reads
 * (an S3 read cut off halfway): it would wait for more bytes forever, so each step races the source's failure.
 */
async function* untilFailed<T>(items: AsyncIterable<T>, failed: Promise<never>): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  for (;;) {
    const next = await Promise.race([iterator.next(), failed]);
    if (next.done) return;
    yield next.value;
  }
}

export async function* xlsxRows(source: AsyncIterable<Uint8Array>, sheet?: string): AsyncGenerator<string[]> {
  const input = Readable.from(source);
  const sourceFailure: { error?: unknown } = {};
  const failed = new Promise<never>((_, reject) =>
    input.once('error', (error) => {
      sourceFailure.error = error;
      reject(error);
    }),
  );
  // Handled where it is raced; this keeps a failure after the last row from being an unhandled rejection.
  failed.catch(() => undefined);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Kept: a date is only a date through its number format.
    styles: 'cache',
    worksheets: 'emit',
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of untilFailed(reader, failed)) {
      const { name, state } = worksheet as unknown as { name: string; state?: string };
      seen.push(name);
      const wanted = sheet === undefined ? state !== 'hidden' && state !== 'veryHidden' : name.trim().toLowerCase() === sheet.trim().toLowerCase();
      if (!wanted) continue;
      found = true;
      // Rows the sheet leaves out, and rows of formatted but empty cells, are blank lines: the intake skips them.
      for await (const row of untilFailed(worksheet, failed)) {
        const values = (row.values as CellValue[]).slice(1);
        const cells = Array.from({ length: values.length }, (_, i) => cellText(values[i] ?? null));
        yield cells.some((cell) => cell.trim() !== '') ? cells : [];
      }
      break;
    }
  } catch (error) {
    // A read that failed is not a damaged file: it is raised as it is, and the step is retried.
    if (error instanceof LeadFileError || (sourceFailure.error !== undefined && error === sourceFailure.error)) throw error;
    // The library's message may quote the file's content: say what the user can act on instead.
    throw new LeadFileError('The file could not be read as an .xlsx workbook (damaged, encrypted, or another format with an .xlsx name).');
  } finally {
    input.destroy();
  }
  if (!found) {
    if (sheet !== undefined)
      throw new LeadFileError(`The workbook has no sheet named "${sheet}". Sheets: ${seen.map((s) => `"${s}"`).join(', ') || '(none)'}.`);
    throw new LeadFileError('The workbook has no visible sheet to read.');
  }
}
