import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, tempDir, writeLeadFile } from './support';

function leadflow(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/leadflow.ts', ...args], { encoding: 'utf-8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: result.stdout + result.stderr };
}

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

describe('leadflow enrich', () => {
  it('enriches a file, prints a readable summary and writes the four outputs', () => {
    const dir = tempDir();
    const file = writeLeadFile(dir, 300, 5);
    const out = join(dir, 'out');
    const result = leadflow('enrich', file, '--out', out);
    expect(result.code, result.all).toBe(0);
    expect(result.stdout).toMatch(/COMPLETED/);
    expect(result.stdout).toMatch(/Rows by status/);
    expect(result.stdout).toMatch(/leadspace records\s+[\d,]+ sent, [\d,]+ billed/);
    expect(result.stdout).toMatch(/State transitions\s+\d+/);
    for (const name of ['enriched.csv', 'enriched.jsonl', 'rejected.csv', 'summary.json']) expect(existsSync(join(out, name))).toBe(true);
    expect(readCsv(join(out, 'enriched.csv'))).toHaveLength(readCsv(file).length);
  });

  it('explains a file that is not a lead list and exits non-zero, without a stack trace', () => {
    const file = join(tempDir(), 'export.csv');
    writeFileSync(file, Buffer.from('PK\u0003\u0004\u0000\u0000binary workbook', 'latin1'));
    const result = leadflow('enrich', file, '--out', join(tempDir(), 'out'));
    expect(result.code).toBe(1);
    expect(result.all).toMatch(/FAILED/);
    expect(result.all).toMatch(/binary|not a CSV/i);
    expect(result.all).not.toMatch(STACK_FRAME);
  });

  it('shows the column mapping first, and stops a file it cannot map before buying anything (exit 2, the --map to use)', () => {
    const dir = tempDir();
    const file = join(dir, 'crm.csv');
    writeFileSync(file, 'Ref,Kontakt,Adresse,Country\nA-1,Ada Novak,ada@novak.example,DE\nA-2,Bo Lind,bo@lind.example,SE\n');
    const refused = leadflow('enrich', file, '--out', join(dir, 'out'));
    expect(refused.code, refused.all).toBe(2);
    expect(refused.stderr).toMatch(/Column mapping \(field <- column\):\n\s+country\s+<- column 4 "Country"/);
    expect(refused.stdout).toMatch(/reason: No column of the file maps to a name, an email or a website/);
    expect(refused.stdout).toMatch(/--map field=Header/);
    expect(refused.stdout).toMatch(/leadspace records\s+0 sent, 0 billed/);
    // The mapping it points to runs the file.
    const mapped = leadflow('enrich', file, '--out', join(dir, 'mapped'), '--map', 'fullName=Kontakt', '--map', 'email=Adresse');
    expect(mapped.code, mapped.all).toBe(0);
    expect(mapped.stderr).toMatch(/fullName\s+<- column 2 "Kontakt" \(split into first and last name\)/);
  });

  it('reports a missing file and a bad option as usage errors (exit 2)', () => {
    const missing = leadflow('enrich', join(tempDir(), 'missing.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/File not found/);
    const badMap = leadflow('enrich', 'samples/leads.csv', '--map', 'emial=Email');
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/unknown field "emial"/);
    expect(missing.all + badMap.all).not.toMatch(STACK_FRAME);
  });
});
