/** Delimiters seen in CRM and spreadsheet exports, in the order that wins a tie. */
export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

export type Delimiter = (typeof CANDIDATE_DELIMITERS)[number];

/**
 * Guesses the delimiter from the header line: the candidate that occurs most often outside quotes.
 *
 * Only the header is looked at because it is the one line whose shape we trust (data rows carry free text such as
 * notes full of commas), and column names rarely contain delimiters unquoted. This only counts characters; the
 * actual parsing is csv-parse's job. A header with none of the candidates is a one-column file: comma.
 */
export function sniffDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let seenContent = false;
  for (const char of text) {
    if (char === '"') {
      // A doubled quote inside a quoted field toggles twice, which leaves the state unchanged: no special case.
      inQuotes = !inQuotes;
    } else if (!inQuotes && (char === '\n' || char === '\r')) {
      if (seenContent) break;
      // Leading blank (or whitespace-only) lines are not the header: forget what they held.
      for (const d of CANDIDATE_DELIMITERS) counts.set(d, 0);
      continue;
    } else if (!inQuotes && counts.has(char)) {
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    if (char.trim() !== '') seenContent = true;
  }
  let best: Delimiter = ',';
  for (const candidate of CANDIDATE_DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}
