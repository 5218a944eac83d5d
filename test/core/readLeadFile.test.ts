import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { LeadFileError, readLeadFile } from '../../lambdas/core/csv/readLeadFile';
import { SAMPLE_HEADER, generateLeadRows } from '../../samples/generateLarge';
import { chunked, readAll, readError } from './support';

const SALESFORCE_HEADER = 'First Name,Last Name,Account Name,E-mail Address';

describe('readLeadFile: text shapes from CRM and spreadsheet exports', () => {
  it('drops the UTF-8 BOM and reads CRLF line endings', async () => {
    const records = await readAll(`\ufeff${SALESFORCE_HEADER}\r\nSøren,Østergaard,Fjordline A/S,soren@fjordline.example\r\n`);
    expect(records).toEqual([
      ['First Name', 'Last Name', 'Account Name', 'E-mail Address'],
      ['Søren', 'Østergaard', 'Fjordline A/S', 'soren@fjordline.example'],
    ]);
  });

  it('keeps quoted commas, quoted newlines and escaped quotes inside one cell', async () => {
    const file = 'First Name,Account Name,Notes\r\n' + 'Zoë,"Acme, Inc.","Met at booth #12.\nSaid ""call me"" after Q3"\r\n' + 'José,Globex,plain\r\n';
    const records = await readAll(file);
    expect(records.slice(1)).toEqual([
      ['Zoë', 'Acme, Inc.', 'Met at booth #12.\nSaid "call me" after Q3'],
      ['José', 'Globex', 'plain'],
    ]);
  });

  it('keeps a quote inside an unquoted cell as text', async () => {
    const records = await readAll('First Name,Last Name\nRobert "Bob",Smith\n');
    expect(records[1]).toEqual(['Robert "Bob"', 'Smith']);
  });

  it('reads LF, CR-only and mixed line endings', async () => {
    expect(await readAll('a,b\n1,2\n3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(await readAll('a,b\r1,2\r3,4\r')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(await readAll('a,b\r\n1,2\n3,4\r5,6')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('sniffs a semicolon file, ignoring a semicolon inside a quoted header name', async () => {
    const records = await readAll('Vorname;Nachname;"Firma; Standort";E-Mail\r\nJürgen;Müller;"Granitehaus GmbH; Berlin";j@granitehaus.example\r\n');
    expect(records).toEqual([
      ['Vorname', 'Nachname', 'Firma; Standort', 'E-Mail'],
      ['Jürgen', 'Müller', 'Granitehaus GmbH; Berlin', 'j@granitehaus.example'],
    ]);
  });

  it('sniffs a tab-delimited header even when a name contains a comma', async () => {
    const records = await readAll('Name\tCompany, legal name\tEmail\nAnna\tAcme, Inc.\ta@acme.example\n');
    expect(records[0]).toEqual(['Name', 'Company, legal name', 'Email']);
    expect(records[1]).toEqual(['Anna', 'Acme, Inc.', 'a@acme.example']);
  });

  it('sniffs a pipe-delimited file, and honours an explicit delimiter instead of sniffing', async () => {
    expect(await readAll('a|b|c\n1|2|3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(await readAll('a,b;c\n1,2;3\n', { delimiter: ';' })).toEqual([
      ['a,b', 'c'],
      ['1,2', '3'],
    ]);
  });

  it('reads Excel "Unicode text": UTF-16LE with BOM, tab-delimited', async () => {
    const text = 'First Name\tLast Name\tCompany\r\nZoë\tLefèvre\tAcme, Inc.\r\nFrançois\tDubois\tGlobex\r\n';
    const bytes = iconv.encode(text, 'utf-16le', { addBOM: true });
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    // A one-byte chunk size splits every UTF-16 code unit across chunks.
    const records = await readAll(bytes, { chunkSize: 1 });
    expect(records).toEqual([
      ['First Name', 'Last Name', 'Company'],
      ['Zoë', 'Lefèvre', 'Acme, Inc.'],
      ['François', 'Dubois', 'Globex'],
    ]);
  });

  it('reads UTF-16BE with BOM', async () => {
    const bytes = iconv.encode('Name,City\nSøren,København\n', 'utf-16be', { addBOM: true });
    expect([...bytes.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(await readAll(bytes)).toEqual([
      ['Name', 'City'],
      ['Søren', 'København'],
    ]);
  });

  it('detects a Windows-1252 file and decodes its accents', async () => {
    const bytes = iconv.encode('First Name,City\r\nSøren Jürgen Zoë,Zürich\r\n', 'windows-1252');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(await readAll(bytes)).toEqual([
      ['First Name', 'City'],
      ['Søren Jürgen Zoë', 'Zürich'],
    ]);
  });

  it('reads Windows-1252 when told to, even if the first 64 KiB are plain ASCII', async () => {
    const filler = 'Ann,Smith\r\n'.repeat(7000);
    const bytes = iconv.encode(`First Name,Last Name\r\n${filler}François,Lefèvre\r\n`, 'windows-1252');
    const records = await readAll(bytes, { encoding: 'windows-1252' });
    expect(records.at(-1)).toEqual(['François', 'Lefèvre']);
  });

  it('decodes UTF-8 characters split across chunk boundaries', async () => {
    const records = await readAll('Name,City\nSøren Østergaard,München\n', { chunkSize: 1 });
    expect(records[1]).toEqual(['Søren Østergaard', 'München']);
  });
});

describe('readLeadFile: ragged and blank rows', () => {
  it('pads short rows to the header length and keeps every filled cell of long ones', async () => {
    const records = await readAll('First Name,Last Name,Email\nAnna,Young\nLars,Jensen,l@x.example,EXTRA,MORE\nMia,Berg,m@x.example,,\n');
    expect(records.slice(1)).toEqual([
      ['Anna', 'Young', ''],
      ['Lars', 'Jensen', 'l@x.example', 'EXTRA', 'MORE'],
      // Trailing empty cells past the header (Excel's trailing delimiters) hold nothing to keep.
      ['Mia', 'Berg', 'm@x.example'],
    ]);
  });

  it('skips blank and whitespace-only lines but keeps rows of empty cells', async () => {
    const records = await readAll('\r\n\r\na,b,c\r\n\r\n1,2,3\r\n   \r\n,,\r\n\r\n4,5,6\r\n\r\n');
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['', '', ''],
      ['4', '5', '6'],
    ]);
  });

  it('trims header names, numbers duplicates and names unnamed columns', async () => {
    const records = await readAll(' Email ,Name,email,Email (2),Email,\nx,y,z,w,v,u\n');
    expect(records[0]).toEqual(['Email', 'Name', 'email (2)', 'Email (2) (2)', 'Email (3)', 'Column 6']);
    expect(new Set(records[0]?.map((name) => name.toLowerCase())).size).toBe(6);
  });
});

describe('readLeadFile: files the user must fix', () => {
  it('rejects an empty file, and a file holding only a BOM', async () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('\ufeff')]) {
      const error = await readError(bytes);
      expect(error).toBeInstanceOf(LeadFileError);
      expect(error.name).toBe('LeadFileError');
      expect(error.message).toBe('The file is empty.');
    }
  });

  it('rejects a file of blank lines as having no header', async () => {
    const error = await readError('\r\n  \r\n\r\n');
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toMatch(/no header row/);
  });

  it('rejects a file whose first row is data', async () => {
    const error = await readError('Anna,Young,anna.young@larchmont.example\nLars,Jensen,l@x.example\n');
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toMatch(/no header row/);
    expect(error.message).not.toContain('anna');
  });

  it('rejects a header with no names', async () => {
    const error = await readError(',,\n1,2,3\n');
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toMatch(/no column names/);
  });

  it('says in one line what a file that is not text really is', async () => {
    const files: Array<[number[], RegExp]> = [
      [[0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], /^The file is a ZIP archive \(an \.xlsx workbook is one\): name it \.xlsx/],
      [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00], /Excel 97-2003 workbook \(\.xls\)/],
      [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37], /PDF document/],
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG image/],
      [[0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], /JPEG image/],
      [[0x00, 0x01, 0x02, 0x03, 0x00], /binary data/],
    ];
    for (const [bytes, message] of files) {
      const error = await readError(Buffer.from(bytes));
      expect(error).toBeInstanceOf(LeadFileError);
      expect(error.message).toMatch(message);
      expect(error.message.split('\n')).toHaveLength(1);
    }
  });

  it('reports the line where an unclosed quote starts, and no cell value', async () => {
    const file = 'First Name,Notes\r\nAnna,fine\r\n\r\nLars,"Secret note that never ends\r\nBjörn,more\r\n';
    const error = await readError(file);
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toMatch(/^Line 4: /);
    expect(error.message).not.toMatch(/Secret|Lars|Björn/);
  });

  it('caps a runaway quoted value instead of buffering the rest of the file', async () => {
    const file = `a,b\n1,"${'x,'.repeat(600_000)}\n2,3\n`;
    const error = await readError(file);
    expect(error).toBeInstanceOf(LeadFileError);
    expect(error.message).toMatch(/^Line 2: .*never closed/);
  });

  it('rejects a delimiter that cannot work', async () => {
    const error = await readError('a,b\n', { delimiter: '"' });
    expect(error).toBeInstanceOf(LeadFileError);
  });

  it('passes errors of the source stream through unchanged', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('a,b\n1,2\n');
      throw new Error('connection reset');
    }
    const records: string[][] = [];
    await expect(async () => {
      for await (const record of readLeadFile(failing())) records.push(record);
    }).rejects.toThrow('connection reset');
  });
});

describe('readLeadFile: streaming', () => {
  it('yields rows while the source is still being read, and stops reading when the consumer stops', async () => {
    let chunksRead = 0;
    let sourceClosed = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        let pending = '';
        for (const line of generateLeadRows(100_000)) {
          pending += line;
          if (pending.length >= 16 * 1024) {
            chunksRead++;
            yield Buffer.from(pending);
            pending = '';
          }
        }
        yield Buffer.from(pending);
      } finally {
        sourceClosed = true;
      }
    }
    let records = 0;
    for await (const record of readLeadFile(source())) {
      expect(record).toHaveLength(SAMPLE_HEADER.length);
      if (++records === 1_000) break;
    }
    // 100,000 rows are about 1,000 chunks of 16 KiB; the first thousand rows need only a handful.
    expect(chunksRead).toBeLessThan(50);
    expect(sourceClosed).toBe(true);
  });

  // 20,000 rows (about 4 MB, sixty times the 64 KiB sniffing sample) in one chunk per line. How long 100,000 rows
  // take, and in how much memory, is measured by `npm run bench` (bench/memory.ts), not asserted here.
  it('reads 20,000 generated rows, every one', async () => {
    async function* source(): AsyncGenerator<Buffer> {
      for (const line of generateLeadRows(20_000, 7)) yield Buffer.from(line);
    }
    let rows = -1;
    for await (const record of readLeadFile(source())) {
      if (rows === -1) expect(record[0]).toBe('First Name');
      rows++;
    }
    expect(rows).toBe(20_000);
  });

  it('accepts a Node readable stream of bytes', async () => {
    const { Readable } = await import('node:stream');
    const records: string[][] = [];
    for await (const record of readLeadFile(Readable.from(chunked('a,b\n1,2\n', 3)))) records.push(record);
    expect(records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('readLeadFile: hostile headers', () => {
  it('numbers many equal column names uniquely', async () => {
    const names = Array.from({ length: 1_500 }, (_, i) => (i % 2 === 0 ? 'Email' : 'email (3)'));
    const [header] = await readAll(`${names.join(',')}\n${names.map(() => 'x').join(',')}\n`);
    expect(new Set(header!.map((name) => name.toLowerCase())).size).toBe(1_500);
    expect(header!.slice(0, 4)).toEqual(['Email', 'email (3)', 'Email (2)', 'email (3) (2)']);
  });

  it('refuses more columns than any export has, and a header cell that is data, naming neither by content', async () => {
    const wide = await readError(`${Array.from({ length: 2_001 }, (_, i) => `c${i}`).join(',')}\n`);
    expect(wide.message).toBe('A row has 2,001 cells; Leadflow reads at most 2,000 columns.');
    const long = await readError(`First Name,${'a@b.'.repeat(8_000)}\nAda,x\n`);
    expect(long.message).toBe('Column 2 of the header is longer than 1000 characters: it is not a column name.');
    const row = await readError(`First Name,Last Name\nAda,${Array.from({ length: 2_500 }, () => 'x').join(',')}\n`);
    expect(row.message).toMatch(/^A row has 2,501 cells; Leadflow reads at most 2,000 columns\.$/);
  });
});
