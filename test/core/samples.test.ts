import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapColumns, type ColumnMapping } from '../../lambdas/core/columnMapping';
import { readLeadFile } from '../../lambdas/core/csv/readLeadFile';
import { leadFromRow } from '../../lambdas/core/leadFromRow';
import { leadKey } from '../../lambdas/core/leadKey';
import { SAMPLE_HEADER, generateLeadRows } from '../../samples/generateLarge';
import { chunked } from './support';

const SAMPLE_FILE = fileURLToPath(new URL('../../samples/leads.csv', import.meta.url));

describe('generateLeadRows', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = [...generateLeadRows(200, 1)].join('');
    expect([...generateLeadRows(200, 1)].join('')).toBe(a);
    expect([...generateLeadRows(200, 2)].join('')).not.toBe(a);
  });
});

describe('samples/leads.csv', () => {
  const bytes = readFileSync(SAMPLE_FILE);

  it('is what generate.ts writes: a BOM, then the generated lines', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe([...generateLeadRows(1_200)].join(''));
  });

  it('uses CRLF line endings and contains the messy parts it promises', () => {
    const text = bytes.toString('utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(1_200);
    expect(text).toMatch(/"[^"\r\n]*\n[^"]*"/); // a quoted multi-line note
    expect(text).toContain('""'); // an escaped quote
    expect(text).toMatch(/"[^",]+, Inc\."/); // a quoted comma in a company name
    expect(text).toContain('\r\n\r\n'); // blank lines
    for (const name of ['Søren', 'Zoë', 'Jürgen', 'José', 'François']) expect(text).toContain(name);
    expect(text).not.toMatch(/@[a-z0-9-]+\.(com|net|org)\b/); // fictional domains only
  });

  it('reads as 1,200 rows: mostly enrichable, some duplicates, a few unusable', async () => {
    let mapping: ColumnMapping | undefined;
    let rows = 0;
    const reasons = new Map<string, number>();
    const keys = new Set<string>();
    let accepted = 0;
    for await (const record of readLeadFile(createReadStream(SAMPLE_FILE))) {
      if (mapping === undefined) {
        expect(record).toEqual([...SAMPLE_HEADER]);
        mapping = mapColumns(record);
        continue;
      }
      rows++;
      const result = leadFromRow(record, mapping);
      if (result.ok) {
        accepted++;
        keys.add(leadKey(result.lead));
      } else {
        reasons.set(result.reason, (reasons.get(result.reason) ?? 0) + 1);
      }
    }
    expect(rows).toBe(1_200);
    const rejected = rows - accepted;
    expect(rejected / rows).toBeGreaterThan(0.015);
    expect(rejected / rows).toBeLessThan(0.05);
    expect([...reasons.keys()].sort()).toEqual(['invalid email', 'missing company, email and website', 'missing last name']);
    const duplicates = accepted - keys.size;
    expect(duplicates / rows).toBeGreaterThan(0.06);
    expect(duplicates / rows).toBeLessThan(0.12);
  });

  it('dedupes a same-person row written with different case and spacing', async () => {
    // Rows the generator marks with this note are re-visits of an earlier person.
    let mapping: ColumnMapping | undefined;
    const seen = new Set<string>();
    let revisits = 0;
    for await (const record of readLeadFile(chunked(bytes))) {
      if (mapping === undefined) {
        mapping = mapColumns(record);
        continue;
      }
      const result = leadFromRow(record, mapping);
      if (!result.ok) continue;
      const key = leadKey(result.lead);
      if (record[11] === 'Came back to the booth on day 2') {
        revisits++;
        expect(seen.has(key)).toBe(true);
      }
      seen.add(key);
    }
    expect(revisits).toBeGreaterThan(10);
  });
});
