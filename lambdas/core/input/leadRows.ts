import { LeadFileError } from '../csv/leadFileError';
import { MAX_COLUMNS, uniqueNames } from '../csv/header';
import type { JsonLead } from './jsonLead';

/**
 * The header must come before the first row, but JSON leads need not share keys and the source can be read only
 * once. So the header is the union of the keys of the first leads, in first-seen order, and the rest stream past.
 * A key first seen later has no column: it is dropped and reported through onWarning.
 */
export const HEADER_SAMPLE_LEADS = 1_000;

/** The sample also stops at this much lead text, so that 1,000 very large leads cannot fill memory. */
export const HEADER_SAMPLE_CHARS = 16 * 1024 * 1024;

/** Late keys are counted one by one up to this many; more are summed up in one message (memory stays flat). */
const MAX_REPORTED_KEYS = 50;

/** Long enough for any real column name; a key that is really data (an email as a key) is not echoed whole. */
const MAX_KEY_CHARS_IN_MESSAGE = 80;

/**
 * Turns JSON leads into the CSV reader's contract: the header first, then one row of strings per lead, aligned to
 * the header. Strings are kept as they are, numbers and booleans become their JSON text, null and missing keys
 * become "", nested objects and arrays become their JSON text.
 *
 * Keys come from Object.keys, so integer-like keys ("2024") come before the others whatever the file's order:
 * JavaScript orders object keys that way. Numbers are JavaScript numbers: integers past 2^53 lose precision.
 *
 * @throws LeadFileError when there are no leads, or the sampled leads have no keys at all.
 */
export async function* leadRows(leads: AsyncIterable<JsonLead>, onWarning?: (message: string) => void): AsyncGenerator<string[]> {
  // One iterator for both passes: leaving a for-await loop early would close the source after the sample.
  const iterator = leads[Symbol.asyncIterator]();
  try {
    const sample: JsonLead[] = [];
    let sampleChars = 0;
    while (sample.length < HEADER_SAMPLE_LEADS && sampleChars < HEADER_SAMPLE_CHARS) {
      const next = await iterator.next();
      if (next.done) break;
      sample.push(next.value);
      sampleChars += next.value.chars;
    }
    if (sample.length === 0) throw new LeadFileError('The file has no leads.');

    const keys = [...new Set(sample.flatMap((lead) => Object.keys(lead.fields)))];
    if (keys.length === 0) throw new LeadFileError('The leads have no fields: the first leads are all empty objects.');
    yield columnNames(keys);
    const sampled = sample.length;

    const known = new Set(keys);
    const late = new LateKeys();
    const toRow = (fields: Record<string, unknown>): string[] => {
      late.note(fields, known);
      // Own properties only: a lead without "toString" or "__proto__" must not read the prototype's.
      return keys.map((key) => cellText(Object.hasOwn(fields, key) ? fields[key] : undefined));
    };
    for (const lead of sample.splice(0)) yield toRow(lead.fields);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toRow(next.value.fields);

    if (onWarning) for (const message of late.messages(sampled)) onWarning(message);
  } finally {
    await iterator.return?.();
  }
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The CSV reader's header rules where they apply to keys: trimmed, blank names become "Column N", names that
 * differ only by case get a counter ("Email", "email (2)"), because column mapping ignores case. Unlike a CSV
 * header, a key that looks like an email is not an error: JSON keys are never a data row.
 */
function columnNames(keys: readonly string[]): string[] {
  if (keys.length > MAX_COLUMNS) {
    throw new LeadFileError(
      `The leads have ${keys.length.toLocaleString('en-US')} different keys; Leadflow reads at most ${MAX_COLUMNS.toLocaleString('en-US')} columns.`,
    );
  }
  return uniqueNames(keys.map((key, i) => (key.trim() === '' ? `Column ${i + 1}` : key.trim())));
}

/** Counts, per key, the leads that had a key first seen after the header sample. */
class LateKeys {
  private readonly counts = new Map<string, number>();
  private leadsWithOtherKeys = 0;

  note(fields: Record<string, unknown>, known: ReadonlySet<string>): void {
    let other = false;
    for (const key of Object.keys(fields)) {
      if (known.has(key)) continue;
      const count = this.counts.get(key);
      if (count !== undefined) this.counts.set(key, count + 1);
      else if (this.counts.size < MAX_REPORTED_KEYS) this.counts.set(key, 1);
      else other = true;
    }
    if (other) this.leadsWithOtherKeys += 1;
  }

  messages(sampleSize: number): string[] {
    const after = `after the first ${sampleSize.toLocaleString('en-US')} leads`;
    const messages = [...this.counts].map(([key, count]) => `Column "${shortened(key)}" first appears ${after} and was ignored (in ${plural(count, 'lead')}).`);
    if (this.leadsWithOtherKeys > 0) {
      messages.push(`More columns first appear ${after} and were ignored (in ${plural(this.leadsWithOtherKeys, 'lead')}).`);
    }
    return messages;
  }
}

function shortened(key: string): string {
  if (key.length <= MAX_KEY_CHARS_IN_MESSAGE) return key;
  return `${Array.from(key).slice(0, MAX_KEY_CHARS_IN_MESSAGE).join('')}…`;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
