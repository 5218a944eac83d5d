import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv, tempDir, writeLeadFile } from './support';

/** Each call gets a state folder of its own unless it passes --state: runs share no cache by accident. */
function leadflow(...args: string[]) {
  const env = { ...process.env, LEADFLOW_STATE: args.includes('--state') ? '' : tempDir() };
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/leadflow.ts', ...args], { encoding: 'utf-8', timeout: 120_000, env });
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
    expect(result.all).toMatch(/ZIP archive .*name it \.xlsx/);
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

  it('keeps the vendor cache in the state folder: a second run of the same file buys nothing, --no-cache buys again', () => {
    const dir = tempDir();
    const state = join(dir, 'state');
    const runs = [[], [], ['--no-cache']].map((extra, i) =>
      leadflow('enrich', 'samples/leads.csv', '--out', join(dir, `out-${i}`), '--state', state, ...extra),
    );
    for (const run of runs) expect(run.code, run.all).toBe(0);
    const billed = runs.map((run) => Number(/leadspace records\s+[\d,]+ sent, ([\d,]+) billed/.exec(run.stdout)![1]!.replace(/,/g, '')));
    expect(billed[0]).toBeGreaterThan(1_000);
    expect(billed[1]).toBe(0);
    expect(runs[1]!.stdout).toMatch(/answered from cache/);
    expect(billed[2]).toBe(billed[0]);
    // The same rows come out of the cache as were bought.
    expect(readCsv(join(dir, 'out-1', 'enriched.csv'))).toEqual(readCsv(join(dir, 'out-0', 'enriched.csv')));
    const jobs = leadflow('jobs', '--state', state);
    expect(jobs.code).toBe(0);
    expect(jobs.stdout.trim().split('\n')).toHaveLength(4);
    expect(jobs.stdout).toMatch(/COMPLETED\s+1200 rows\s+0 billed/);
  });

  it('checks the input and --out before starting anything, in plain words', () => {
    const dir = tempDir();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const busy = join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'notes.txt'), 'mine');
    const cases = [
      [leadflow('enrich', dir), /is a folder, not a lead file/],
      [leadflow('enrich', 'samples/leads.csv', '--out', file), /--out .* is a file/],
      [leadflow('enrich', 'samples/leads.csv', '--out', busy), /holds other files/],
    ] as const;
    for (const [result, message] of cases) {
      expect(result.code, result.all).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.all).not.toMatch(/EEXIST|EISDIR|ENOTDIR/);
      expect(result.all).not.toMatch(STACK_FRAME);
    }
  });

  it('stops on Ctrl+C: nothing more is bought, what was accepted is collected, every row is written (exit 130)', async () => {
    const dir = tempDir();
    const file = writeLeadFile(dir, 1_500, 36);
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/leadflow.ts', 'enrich', file, '--out', join(dir, 'out'), '--plan', 'leadspace'], {
      env: { ...process.env, LEADFLOW_STATE: tempDir(), LEADFLOW_SIMULATOR_DELAY_MS: '4000' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // The first progress line comes once the batches are planned; each is then with Leadspace for seconds.
    const planned = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/RUNNING: \d+\/\d+ batches/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await planned;
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stdout + stderr).toBe(130);
    expect(stderr).toMatch(/Stopping: nothing more is sent/);
    expect(stdout).toMatch(/CANCELLED/);
    expect(stdout).toMatch(/Outputs\s+.*enriched\.csv/);
    const rows = readCsv(join(dir, 'out', 'enriched.csv'));
    expect(rows).toHaveLength(readCsv(file).length);
  }, 120_000);

  it('reports a missing file and a bad option as usage errors (exit 2)', () => {
    const missing = leadflow('enrich', join(tempDir(), 'missing.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/File not found/);
    const badMap = leadflow('enrich', 'samples/leads.csv', '--map', 'emial=Email');
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toMatch(/unknown field "emial"/);
    const badPlan = leadflow('enrich', 'samples/leads.csv', '--plan', 'leadspace,clearbit');
    expect(badPlan.code).toBe(2);
    expect(badPlan.stderr).toMatch(/--plan: must be one of leadspace, leadgenius, aggknowledge/);
    expect(missing.all + badMap.all + badPlan.all).not.toMatch(STACK_FRAME);
  });
});
