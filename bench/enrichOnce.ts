// One measured run: writes an N-row export, enriches it through the local runtime, and reports the peak RSS
// seen while each top-level state ran. Run by bench/memory.ts in a fresh process per size.
import '../local/cli/environment';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { writeGeneratedLeads } from '../samples/generateLarge';
import { LocalRuntime } from '../local/runtime';

const rows = Number(process.argv[2]);
const dir = await mkdtemp(join(tmpdir(), 'leadflow-bench-'));
const file = join(dir, `leads-${rows}.csv`);
await writeGeneratedLeads(file, rows, 99);

const simulator = spawn(process.execPath, ['--import', 'tsx', 'bench/leadspaceSimulatorProcess.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
const [line] = (await once(createInterface({ input: simulator.stdout! }), 'line')) as [string];
const runtime = await LocalRuntime.start({
  externalLeadspaceUrl: (JSON.parse(line) as { url: string }).url,
  context: { maxConcurrentBatches: 20 },
});

const peaks: Record<string, { rss: number; heap: number }> = {};
/** Seconds spent in each top-level state, summed: PlanStep and Batches run once per step of the plan. */
const spent: Record<string, number> = {};
let phase = 'Start';
let enteredAt = Date.now();
const enter = (next: string) => {
  spent[phase] = (spent[phase] ?? 0) + (Date.now() - enteredAt);
  phase = next;
  enteredAt = Date.now();
};
const sample = () => {
  const { rss, heapUsed } = process.memoryUsage();
  const peak = (peaks[phase] ??= { rss: 0, heap: 0 });
  peak.rss = Math.max(peak.rss, rss);
  peak.heap = Math.max(peak.heap, heapUsed);
};
const timer = setInterval(sample, 20);
const jobId = `bench-${rows}`;
const run = await runtime.runJob(file, {
  jobId,
  onEvent: (event) => {
    if (event.execution === jobId && event.type === 'StateEntered' && event.stateName) {
      sample();
      enter(event.stateName);
    }
  },
});
clearInterval(timer);
sample();
enter('End');
await runtime.close();
simulator.stdin!.end();
await rm(dir, { recursive: true, force: true });

const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1024 / 1024);
const seconds = (state: string) => Math.round((spent[state] ?? 0) / 100) / 10;
const phases = ['Prepare', 'PlanStep', 'Batches', 'Merge'] as const;
process.stdout.write(
  `${JSON.stringify({
    rows,
    status: run.job.status,
    seconds: { total: Math.round(run.durationMs / 100) / 10, ...Object.fromEntries(phases.map((p) => [p, seconds(p)])) },
    rssBeforeJobMb: mb(peaks.Start?.rss),
    peakRssMb: Object.fromEntries(phases.map((p) => [p, mb(peaks[p]?.rss)])),
    peakHeapMb: Object.fromEntries(phases.map((p) => [p, mb(peaks[p]?.heap)])),
  })}\n`,
);
process.exit(0);
