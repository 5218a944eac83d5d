import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { LeadFileError, readInput, type InputFormat } from '../../lambdas/core/input/readInput';
import { jsonArrayLeads } from '../../lambdas/core/input/jsonArray';
import { HEADER_SAMPLE_CHARS } from '../../lambdas/core/input/leadRows';
import { chunked } from './support';
import { seededRandom } from '../../local/seededRandom';

async function read(
  bytes: Uint8Array | string,
  format: InputFormat,
  options: { chunkSize?: number; onWarning?: (message: string) => void } = {},
): Promise<string[][]> {
  const records: string[][] = [];
  for await (const record of readInput(chunked(bytes, options.chunkSize), format, { onWarning: options.onWarning })) {
    records.push(record);
  }
  return records;
}

async function failure(bytes: Uint8Array | string, format: InputFormat, chunkSize?: number): Promise<LeadFileError> {
  const error = await read(bytes, format, { chunkSize }).catch((e: unknown) => e);
  if (!(error instanceof LeadFileError)) throw new Error(`expected a LeadFileError, got ${String(error)}`);
  return error;
}

/** A value that must never appear in an error message. */
const SECRET = 'jane.doe@private.example';

describe('readInput: jsonl', () => {
  it('reads one object per line, skipping blank and whitespace-only lines, CRLF included', async () => {
    const text = `\n{"First Name":"Ada","Email":"ada@x.example"}\r\n   \r\n\t\n{"First Name":"Bo","Email":"bo@x.example"}\n\n`;
    for (const chunkSize of [1, 3, 1024]) {
      expect(await read(text, 'jsonl', { chunkSize })).toEqual([
        ['First Name', 'Email'],
        ['Ada', 'ada@x.example'],
        ['Bo', 'bo@x.example'],
      ]);
    }
  });

  it('reads a last line without a line break', async () => {
    expect(await read('{"a":"1"}\n{"a":"2"}', 'jsonl')).toEqual([['a'], ['1'], ['2']]);
  });

  it('names the line of a line that is not JSON, counting blank lines, never its content', async () => {
    const text = `{"Email":"a@x.example"}\n\n{"Email": "${SECRET}"\n{"Email":"c@x.example"}\n`;
    for (const chunkSize of [1, 5, 1024]) {
      const error = await failure(text, 'jsonl', chunkSize);
      expect(error.message).toBe('Line 3 is not valid JSON.');
      expect(error.message).not.toContain('jane');
    }
  });

  it.each([
    ['an array', `["${SECRET}"]`],
    ['a string', `"${SECRET}"`],
    ['a number', '42'],
    ['null', 'null'],
  ])('rejects a line holding %s instead of an object', async (_, line) => {
    const error = await failure(`{"a":1}\n${line}\n`, 'jsonl');
    expect(error.message).toBe('Line 2 is not a JSON object.');
  });

  it('rejects a pretty-printed JSON document given as JSON Lines', async () => {
    expect((await failure('[\n  {"a": 1}\n]\n', 'jsonl')).message).toBe('Line 1 is not valid JSON.');
  });

  it('rejects a line longer than the limit without holding the rest of the file', async () => {
    const long = `{"notes":"${'x'.repeat(1_100_000)}"}`;
    const error = await failure(`{"a":1}\n${long}\n`, 'jsonl', 64 * 1024);
    expect(error.message).toMatch(/^Line 2 is longer than 1,000,000 characters/);
  });

  it('drops a UTF-8 byte order mark and reads UTF-16 with one', async () => {
    expect(await read('\ufeff{"Name":"Zoë"}\n', 'jsonl')).toEqual([['Name'], ['Zoë']]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('{"Name":"Søren"}\r\n', 'utf-16le')]);
    expect(await read(utf16, 'jsonl', { chunkSize: 3 })).toEqual([['Name'], ['Søren']]);
  });

  it('keeps characters split across chunks', async () => {
    expect(await read('{"Name":"Ørsted 😀 Zoë"}\n', 'jsonl', { chunkSize: 1 })).toEqual([['Name'], ['Ørsted 😀 Zoë']]);
  });
});

describe('readInput: json', () => {
  const leads = [
    { 'First Name': 'Ada', Company: 'Analytical Engines' },
    { 'First Name': 'Bo', Website: 'bo.example' },
  ];
  const expected = [
    ['First Name', 'Company', 'Website'],
    ['Ada', 'Analytical Engines', ''],
    ['Bo', '', 'bo.example'],
  ];

  it('reads a top-level array, compact or pretty-printed, whatever the chunking', async () => {
    for (const text of [JSON.stringify(leads), JSON.stringify(leads, null, 2), `\r\n\t ${JSON.stringify(leads, null, '\t')} \n`]) {
      for (const chunkSize of [1, 2, 7, 1 << 16]) expect(await read(text, 'json', { chunkSize })).toEqual(expected);
    }
  });

  it('reads an object with a "leads" array, other fields before or after it ignored', async () => {
    const before = JSON.stringify({ source: 'crm', meta: { leads: [{ no: 1 }], n: [1, 2.5e3, true, null] }, leads });
    const after = JSON.stringify({ leads, options: { webhookUrl: 'https://x.example' } }, null, 2);
    for (const text of [before, after]) {
      for (const chunkSize of [1, 5, 1 << 16]) expect(await read(text, 'json', { chunkSize })).toEqual(expected);
    }
  });

  it('recognizes "leads" written with escapes, as JSON.parse does', async () => {
    expect(await read('{"le\\u0061ds":[{"a":"1"}]}', 'json')).toEqual([['a'], ['1']]);
  });

  it('decodes strings exactly as JSON.parse does', async () => {
    const lead = { Name: 'Zoë "Z" \\ / \t\n\r\b\f \u0000 \u2028 😀 \ud800', Note: '</script>' };
    expect(await read(JSON.stringify([lead]), 'json', { chunkSize: 1 })).toEqual([
      ['Name', 'Note'],
      [lead.Name, lead.Note],
    ]);
    expect(await read('[{"a":"\\u00e9\\uD83D\\uDE00\\/"}]', 'json', { chunkSize: 3 })).toEqual([['a'], ['é😀/']]);
  });

  it.each([
    ['a bare string', `"${SECRET}"`],
    ['a number', '12'],
    ['an object without "leads"', `{"people":[{"Email":"${SECRET}"}]}`],
    ['an empty object', '{}'],
  ])('explains the expected shape for %s', async (_, text) => {
    const error = await failure(text, 'json');
    expect(error.message).toBe('The JSON file must be an array of leads, or an object with a "leads" array.');
  });

  it('rejects "leads" that is not an array, and two "leads" fields', async () => {
    expect((await failure('{"leads":{"a":1}}', 'json')).message).toBe('The "leads" field of the JSON file must be an array of leads.');
    expect((await failure('{"leads":[{"a":1}],"leads":[{"a":2}]}', 'json')).message).toBe('The JSON file has more than one "leads" field.');
  });

  it('names the lead and its line when an element is not an object, never its content', async () => {
    const text = `[\n  {"a": 1},\n  {"a": 2},\n  "${SECRET}"\n]`;
    const error = await failure(text, 'json');
    expect(error.message).toBe('Lead 3 is not a JSON object. It begins on line 4.');
    expect((await failure('[1]', 'json')).message).toBe('Lead 1 is not a JSON object. It begins on line 1.');
    expect((await failure('{"leads":[{"a":1},[1]]}', 'json')).message).toMatch(/^Lead 2 is not a JSON object/);
  });

  it.each([
    ['a missing comma', '[{"a":1}\n{"a":2}]', 2],
    ['a trailing comma', '[{"a":1},\n]', 2],
    ['a trailing comma in a lead', '[{"a":1,}]', 1],
    ['single quotes', "[{'a':1}]", 1],
    ['an unquoted key', '[{a:1}]', 1],
    ['a bad literal', '[{"a":tru}]', 1],
    ['NaN', '[{"a":NaN}]', 1],
    ['a leading zero', '[{"a":01}]', 1],
    ['a bad escape', '[{"a":"\\x41"}]', 1],
    ['a short unicode escape', '[{"a":"\\u12"}]', 1],
    ['a raw line break in a string', `[{"a":"${SECRET}\n"}]`, 1],
    ['mismatched brackets', '[{"a":[1}]', 1],
    ['content after the array', '[{"a":1}]\n[{"a":2}]', 2],
    ['a comment', '[{"a":1} // one lead\n]', 1],
  ])('rejects %s, naming the line', async (_, text, line) => {
    const error = await failure(text, 'json');
    expect(error.message).toBe(`The file is not valid JSON: unexpected character on line ${line}.`);
    expect(error.message).not.toContain('jane');
  });

  it('rejects a truncated file', async () => {
    const text = JSON.stringify(leads, null, 2);
    for (const cut of [1, 10, text.length - 1]) {
      expect((await failure(text.slice(0, cut), 'json')).message).toMatch(/^The file is not valid JSON/);
    }
  });

  it('rejects a lead longer than the limit', async () => {
    const text = `[{"a":1},\n{"notes":"${'x'.repeat(1_100_000)}"}]`;
    for (const chunkSize of [64 * 1024, 4 * 1024 * 1024]) {
      expect((await failure(text, 'json', chunkSize)).message).toBe('Lead 2 is longer than 1,000,000 characters. It begins on line 2.');
    }
  });

  it('rejects a runaway value outside the leads, naming its line, without holding it', async () => {
    const text = `{"leads":[{"a":1}],\n"meta":"${'x'.repeat(1_100_000)}"}`;
    expect((await failure(text, 'json', 64 * 1024)).message).toBe('A value on line 2 is longer than 1,000,000 characters.');
  });

  it('keeps a raw lone surrogate in a string as JSON.parse does, and refuses one escaped by a backslash', async () => {
    // Only text decoded from UTF-16 can hold one; UTF-8 has no form for it.
    const text = '[{"a":"x\ud800y","b":"\\\\\udc00"}]';
    expect(await scan(text, 3)).toEqual([{ a: 'x\ud800y', b: '\\\udc00' }]);
    expect(await scan(text, 3)).toEqual(JSON.parse(text));
    expect(await scan('[{"a":"\\\ud800"}]', 1)).toBe('error');
  });

  it('yields leads as they arrive instead of reading the whole file first', async () => {
    const seen: string[][] = [];
    async function* brokenAfterManyLeads(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('[');
      // 150 KB: more than the 64 KB the encoding detection looks at before the first lead is parsed.
      for (let i = 0; i < 1_500; i++) yield Buffer.from(`{"n":"${i}","pad":"${'x'.repeat(80)}"},`);
      throw new Error('connection reset');
    }
    await expect(
      (async () => {
        for await (const record of readInput(brokenAfterManyLeads(), 'json')) seen.push(record);
      })(),
    ).rejects.toThrow('connection reset');
    expect(seen).toHaveLength(1_501);
    expect(seen.at(-1)?.[0]).toBe('1499');
  });

  it('reads a file larger than 50 MB lead by lead', async () => {
    const count = 250_000;
    const filler = 'x'.repeat(200);
    async function* big(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('{"leads":[\n');
      for (let i = 0; i < count; i += 1_000) {
        const part = Array.from({ length: 1_000 }, (_, j) => `{"n":${i + j},"note":"${filler}"}`).join(',\n');
        yield Buffer.from(i + 1_000 < count ? `${part},\n` : `${part}\n]}`);
      }
    }
    let rows = 0;
    let last: string[] = [];
    for await (const record of readInput(big(), 'json')) {
      rows += 1;
      last = record;
    }
    expect(rows).toBe(count + 1);
    expect(last[0]).toBe(String(count - 1));
  });
});

describe('JSON values and the header', () => {
  it('turns values into strings: numbers and booleans as JSON text, null as empty, nested as JSON', async () => {
    const lead = {
      s: 'text',
      empty: '',
      int: 42,
      float: -1.5e-7,
      big: 1e21,
      yes: true,
      no: false,
      nothing: null,
      list: ['a', 1, null],
      nested: { city: 'Oslo', zip: 150 },
    };
    for (const format of ['json', 'jsonl'] as const) {
      const text = format === 'json' ? JSON.stringify([lead]) : `${JSON.stringify(lead)}\n`;
      expect(await read(text, format)).toEqual([
        Object.keys(lead),
        ['text', '', '42', '-1.5e-7', '1e+21', 'true', 'false', '', '["a",1,null]', '{"city":"Oslo","zip":150}'],
      ]);
    }
  });

  it('leaves missing keys empty, and never reads inherited properties', async () => {
    const text = '[{"__proto__":"p","constructor":"c"},{"toString":"t"},{"other":"o"}]';
    expect(await read(text, 'json')).toEqual([
      ['__proto__', 'constructor', 'toString', 'other'],
      ['p', 'c', '', ''],
      ['', '', 't', ''],
      ['', '', '', 'o'],
    ]);
  });

  it('makes column names usable: trimmed, blanks named, case duplicates numbered', async () => {
    const text = '[{" Email ":"a@x.example","":"1","email":"b@x.example"}]';
    expect((await read(text, 'json'))[0]).toEqual(['Email', 'Column 2', 'email (2)']);
  });

  it('takes the header from the first 1,000 leads and reports later keys by name with their count', async () => {
    const lines = Array.from({ length: 1_000 }, (_, i) => JSON.stringify(i === 999 ? { n: i, rare: 'r' } : { n: i }));
    lines.push(JSON.stringify({ n: 1000, Title: `CEO ${SECRET}` }), JSON.stringify({ Title: 'CTO', Region: 'EU', rare: 'x' }));
    for (const format of ['json', 'jsonl'] as const) {
      const text = format === 'json' ? `[${lines.join(',\n')}]` : lines.join('\n');
      const warnings: string[] = [];
      const records = await read(text, format, { onWarning: (message) => warnings.push(message) });
      expect(records[0]).toEqual(['n', 'rare']);
      expect(records).toHaveLength(1_003);
      expect(records.at(-2)).toEqual(['1000', '']);
      expect(records.at(-1)).toEqual(['', 'x']);
      expect(warnings).toEqual([
        'Column "Title" first appears after the first 1,000 leads and was ignored (in 2 leads).',
        'Column "Region" first appears after the first 1,000 leads and was ignored (in 1 lead).',
      ]);
      expect(warnings.join(' ')).not.toContain('jane');
    }
  });

  it('sums up late keys beyond the ones it names', async () => {
    const lines = Array.from({ length: 1_000 }, (_, i) => JSON.stringify({ n: i }));
    for (let k = 0; k < 55; k++) lines.push(JSON.stringify({ n: 'late', [`k${k}`]: 1 }));
    const warnings: string[] = [];
    await read(lines.join('\n'), 'jsonl', { onWarning: (message) => warnings.push(message) });
    expect(warnings).toHaveLength(51);
    expect(warnings.at(-1)).toBe('More columns first appear after the first 1,000 leads and were ignored (in 5 leads).');
  });

  it('stops the header sample early when the leads are very large', async () => {
    const note = 'x'.repeat(900_000);
    const count = Math.ceil(HEADER_SAMPLE_CHARS / note.length) + 3;
    const lines = Array.from({ length: count }, (_, i) => JSON.stringify(i < count - 1 ? { n: i, note } : { n: i, late: 1 }));
    const warnings: string[] = [];
    const records = await read(lines.join('\n'), 'jsonl', { chunkSize: 1 << 20, onWarning: (m) => warnings.push(m) });
    expect(records).toHaveLength(count + 1);
    expect(warnings).toEqual([expect.stringMatching(/^Column "late" first appears after the first 19 leads/)]);
  });

  it.each([
    ['an empty json file', '', 'json'],
    ['a whitespace-only json file', ' \n\t\r\n', 'json'],
    ['an empty array', '[ ]', 'json'],
    ['an empty leads array', '{"leads":[]}', 'json'],
    ['an empty jsonl file', '', 'jsonl'],
    ['a jsonl file of blank lines', '\n\r\n  \n', 'jsonl'],
    ['a byte order mark alone', '\ufeff', 'jsonl'],
  ] as const)('says there are no leads for %s', async (_, text, format) => {
    expect((await failure(text, format)).message).toBe('The file has no leads.');
  });

  it('rejects leads without any field', async () => {
    expect((await failure('[{},{}]', 'json')).message).toMatch(/^The leads have no fields/);
  });

  it('closes the source when the reader stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; ; i++) yield Buffer.from(`{"n":${i}}\n`);
      } finally {
        closed = true;
      }
    }
    let rows = 0;
    for await (const record of readInput(source(), 'jsonl')) if (record.length > 0 && ++rows === 1_200) break;
    expect(closed).toBe(true);
  });
});

describe('jsonArrayLeads against JSON.parse', () => {
  // The scanner claims to accept exactly what JSON.parse accepts. Random lead files, valid and then damaged one
  // character at a time, check that claim, with random chunk boundaries.
  it('agrees with JSON.parse on thousands of valid and damaged files', async () => {
    const random = seededRandom(20_240_601);
    let accepted = 0;
    let rejected = 0;
    for (let n = 0; n < 3_000; n++) {
      const valid = randomLeadFile(random);
      const text = n % 4 === 0 ? valid : damaged(valid, random);
      const expected = expectedLeads(text);
      const actual = await scan(text, 1 + Math.floor(random() * 12));
      if (expected === 'error') {
        expect(actual, text).toBe('error');
        rejected += 1;
      } else {
        expect(actual, text).toEqual(expected);
        accepted += 1;
      }
    }
    // Both branches must be exercised for the comparison to mean something.
    expect(accepted).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(500);
  });
});

async function scan(text: string, chunkSize: number): Promise<unknown[] | 'error'> {
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
  }
  const leads: unknown[] = [];
  try {
    for await (const lead of jsonArrayLeads(chunks())) leads.push(lead.fields);
  } catch (error) {
    if (error instanceof LeadFileError) return 'error';
    throw error;
  }
  return leads;
}

/** What the scanner should yield: JSON.parse's verdict plus the leads-file shape rules. */
function expectedLeads(text: string): unknown[] | 'error' {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'error';
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const leads = Array.isArray(value) ? value : isObject(value) && Object.hasOwn(value, 'leads') ? value.leads : undefined;
  if (!Array.isArray(leads) || !leads.every(isObject)) return 'error';
  // JSON.parse keeps the last of two "leads"; the scanner refuses them (a rare case the generator can produce).
  if (!Array.isArray(value) && (text.match(/"leads"/g) ?? []).length > 1) return 'error';
  return leads;
}

function randomLeadFile(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const space = () => pick(['', '', ' ', '\n', '\r\n  ', '\t']);
  const string = () =>
    `"${Array.from({ length: Math.floor(random() * 5) }, () => pick(['a', 'Zoë', '\\"', '\\\\', '\\n', '\\u00e9', '😀', ',', ']', '}', ' '])).join('')}"`;
  const literal = () => pick(['0', '-1', '12.5', '1e3', '-0.25E-2', 'true', 'false', 'null']);
  const value = (depth: number): string => {
    const kind = depth > 2 ? Math.floor(random() * 2) : Math.floor(random() * 4);
    if (kind === 0) return string();
    if (kind === 1) return literal();
    if (kind === 2) return `[${space()}${Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1)).join(`,${space()}`)}${space()}]`;
    return object(depth + 1);
  };
  const object = (depth: number): string => {
    const members = Array.from(
      { length: Math.floor(random() * 4) },
      () => `${space()}${pick(['"a"', '"Email"', '"n"', string()])}${space()}:${space()}${value(depth)}`,
    );
    return `{${members.join(',')}${space()}}`;
  };
  const leads = `[${space()}${Array.from({ length: Math.floor(random() * 4) }, () => object(1)).join(`,${space()}`)}${space()}]`;
  return random() < 0.6 ? leads : `{${space()}"meta":${space()}${value(1)},${space()}"leads":${space()}${leads}${space()}}`;
}

function damaged(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const insert = '[]{},:"\\ 0-e.tfnu\n'[Math.floor(random() * 19)] ?? '';
  switch (Math.floor(random() * 5)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + insert + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at - 1, at) + text.slice(at);
    case 3: {
      // A trailing comma or a doubled one, a favourite of hand-edited files.
      const closers = [...text.matchAll(/[\]},]/g)].map((match) => match.index);
      const before = closers[Math.floor(random() * closers.length)] ?? at;
      return `${text.slice(0, before)},${text.slice(before)}`;
    }
    default:
      return text.slice(0, at);
  }
}
