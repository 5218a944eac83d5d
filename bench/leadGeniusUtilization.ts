// npm run bench:leadgenius [-- --margin-ms N --scale N --jobs N --rows N]: the share of LeadGenius's allowed
// object rate that concurrent jobs achieve through the shared limiter (bench/leadGeniusLoad.ts), on a clock
// running faster than real time. A measurement, not a test: a loaded machine falls behind the sped-up clock and
// gets less. What must hold everywhere (no limit exceeded, every object once) is test/e2e/leadGeniusLimits.test.ts.
import '../local/cli/environment';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LEADGENIUS_LOAD, achievedObjectRate, busiestHour, runLeadGeniusLoad } from './leadGeniusLoad';

const { values } = parseArgs({
  options: {
    'margin-ms': { type: 'string' },
    scale: { type: 'string' },
    jobs: { type: 'string' },
    rows: { type: 'string' },
  },
});
const number = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value));
const options = {
  ...LEADGENIUS_LOAD,
  marginMs: number(values['margin-ms'], LEADGENIUS_LOAD.marginMs),
  timeScale: number(values.scale, LEADGENIUS_LOAD.timeScale),
  jobs: number(values.jobs, LEADGENIUS_LOAD.jobs),
  rowsPerJob: number(values.rows, LEADGENIUS_LOAD.rowsPerJob),
};

const dir = await mkdtemp(join(tmpdir(), 'leadflow-bench-'));
const started = Date.now();
const { runtime, runs } = await runLeadGeniusLoad(dir, options);
const seconds = (Date.now() - started) / 1000;
const stats = runtime.leadGenius.stats();
await runtime.close();
await rm(dir, { recursive: true, force: true });

const rate = achievedObjectRate(stats.acceptedObjects, options.objectsPerHour);
process.stdout.write(
  `${JSON.stringify({
    bench: 'leadgenius-utilization',
    jobs: options.jobs,
    rowsPerJob: options.rowsPerJob,
    timeScale: options.timeScale,
    marginMs: options.marginMs,
    completed: runs.filter((run) => run.job.status === 'COMPLETED').length,
    objectsAccepted: rate.objects,
    objectsBilled: stats.billedObjects,
    allowedPerHour: options.objectsPerHour,
    achievedPerHour: Math.round(rate.perHour),
    share: Math.round(rate.share * 1000) / 1000,
    busiestHour: busiestHour(stats.acceptedObjects),
    limitViolations: stats.limitViolations,
    realSeconds: Math.round(seconds * 10) / 10,
  })}\n`,
);
process.exit(0);
