/*
 * How enriched.csv and rejected.csv are written. By default: comma, LF, and a UTF-8 byte order mark when the input
 * had one (Excel needs it to show accents). `excel`: what Excel on Windows opens as it saved it: a BOM, CRLF, and
 * the input's own delimiter (a German Excel saves with ";").
 */
export const OUTPUT_FORMATS = ['standard', 'excel'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface CsvStyle {
  bom: boolean;
  delimiter: string;
  recordDelimiter: '\n' | '\r\n';
  /**
   * A cell starting with =, +, -, @, tab or CR gets a leading ' (OWASP's advice against spreadsheet formula
   * injection: such a cell from a lead file or a vendor would run as a formula when the CSV is opened). On by
   * default; `rawCsv` turns it off. The JSONL always holds the raw values.
   */
  escapeFormulas: boolean;
}

export function outputCsvStyle(input: { bom?: boolean; delimiter?: string }, options: { format?: OutputFormat; rawCsv?: boolean } = {}): CsvStyle {
  const escapeFormulas = options.rawCsv !== true;
  if (options.format === 'excel') return { bom: true, delimiter: input.delimiter ?? ',', recordDelimiter: '\r\n', escapeFormulas };
  return { bom: input.bom === true, delimiter: ',', recordDelimiter: '\n', escapeFormulas };
}
