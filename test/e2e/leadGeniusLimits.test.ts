/*
 * LeadGenius limits hold across all running jobs, not per execution: several jobs, each with many concurrent
 * batches, share one API key, on a clock running 300 times faster (bench/leadGeniusLoad.ts), so the documented
 * limits (5,000 objects an hour, bulk status once a minute and 60 times an hour) are exercised as they are.
 *
 * What is checked is what must hold on any machine: every object is processed once and no limit is exceeded.
 * How much of the allowed rate the jobs achieve depends on the machine keeping up with the sped-up clock: that
 * is measured by `npm run bench:leadgenius`, not asserted here. The scaled clock moves on with the event loop,
 * not the wall (local/scaledClock.ts), so a loaded machine slows it rather than stretching the time between a
 * grant and its arrival at the simulator. The margin is still wider than the bench's (6 minutes of the scaled
 * clock against 3): it costs rate, which is not what this test is about.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRun, LocalRuntime } from '../../local/runtime';
import { LEADGENIUS_LOAD, achievedObjectRate, busiestHour, runLeadGeniusLoad } from '../../bench/leadGeniusLoad';
import { tempDir } from './support';

const LOAD = { ...LEADGENIUS_LOAD, marginMs: 360_000 };
const { jobs: JOBS, rowsPerJob: ROWS_PER_JOB, objectsPerHour: OBJECTS_PER_HOUR } = LOAD;

let runtime: LocalRuntime;
let runs: JobRun[];

beforeAll(async () => {
  ({ runtime, runs } = await runLeadGeniusLoad(tempDir(), LOAD));
}, 600_000);

afterAll(async () => {
  await runtime?.close();
});

describe('LeadGenius limits shared by concurrent jobs', () => {
  it('finishes every job with every object processed once', () => {
    for (const run of runs) {
      expect(run.job.status).toBe('COMPLETED');
      expect(run.summary?.vendors).toMatchObject({ leadgenius: { recordsSent: ROWS_PER_JOB, recordsBilled: ROWS_PER_JOB } });
    }
    expect(runtime.leadGenius.stats().billedObjects).toBe(JOBS * ROWS_PER_JOB);
  });

  it('never exceeds a limit: the simulator refused nothing', () => {
    const stats = runtime.leadGenius.stats();
    expect(stats.limitViolations).toEqual({ objects: 0, status: 0 });
    expect(stats.rejected[429] ?? 0).toBe(0);
  });

  it('never sends more than an hour allows: no hour of the acceptance log holds more, and the rate stays within it', () => {
    const accepted = runtime.leadGenius.stats().acceptedObjects;
    const { objects, share } = achievedObjectRate(accepted, OBJECTS_PER_HOUR);
    console.info(`LeadGenius achieved ${(share * 100).toFixed(1)}% of ${OBJECTS_PER_HOUR} objects/hour (a measurement: npm run bench:leadgenius)`);
    // Work waited: more than an hour's worth was sent, all of it accepted once.
    expect(objects).toBe(JOBS * ROWS_PER_JOB);
    expect(objects).toBeGreaterThanOrEqual(3 * OBJECTS_PER_HOUR);
    expect(busiestHour(accepted)).toBeLessThanOrEqual(OBJECTS_PER_HOUR);
    expect(share).toBeLessThanOrEqual(1);
  });
});
