import { LeadFileError } from './leadFileError';

/**
 * Turns the raw header record into usable, unique column names.
 *
 * Names are trimmed. Unnamed columns (Excel's trailing comma) become "Column N" so that every column can still be
 * addressed, in column overrides and as a JSON key. Repeated names get a counter ("Email", "Email (2)") rather than
 * failing the upload: exports that join two objects often repeat "Email" or "Phone". Comparison ignores case because
 * column mapping does too.
 */
export function normalizeHeader(raw: readonly string[]): string[] {
  const tooLong = raw.findIndex((name) => name.length > MAX_HEADER_CHARS);
  if (tooLong !== -1) {
    throw new LeadFileError(`Column ${tooLong + 1} of the header is longer than ${MAX_HEADER_CHARS} characters: it is not a column name.`);
  }
  const trimmed = raw.map((name) => name.trim());
  if (trimmed.every((name) => name === '')) {
    throw new LeadFileError('The header row has no column names. The first row of the file must name the columns.');
  }
  if (trimmed.some(looksLikeEmail)) {
    throw new LeadFileError(
      'The file has no header row: its first row contains an email address, so it looks like data. ' + 'Add a first row that names the columns.',
    );
  }
  return uniqueNames(trimmed.map((name, i) => (name === '' ? `Column ${i + 1}` : name)));
}

/** More columns than any export has; a row past it is not a lead list (and would make every row that wide). */
export const MAX_COLUMNS = 2_000;
/** Longer than any column name: a header cell this long is data. */
export const MAX_HEADER_CHARS = 1_000;

/**
 * Numbers names that repeat, ignoring case: "Email", "email (2)", "Email (3)". Linear in the number of names: each
 * name remembers the next number to try, so a thousand equal names do not rescan the numbers before theirs.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  const nextNumber = new Map<string, number>();
  return names.map((name) => {
    let unique = name;
    let n = nextNumber.get(name.toLowerCase()) ?? 2;
    while (taken.has(unique.toLowerCase())) unique = `${name} (${n++})`;
    nextNumber.set(name.toLowerCase(), n);
    taken.add(unique.toLowerCase());
    return unique;
  });
}

/** Email addresses are at most 254 characters; the bound keeps the match linear on a long cell. */
function looksLikeEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
