// npm run bench:ratio [-- --large] [-- ROWS…] (npm run bench runs it too): `leadflow enrich` against a bare streaming
// csv-parse → csv-stringify pass over the same generated file, alternating the two (bare, enrich, bare, enrich) so a
// change in the machine's load touches both alike. For each size: the median wall time, rows a second and peak RSS of
// each, and their ratio. Each run is a fresh process, started as a user starts it (tsx through bin/lambda-node);
// the enrich runs use a fresh state folder, so every lead is bought (no cross-run cache) as on a first run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeneratedLeads } from '../samples/generateLarge';

const args = process.argv.slice(2);
const large = args.includes('--large');
const given = args.map(Number).filter((n) => n > 0);
const sizes = given.length > 0 ? given : large ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const ROUNDS = 2;

interface Measure {
  seconds: number;
  maxRssMb: number;
  cpuSeconds: number;
}

function measured(command: string[], dir: string): Measure {
  const usageFile = join(dir, `usage-${process.hrtime.bigint()}.json`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', './bench/ratio/usage.ts', ...command], {
    env: { ...process.env, LEADFLOW_BENCH_USAGE: usageFile, LEADFLOW_STATE: mkdtempSync(join(dir, 'state-')) },
    encoding: 'utf-8',
    maxBuffer: 16 << 20,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${command.join(' ')} exited ${run.status}: ${run.stderr.slice(-2_000)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf-8')) as { maxRssKb: number; cpuMs: number };
  return { seconds, maxRssMb: Math.round(usage.maxRssKb / 1024), cpuSeconds: usage.cpuMs / 1000 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const results = [];
for (const rows of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'leadflow-ratio-'));
  try {
    const file = join(dir, `leads-${rows}.csv`);
    await writeGeneratedLeads(file, rows, 99);
    const bare: Measure[] = [];
    const enrich: Measure[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(measured(['--import', 'tsx', 'bench/ratio/barePass.ts', file, join(dir, 'bare.csv')], dir));
      enrich.push(measured(['--import', 'tsx', 'bin/leadflow.ts', 'enrich', file, '--out', join(dir, `out-${i}`)], dir));
    }
    const summary = (runs: Measure[]) => ({
      seconds: round(median(runs.map((r) => r.seconds))),
      rowsPerSecond: Math.round(rows / median(runs.map((r) => r.seconds))),
      cpuSeconds: round(median(runs.map((r) => r.cpuSeconds))),
      peakRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    });
    const b = summary(bare);
    const e = summary(enrich);
    const result = { rows, bare: b, enrich: e, ratio: round(e.seconds / b.seconds) };
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (results.length > 1) {
  const [first, last] = [results[0]!, results.at(-1)!];
  process.stdout.write(
    `${JSON.stringify({ peakRssGrowth: `${last.rows}/${first.rows} rows: ${round(last.enrich.peakRssMb / first.enrich.peakRssMb, 2)}× peak RSS` })}\n`,
  );
}
