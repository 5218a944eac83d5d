import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { inputFormatOf, readInput, type InputFormat } from '../../lambdas/core/input/readInput';

async function* chunks(bytes: Buffer, size = 7) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function read(text: string | Buffer, format: InputFormat, onWarning?: (m: string) => void): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readInput(chunks(Buffer.isBuffer(text) ? text : Buffer.from(text)), format, { onWarning })) rows.push(row);
  return rows;
}

describe('inputFormatOf', () => {
  it('knows the formats by extension, case-insensitively', () => {
    expect(['a.CSV', 'a.csv.gz', 'a.GZ', 'a.json', 'a.jsonl', 'a.ndjson', 'a.XLSX', 'a.txt', 'a.tsv', 'a.xls', 'a'].map(inputFormatOf)).toEqual([
      'csv',
      'csv.gz',
      'csv.gz',
      'json',
      'jsonl',
      'jsonl',
      'xlsx',
      'csv',
      'csv',
      undefined,
      undefined,
    ]);
  });
});

describe('readInput', () => {
  it('reads a gzip-compressed CSV as the CSV it contains', async () => {
    expect(await read(gzipSync('First Name;Company\r\nSøren;"Acme; Inc."\r\n'), 'csv.gz')).toEqual([
      ['First Name', 'Company'],
      ['Søren', 'Acme; Inc.'],
    ]);
  });

  it('explains a file that is not gzip', async () => {
    await expect(read('First Name\nAda\n', 'csv.gz')).rejects.toThrow('The file is not a valid gzip archive.');
  });

  it('reads JSON Lines, skipping blank lines, with the union of keys as header', async () => {
    const text = '{"First Name":"Ada","Employees":12}\n\n{"First Name":"Bo","VIP":true,"Tags":["a"],"Note":null}\n';
    expect(await read(text, 'jsonl')).toEqual([
      ['First Name', 'Employees', 'VIP', 'Tags', 'Note'],
      ['Ada', '12', '', '', ''],
      ['Bo', '', 'true', '["a"]', ''],
    ]);
  });

  it('names the line of a broken JSON Lines record, never its content', async () => {
    const error = await read('{"email":"a@b.example"}\n{"email": "jane@doe.example"\n', 'jsonl').catch((e: Error) => e);
    expect((error as Error).message).toBe('Line 2 is not valid JSON.');
    await expect(read('{"a":1}\n[1,2]\n', 'jsonl')).rejects.toThrow('Line 2 is not a JSON object.');
  });

  it('reads a JSON array or an object with a "leads" array', async () => {
    expect(await read('[{"a":"1"},{"b":"2"}]', 'json')).toEqual([
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
    ]);
    expect(await read('{"leads":[{"a":"x"}]}', 'json')).toEqual([['a'], ['x']]);
    await expect(read('{"people":[]}', 'json')).rejects.toThrow(/array of leads/);
    await expect(read('[]', 'json')).rejects.toThrow('The file has no leads.');
    await expect(read('[1]', 'json')).rejects.toThrow('Lead 1 is not a JSON object.');
  });

  it('reports keys first seen after the header sample instead of silently dropping them', async () => {
    const lines = Array.from({ length: 1_000 }, (_, i) => JSON.stringify({ n: i })).concat(JSON.stringify({ n: 'x', late: 'y' }));
    const warnings: string[] = [];
    const rows = await read(lines.join('\n'), 'jsonl', (m) => warnings.push(m));
    expect(rows[0]).toEqual(['n']);
    expect(rows).toHaveLength(1_002);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"late".*ignored/);
  });
});

describe('readInput: bounded work', () => {
  it('refuses a gzip archive that expands past the byte limit, with the reason', async () => {
    // 1 MB of zeros compresses to about a kilobyte.
    const bomb = gzipSync(Buffer.concat([Buffer.from('First Name,Last Name\n'), Buffer.alloc(1_048_576, 'a')]));
    expect(bomb.byteLength).toBeLessThan(10_000);
    const read = async () => {
      for await (const row of readInput(
        (async function* () {
          yield bomb;
        })(),
        'csv.gz',
        { maxBytes: 256 * 1024 },
      ))
        void row;
    };
    await expect(read()).rejects.toThrow('The file is larger than 256 KB once decompressed; Leadflow reads at most that much per job (maxInputMegabytes).');
  });
});
