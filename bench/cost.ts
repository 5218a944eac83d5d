// npm run cost [-- ROWS]: the AWS cost per million input rows of a job, for the default three-vendor plan and for
// Leadspace alone, from a local run's own counts (local/usageMeter.ts) at the list prices in
// lambdas/core/awsPrices.ts (docs/cost.md says what is counted and what is not). Each plan runs once on ROWS
// generated rows (default 20,000) in a fresh process and runtime, so every lead is bought (no cache from an earlier
// run); the counts are scaled to a million rows.
import '../local/cli/environment';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeneratedLeads } from '../samples/generateLarge';
import { LocalRuntime } from '../local/runtime';
import { execFileSync } from 'node:child_process';
import { awsCost, scaleUsage, type AwsUsage } from '../lambdas/core/awsCost';
import { AWS_LIST_PRICES } from '../lambdas/core/awsPrices';
import type { Vendor } from '../lambdas/core/plan';

const [rowsArg, child] = process.argv.slice(2);
const rows = Number(rowsArg ?? 20_000);
const PER = 1_000_000;
const PLANS: { name: string; plan?: Vendor[] }[] = [
  { name: 'default plan (Leadspace, LeadGenius, AggKnowledge)' },
  { name: 'Leadspace only', plan: ['leadspace'] },
];

interface Measured {
  usage: AwsUsage;
  uniqueLeads?: number;
  batches?: number;
}

/** One plan's job in this process (a runtime per process: the SDK clients keep the endpoints they were made with). */
async function measure(plan: Vendor[] | undefined): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), 'leadflow-cost-'));
  const runtime = await LocalRuntime.start();
  try {
    const file = join(dir, `leads-${rows}.csv`);
    await writeGeneratedLeads(file, rows, 99);
    const run = await runtime.runJob(file, { ...(plan && { jobOptions: { plan } }) });
    if (run.job.status !== 'COMPLETED') throw new Error(`the job ended ${run.job.status}: ${run.job.failureReason ?? ''}`);
    return { usage: runtime.meter.usage(run.stateTransitions), uniqueLeads: run.job.uniqueLeads, batches: run.job.batchCount };
  } finally {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (child !== undefined) {
  process.stdout.write(`${JSON.stringify(await measure(PLANS[Number(child)]!.plan))}\n`);
  process.exit(0);
}

const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
process.stdout.write(
  `AWS cost per ${PER.toLocaleString('en-US')} input rows at ${AWS_LIST_PRICES.region} list prices of ${AWS_LIST_PRICES.asOf}, from a run of ${rows.toLocaleString('en-US')} generated rows\n`,
);
for (const [index, { name }] of PLANS.entries()) {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/cost.ts', String(rows), String(index)], {
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 << 20,
  });
  const measured = JSON.parse(output.trim().split('\n').at(-1)!) as Measured;
  const lines = awsCost(scaleUsage(measured.usage, PER / rows), AWS_LIST_PRICES);
  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  process.stdout.write(`\n${name}: $${total.toFixed(3)} (the run: ${measured.uniqueLeads} unique leads, ${measured.batches} batches)\n`);
  for (const line of lines) {
    process.stdout.write(`  ${line.service.padEnd(32)} ${format(line.count).padStart(12)} ${line.unit.padEnd(12)} $${line.usd.toFixed(4)}\n`);
  }
}
