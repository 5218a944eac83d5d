import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inputFormatOf, LeadFileError, readInput, type InputFormat, type ReadInputOptions } from '../../lambdas/core/input/readInput';
import { chunked } from './support';

/** Every record readInput yields, from a source cut into `chunkSize`-byte chunks. */
async function readAllInput(bytes: Uint8Array | string, format: InputFormat, options: ReadInputOptions & { chunkSize?: number } = {}): Promise<string[][]> {
  const records: string[][] = [];
  for await (const record of readInput(chunked(bytes, options.chunkSize), format, options)) records.push(record);
  return records;
}

async function inputError(bytes: Uint8Array | string, format: InputFormat, chunkSize?: number): Promise<Error> {
  const error = await readAllInput(bytes, format, { chunkSize }).catch((e: unknown) => e);
  if (!(error instanceof Error)) throw new Error('expected readInput to fail');
  return error;
}

const CSV = 'First Name,Last Name,Company\r\nSøren,Østergaard,"Fjordline, A/S"\r\nZoë,Ng,Acme\r\n';
const CSV_RECORDS = [
  ['First Name', 'Last Name', 'Company'],
  ['Søren', 'Østergaard', 'Fjordline, A/S'],
  ['Zoë', 'Ng', 'Acme'],
];

describe('inputFormatOf', () => {
  it.each([
    ['leads.csv', 'csv'],
    ['LEADS.CSV', 'csv'],
    ['inbox/export 2024.csv.gz', 'csv.gz'],
    ['leads.CSV.GZ', 'csv.gz'],
    ['leads.gz', 'csv.gz'],
    ['leads.json', 'json'],
    ['Leads.JSON', 'json'],
    ['leads.jsonl', 'jsonl'],
    ['leads.ndjson', 'jsonl'],
    ['leads.NDJSON', 'jsonl'],
  ] as const)('%s is %s', (name, format) => {
    expect(inputFormatOf(name)).toBe(format);
  });

  it.each(['leads.xls', 'leads', 'leads.csv.bak', 'leads.pdf', 'leads.json.gz', 'leads.jsonl.gz', 'leads.zip'])('%s is not supported', (name) => {
    expect(inputFormatOf(name)).toBeUndefined();
  });
});

describe('readInput: csv', () => {
  it('is readLeadFile, options included', async () => {
    expect(await readAllInput(CSV, 'csv')).toEqual(CSV_RECORDS);
    expect(await readAllInput('a|b\n1|2\n', 'csv', { delimiter: '|' })).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await readAllInput(Buffer.from('Name\nJos\xe9\n', 'latin1'), 'csv', { encoding: 'windows-1252' })).toEqual([['Name'], ['José']]);
  });
});

describe('readInput: csv.gz', () => {
  it('round-trips a gzipped CSV, whatever the chunking', async () => {
    const archive = gzipSync(CSV);
    for (const chunkSize of [1, 7, 64 * 1024]) {
      expect(await readAllInput(archive, 'csv.gz', { chunkSize })).toEqual(CSV_RECORDS);
    }
  });

  it('streams a large archive row by row', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `Lead${i},Name${i},Company ${i % 97}`);
    const archive = gzipSync(`First Name,Last Name,Company\n${rows.join('\n')}\n`);
    let count = 0;
    let last: string[] = [];
    for await (const record of readInput(chunked(archive, 4096), 'csv.gz')) {
      count += 1;
      last = record;
    }
    expect(count).toBe(50_001);
    expect(last).toEqual(['Lead49999', 'Name49999', 'Company 44']);
  });

  it('reads concatenated gzip members as one file, as gunzip does', async () => {
    const archive = Buffer.concat([gzipSync('First Name,Company\n'), gzipSync('Ada,Acme\n')]);
    expect(await readAllInput(archive, 'csv.gz')).toEqual([
      ['First Name', 'Company'],
      ['Ada', 'Acme'],
    ]);
  });

  it('passes the CSV reader options through the decompression', async () => {
    const archive = gzipSync(Buffer.from('Name;City\nJos\xe9;M\xe1laga\n', 'latin1'));
    expect(await readAllInput(archive, 'csv.gz', { encoding: 'windows-1252' })).toEqual([
      ['Name', 'City'],
      ['José', 'Málaga'],
    ]);
  });

  it.each([
    ['a plain CSV', Buffer.from(CSV)],
    ['a truncated archive', gzipSync(CSV).subarray(0, 20)],
    ['an archive with a flipped byte', corrupted(gzipSync(CSV))],
    ['an empty file', Buffer.alloc(0)],
    ['a zip file', Buffer.from('504b0304140000000800', 'hex')],
  ])('explains that %s is not a valid gzip archive', async (_, bytes) => {
    const error = await inputError(bytes, 'csv.gz');
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toBe('The file is not a valid gzip archive.');
  });

  it('still reports CSV problems inside a valid archive', async () => {
    const error = await inputError(gzipSync('First Name,Notes\nAda,"never closed\n'), 'csv.gz');
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toMatch(/^Line 2: a quoted value is never closed/);
    expect((await inputError(gzipSync(''), 'csv.gz')).message).toBe('The file is empty.');
  });

  it('lets an error of the source itself through unchanged', async () => {
    const archive = gzipSync(CSV);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield archive.subarray(0, 10);
      throw new Error('connection reset');
    }
    await expect(drain(readInput(failing(), 'csv.gz'))).rejects.toThrow('connection reset');
  });

  it('closes the source when the reader stops early', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `Lead${i},Acme`).join('\n');
    const source = trackedSource(gzipSync(`First Name,Company\n${rows}\n`), 256);
    for await (const record of readInput(source.chunks, 'csv.gz')) {
      if (record[0] === 'Lead10') break;
    }
    expect(source.closed()).toBe(true);
    expect(source.finished()).toBe(false);
  });
});

function corrupted(archive: Buffer): Buffer {
  const copy = Buffer.from(archive);
  // Inside the deflate data, past the 10-byte header: the checksum or the block structure fails.
  const index = Math.floor(copy.length / 2);
  copy[index] = (copy[index] ?? 0) ^ 0xff;
  return copy;
}

async function drain(records: AsyncIterable<string[]>): Promise<number> {
  let count = 0;
  for await (const record of records) count += record.length > 0 ? 1 : 0;
  return count;
}

/** A chunked source that records whether it was read to the end or closed by its consumer. */
function trackedSource(bytes: Buffer, chunkSize: number) {
  let closed = false;
  let finished = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
      finished = true;
    } finally {
      closed = true;
    }
  }
  return { chunks: chunks(), closed: () => closed, finished: () => finished };
}
