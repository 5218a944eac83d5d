import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { scanTextEncoding } from '../../lambdas/core/csv/detectEncoding';
import { readLeadFile } from '../../lambdas/core/csv/readLeadFile';

async function* chunks(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('scanTextEncoding', () => {
  const header = 'First Name,Last Name,Company\r\n';
  const asciiRows = Array.from({ length: 4000 }, (_, i) => `Ann${i},Lee,Acme\r\n`).join('');

  it('finds Windows-1252 bytes far beyond the detection sample, so late accented names survive', async () => {
    const text = `${header + asciiRows}Søren,Jürgen,Zoë GmbH\r\n`;
    const bytes = iconv.encode(text, 'windows-1252');
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const encoding = await scanTextEncoding(chunks(bytes, 1000));
    expect(encoding).toBe('windows-1252');
    const rows: string[][] = [];
    for await (const row of readLeadFile(chunks(bytes, 1000), { encoding })) rows.push(row);
    expect(rows.at(-1)).toEqual(['Søren', 'Jürgen', 'Zoë GmbH']);
  });

  it('keeps UTF-8 for a UTF-8 file even when a character straddles two chunks', async () => {
    const bytes = Buffer.from(`${header}Zoë,Øster,Ærø\r\n`, 'utf-8');
    expect(await scanTextEncoding(chunks(bytes, 1))).toBe('utf-8');
  });
});
