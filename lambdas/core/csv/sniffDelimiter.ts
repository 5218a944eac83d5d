/** Delimiters seen in CRM and spreadsheet exports, in the order that wins a tie. */
export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

export type Delimiter = (typeof CANDIDATE_DELIMITERS)[number];

/** Title lines above a report's header are looked past, up to this many lines. */
const LINES_LOOKED_AT = 12;

/**
 * Guesses the delimiter from the header line: the candidate that occurs most often outside quotes.
 *
 * Only the header is looked at because it is the one line whose shape we trust (data rows carry free text such as
 * notes full of commas), and column names rarely contain delimiters unquoted. The header is taken to be the first
 * line with any candidate outside quotes: a report's title lines above it (Salesforce's `"Leads Report"`, `"As of
 * 11/30/2026"`) hold none. This only counts characters; the actual parsing is csv-parse's job. A file with no
 * candidate in its first lines is a one-column file: comma.
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = countsPerLine(text);
  const header = lines.find((counts) => Math.max(...counts.values()) >= 1) ?? lines[0];
  let best: Delimiter = ',';
  for (const candidate of CANDIDATE_DELIMITERS) {
    if ((header?.get(candidate) ?? 0) > (header?.get(best) ?? 0)) best = candidate;
  }
  return best;
}

/** Candidate counts outside quotes for each of the first non-blank lines. */
function countsPerLine(text: string): Map<string, number>[] {
  const lines: Map<string, number>[] = [];
  const fresh = () => new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let counts = fresh();
  let inQuotes = false;
  let seenContent = false;
  for (const char of text) {
    if (char === '"') {
      // A doubled quote inside a quoted field toggles twice, which leaves the state unchanged: no special case.
      inQuotes = !inQuotes;
    } else if (!inQuotes && (char === '\n' || char === '\r')) {
      // Blank (or whitespace-only) lines are no line at all.
      if (seenContent) lines.push(counts);
      if (lines.length >= LINES_LOOKED_AT) return lines;
      counts = fresh();
      seenContent = false;
      continue;
    } else if (!inQuotes && counts.has(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    if (char.trim() !== '') seenContent = true;
  }
  if (seenContent) lines.push(counts);
  return lines;
}
