/** The lead file formats Leadflow reads. A gzip archive is taken to hold a CSV file; .txt and .tsv are delimited text. */
export type InputFormat = 'csv' | 'csv.gz' | 'json' | 'jsonl' | 'xlsx';

/** Checked in order: the two-part suffixes (".csv.gz", ".json.gz") must be seen before ".gz". */
const SUFFIXES: readonly (readonly [string, InputFormat | undefined])[] = [
  ['.csv.gz', 'csv.gz'],
  // A gzipped JSON file would otherwise be read as CSV and fail with a confusing header error: say "unsupported".
  ['.json.gz', undefined],
  ['.jsonl.gz', undefined],
  ['.ndjson.gz', undefined],
  ['.gz', 'csv.gz'],
  ['.csv', 'csv'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.json', 'json'],
  ['.xlsx', 'xlsx'],
  // Excel's "Unicode Text" export: tab-delimited, which the CSV reader's sniffing finds.
  ['.txt', 'csv'],
  ['.tsv', 'csv'],
];

/** The format a file name announces by its extension (case-insensitive), or undefined for anything else. */
export function inputFormatOf(fileName: string): InputFormat | undefined {
  const lower = fileName.toLowerCase();
  for (const [suffix, format] of SUFFIXES) if (lower.endsWith(suffix)) return format;
  return undefined;
}
