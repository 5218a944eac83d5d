// npm run bench:latency [-- --rows N --bulk-minutes M --scale S --vendor leadspace|leadgenius]: state transitions per
// batch when the vendor takes minutes per bulk, as a real account does (LeadGenius under its documented limits:
// 5,000 objects an hour, one status call a minute, 60 an hour), with the deployed waits (pollIntervalSeconds, backoffMaxSeconds,
// awaitCallbackSeconds at their defaults) on a clock running S times faster. A measurement for issue 16's goal (≤ 10 transitions
// per batch with five-minute bulks), not a test: a loaded machine falls behind the sped-up clock.
import '../local/cli/environment';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalRuntime } from '../local/runtime';
import { writeGeneratedLeads } from '../samples/generateLarge';
import { writePeople } from './leadGeniusLoad';
import { SETTINGS } from '../lambdas/core/settings';

/** The waits a deployment has by default (lambdas/core/settings.ts), instead of the local runtime's short ones. */
const DEPLOYED = ['pollIntervalSeconds', 'backoffMaxSeconds', 'awaitCallbackSeconds'] as const;

const { values } = parseArgs({
  options: { rows: { type: 'string' }, 'bulk-minutes': { type: 'string' }, scale: { type: 'string' }, vendor: { type: 'string' } },
});
const vendor = values.vendor === 'leadgenius' ? 'leadgenius' : 'leadspace';
const rows = Number(values.rows ?? 5_000);
const bulkMinutes = Number(values['bulk-minutes'] ?? 5);
const timeScale = Number(values.scale ?? 120);

const dir = await mkdtemp(join(tmpdir(), 'leadflow-latency-'));
// The simulator's bulk delay is in real milliseconds; on the scaled clock it lasts timeScale times longer.
const delay = { processingDelayMs: (bulkMinutes * 60_000) / timeScale };
const runtime = await LocalRuntime.start({
  timeScale,
  context: {
    ...Object.fromEntries(DEPLOYED.map((name) => [name, SETTINGS[name].default])),
    ...(vendor === 'leadgenius' && { leadGeniusObjectsPerHour: 5_000, leadGeniusStatusPerMinute: 1, leadGeniusStatusPerHour: 60 }),
  },
  simulator: delay,
  leadGenius: delay,
});
try {
  const file = vendor === 'leadgenius' ? writePeople(dir, 0, rows) : join(dir, `leads-${rows}.csv`);
  if (vendor === 'leadspace') await writeGeneratedLeads(file, rows, 16);
  const started = Date.now();
  const run = await runtime.runJob(file, { jobOptions: { plan: [vendor] } });
  const batches = run.job.batchCount ?? 0;
  const perState = new Map<string, number>();
  for (const event of run.history)
    if (event.type.endsWith('StateEntered') && event.stateName) perState.set(event.stateName, (perState.get(event.stateName) ?? 0) + 1);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'latency',
      vendor,
      rows,
      bulkMinutes,
      timeScale,
      status: run.job.status,
      batches,
      stateTransitions: run.stateTransitions,
      transitionsPerBatch: Number((run.stateTransitions / Math.max(1, batches)).toFixed(1)),
      byState: Object.fromEntries([...perState].sort(([, a], [, b]) => b - a)),
      wallSeconds: (Date.now() - started) / 1000,
    })}\n`,
  );
} finally {
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
}
