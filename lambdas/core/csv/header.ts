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
  const trimmed = raw.map((name) => name.trim());
  if (trimmed.every((name) => name === '')) {
    throw new LeadFileError('The header row has no column names. The first row of the file must name the columns.');
  }
  if (trimmed.some(looksLikeEmail)) {
    throw new LeadFileError(
      'The file has no header row: its first row contains an email address, so it looks like data. ' +
        'Add a first row that names the columns.',
    );
  }
  const named = trimmed.map((name, i) => (name === '' ? `Column ${i + 1}` : name));
  const taken = new Set<string>();
  return named.map((name) => {
    let unique = name;
    for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${name} (${n})`;
    taken.add(unique.toLowerCase());
    return unique;
  });
}

function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
