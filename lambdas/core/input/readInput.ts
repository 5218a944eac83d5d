import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { readLeadFile, LeadFileError, type ReadLeadFileOptions } from '../csv/readLeadFile';

export type InputFormat = 'csv' | 'csv.gz' | 'json' | 'jsonl';

const EXTENSIONS: [string, InputFormat][] = [
  ['.csv.gz', 'csv.gz'],
  ['.gz', 'csv.gz'],
  ['.csv', 'csv'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.json', 'json'],
];

export function inputFormatOf(fileName: string): InputFormat | undefined {
  const lower = fileName.toLowerCase();
  return EXTENSIONS.find(([extension]) => lower.endsWith(extension))?.[1];
}

/** A JSON file is parsed whole (objects have no streaming boundary short of a JSON parser of our own). */
const MAX_JSON_BYTES = 50 * 1024 * 1024;
/** Keys are collected from this many leads before rows stream: the header must come first. */
const HEADER_SAMPLE = 1_000;

/**
 * Every input format as the CSV reader's contract: the header first, then rows aligned to it. CSV (plain or
 * gzip) streams; JSON Lines streams after a short header sample; a JSON array is read whole up to 50 MB.
 */
export async function* readInput(
  source: AsyncIterable<Uint8Array>,
  format: InputFormat,
  options: ReadLeadFileOptions & { onWarning?: (message: string) => void } = {},
): AsyncGenerator<string[]> {
  switch (format) {
    case 'csv':
      return yield* readLeadFile(source, options);
    case 'csv.gz':
      return yield* readLeadFile(gunzip(source), options);
    case 'jsonl':
      return yield* rowsOf(jsonLines(source), options.onWarning);
    case 'json':
      return yield* rowsOf(jsonArray(source), options.onWarning);
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const stream = Readable.from(source).pipe(createGunzip());
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new LeadFileError('The file is not a valid gzip archive.');
    throw error;
  }
}

type Lead = Record<string, unknown>;
const isObject = (value: unknown): value is Lead => value !== null && typeof value === 'object' && !Array.isArray(value);

async function* jsonLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<Lead> {
  let line = 0;
  for await (const text of createInterface({ input: Readable.from(source), crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new LeadFileError(`Line ${line} is not valid JSON.`);
    }
    if (!isObject(value)) throw new LeadFileError(`Line ${line} is not a JSON object.`);
    yield value;
  }
}

async function* jsonArray(source: AsyncIterable<Uint8Array>): AsyncGenerator<Lead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > MAX_JSON_BYTES) throw new LeadFileError('The JSON file is larger than 50 MB; use JSON Lines (.jsonl) or CSV for large files.');
    chunks.push(Buffer.from(chunk));
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf-8'));
  } catch {
    throw new LeadFileError('The file is not valid JSON.');
  }
  const leads = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.leads) ? value.leads : undefined;
  if (!leads) throw new LeadFileError('The JSON file must be an array of leads or an object with a "leads" array.');
  for (const [index, lead] of leads.entries()) {
    if (!isObject(lead)) throw new LeadFileError(`Lead ${index + 1} is not a JSON object.`);
    yield lead;
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Header = the keys of the first leads in first-seen order; keys that first appear later are reported, not added. */
async function* rowsOf(leads: AsyncGenerator<Lead>, onWarning?: (message: string) => void): AsyncGenerator<string[]> {
  // Pulled by hand: leaving a for-await loop early would close the generator and lose every later lead.
  const sample: Lead[] = [];
  while (sample.length < HEADER_SAMPLE) {
    const next = await leads.next();
    if (next.done) break;
    sample.push(next.value);
  }
  if (sample.length === 0) throw new LeadFileError('The file has no leads.');
  const header = [...new Set(sample.flatMap((lead) => Object.keys(lead)))];
  if (header.length === 0) throw new LeadFileError('The leads have no fields.');
  yield header;
  const known = new Set(header);
  const ignored = new Set<string>();
  const toRow = (lead: Lead) => {
    for (const key of Object.keys(lead)) if (!known.has(key)) ignored.add(key);
    return header.map((key) => cell(lead[key]));
  };
  for (const lead of sample) yield toRow(lead);
  for await (const lead of leads) yield toRow(lead);
  if (ignored.size > 0) onWarning?.(`Fields first seen after the first ${HEADER_SAMPLE} leads were ignored: ${[...ignored].join(', ')}`);
}
