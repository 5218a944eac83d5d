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
}

export function outputCsvStyle(input: { bom?: boolean; delimiter?: string }, format: OutputFormat = 'standard'): CsvStyle {
  if (format === 'excel') return { bom: true, delimiter: input.delimiter ?? ',', recordDelimiter: '\r\n' };
  return { bom: input.bom === true, delimiter: ',', recordDelimiter: '\n' };
}
