/*
 * Several jobs sharing one LeadGenius API key, each with many concurrent batches, on a clock running faster than
 * real time (Leadflow's shared limiter, the simulator's limit windows and the state machine's waits alike), so
 * the documented limits (5,000 objects an hour, bulk status once a minute and 60 times an hour) are exercised
 * as they are. test/e2e/leadGeniusLimits.test.ts runs it and checks what must hold on any machine (every object
 * processed once, no limit exceeded); `npm run bench:leadgenius` runs it and reports the share of the allowed
 * object rate achieved, which depends on how fast the machine keeps up with the sped-up clock.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalRuntime, type JobRun } from '../local/runtime';
import { letters } from '../samples/generateLarge';

export interface LeadGeniusLoadOptions {
  /** how many times faster than real time the clock runs (300: an hour in twelve seconds) */
  timeScale: number;
  jobs: number;
  /** rows per job; every row needs LeadGenius */
  rowsPerJob: number;
  /** the contract: the documented 5,000 */
  objectsPerHour: number;
  /**
   * vendorLimitMarginMs: covers the time from grant to arrival, which the scaled clock stretches: 180 s at a
   * scale of 300 is 600 ms of real time (it costs about 5% of the rate: 3,780 s windows, not 3,600).
   */
  marginMs: number;
}

/** Three hours of work at the documented rate: the limit, not the machine, decides how long this takes. */
export const LEADGENIUS_LOAD: LeadGeniusLoadOptions = {
  timeScale: 300,
  jobs: 3,
  rowsPerJob: 5_000,
  objectsPerHour: 5_000,
  marginMs: 180_000,
};

export const HOUR_MS = 3_600_000;

/** People with a name and a company domain but no email: every one needs LeadGenius. */
/** A file of people LeadGenius is asked about: names and a website, no email (each job's leads its own). */
export function writePeople(dir: string, job: number, rows: number): string {
  const lines = ['First Name,Last Name,Website'];
  for (let i = 0; i < rows; i++) {
    const n = job * rows + i;
    lines.push(`Ann${letters(n)},Lee${letters(n * 7 + 3)},www.co-${Math.floor(n / 4)}.example`);
  }
  const file = join(dir, `people-${job}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Starts a runtime with the documented LeadGenius contract and runs the jobs at once, plan LeadGenius only. */
export async function runLeadGeniusLoad(dir: string, options: LeadGeniusLoadOptions = LEADGENIUS_LOAD): Promise<{ runtime: LocalRuntime; runs: JobRun[] }> {
  const runtime = await LocalRuntime.start({
    timeScale: options.timeScale,
    // The documented contract (the local default relaxes it), and room for every batch at once.
    context: {
      leadGeniusObjectsPerHour: options.objectsPerHour,
      leadGeniusStatusPerMinute: 1,
      leadGeniusStatusPerHour: 60,
      maxConcurrentBatches: 40,
      vendorLimitMarginMs: options.marginMs,
    },
    // Webhooks are not what is measured here; the status call carries every email too.
    leadGenius: { processingDelayMs: 20, faults: { dropWebhooks: true } },
  });
  try {
    const runs = await Promise.all(
      Array.from({ length: options.jobs }, (_, job) => runtime.runJob(writePeople(dir, job, options.rowsPerJob), { jobOptions: { plan: ['leadgenius'] } })),
    );
    return { runtime, runs };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/**
 * The object rate the simulator accepted, on its (scaled) clock. A full hour's worth can go at once; each further
 * hour's worth waits for the window to move on. So N objects (a multiple of the hourly limit) need at best
 * N / limit hours, counted from the first acceptance to one hour after the last: a share of exactly 1 with no
 * margin and no latency, and never more without exceeding the limit.
 */
export function achievedObjectRate(accepted: ReadonlyArray<{ at: number; count: number }>, objectsPerHour: number) {
  const sorted = [...accepted].sort((a, b) => a.at - b.at);
  const objects = sorted.reduce((sum, a) => sum + a.count, 0);
  if (sorted.length === 0) return { objects, perHour: 0, share: 0 };
  const span = sorted.at(-1)!.at - sorted[0]!.at + HOUR_MS;
  const perHour = (objects / span) * HOUR_MS;
  return { objects, perHour, share: perHour / objectsPerHour };
}

/** The most objects accepted in any window of an hour: never above the limit. */
export function busiestHour(accepted: ReadonlyArray<{ at: number; count: number }>): number {
  const sorted = [...accepted].sort((a, b) => a.at - b.at);
  let most = 0;
  let inWindow = 0;
  let start = 0;
  for (const acceptance of sorted) {
    inWindow += acceptance.count;
    while (sorted[start]!.at <= acceptance.at - HOUR_MS) inWindow -= sorted[start++]!.count;
    most = Math.max(most, inWindow);
  }
  return most;
}
