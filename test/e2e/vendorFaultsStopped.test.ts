/* Vendors failing in the middle (see vendorFaults.test.ts): Leadspace's credits, the user's patience, the account's credentials. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { JobsRepository } from '../../lambdas/aws/jobsRepository';
import { documentClient } from '../../lambdas/aws/clients';
import { readCsv, writeLeadFile } from './support';
import {
  baseline,
  dir,
  file,
  LEADSPACE_ONLY,
  leadspaceSummary,
  ROWS,
  run,
  runtime,
  startFaultRuntime,
  stopFaultRuntime,
  bulksAccepted,
  emptyCache,
  leadsAnswered,
} from './vendorFaultsSetup';

beforeAll(startFaultRuntime);
afterAll(stopFaultRuntime);

describe('Leadspace runs out of credits while bulks run in parallel', () => {
  for (const [seed, share] of [
    [1, 0.3],
    [2, 0.6],
    [3, 0.85],
  ] as const) {
    it(`keeps every record it billed, marks the rest, ends PARTIAL; a rerun buys only the rest (seed ${seed}: credits for ${share * 100}%)`, async () => {
      // A file of its own, and a cache that holds nothing of it yet.
      const fresh = writeLeadFile(dir, ROWS, 21 + seed);
      await emptyCache();
      const credits = Math.floor(baseline.billed * share);
      runtime.simulator.setCredits(credits);
      const short = await run(LEADSPACE_ONLY, fresh);
      // A bulk larger than the credits left is refused whole (427), one accepted with too few stops halfway.
      expect(short.billed).toBeGreaterThan(0);
      expect(short.billed).toBeLessThanOrEqual(credits);
      expect(short.run.job.status).toBe('PARTIAL');
      expect(short.run.job.failureReason).toMatch(/credits/i);
      expect(leadspaceSummary(short).recordsBilled).toBe(short.billed);
      // Every record billed is in the output: as many distinct leads carry Leadspace's answer as were billed.
      expect(leadsAnswered(short, fresh)).toBe(short.billed);
      const status = short.output[0]!.indexOf('status');
      expect(short.output.slice(1).filter((r) => r[status] === 'failed: vendor out of credits').length).toBeGreaterThan(0);
      expect(short.output).toHaveLength(ROWS + 1);

      runtime.simulator.setCredits(Number.POSITIVE_INFINITY);
      const rest = await run({ jobOptions: { plan: ['leadspace'] } }, fresh);
      expect(rest.run.job.status).toBe('COMPLETED');
      // What the whole file needs, asked again without the cache: the two runs together bought exactly that.
      const full = await run(LEADSPACE_ONLY, fresh);
      expect(short.billed + rest.billed).toBe(full.billed);
      expect(rest.output).toEqual(full.output);
    });
  }
});

describe('the user cancels a running job', () => {
  afterAll(async () => {
    await runtime.replaceSimulator({});
  });

  for (const [seed, accepted] of [
    [1, 1],
    [2, 2],
    [3, 3],
  ] as const) {
    it(`stops buying, collects every bulk Leadspace accepted, every record billed in the output (seed ${seed}: after ${accepted} bulks)`, async () => {
      await runtime.replaceSimulator({ processingDelayMs: 3_000 });
      const jobId = `cancelled-job-${seed}`;
      const running = run({ ...LEADSPACE_ONLY, jobId });
      await bulksAccepted(0, accepted);
      expect(await new JobsRepository(process.env.JOBS_TABLE!, 14).requestCancel(jobId, new Date())).toBe(true);
      const cancelled = await running;
      expect(cancelled.run.job.status).toBe('CANCELLED');
      expect(cancelled.output).toHaveLength(ROWS + 1);
      expect(leadspaceSummary(cancelled).recordsBilled).toBe(cancelled.billed);
      expect(leadsAnswered(cancelled, file)).toBe(cancelled.billed);
      // Each bulk Leadspace accepted is one batch of the job, collected: nothing was bought twice.
      expect(runtime.simulator.stats().bulksAccepted).toBeLessThanOrEqual(cancelled.run.job.batchCount!);
      const status = cancelled.output[0]!.indexOf('status');
      for (const row of cancelled.output.slice(1)) expect(row[status]).not.toMatch(/^failed: (?!cancelled|not found)/);
    });
  }
});

describe('Leadspace credentials withdrawn while bulks are processing', () => {
  const heldBy = async (jobId: string) => {
    const items = (await documentClient().send(new ScanCommand({ TableName: process.env.LIMITS_TABLE }))).Items ?? [];
    return items.flatMap((item) => (item.holds ?? []) as Array<[string, number, number]>).filter(([holder]) => holder.endsWith(`@${jobId}`));
  };

  for (const [seed, accepted] of [
    [1, 1],
    [2, 2],
    [3, 3],
  ] as const) {
    it(`the job fails with the reason; resumed after the fix, it buys nothing twice and loses nothing (seed ${seed}: after ${accepted} bulks)`, async () => {
      const simulator = await runtime.replaceSimulator({ processingDelayMs: 5_000 });
      const jobId = `credentials-withdrawn-job-${seed}`;
      const stopped = run({ ...LEADSPACE_ONLY, jobId });
      // Once bulks are with Leadspace (and being billed), the account's credentials go.
      await bulksAccepted(0, accepted);
      simulator.setFaults({ credentialsWithdrawn: true });
      const failed = await stopped;
      expect(failed.run.job.status).toBe('FAILED');
      expect(failed.run.job.failureReason).toMatch(/401/);
      // The stopped job gives its share of the account's backlog back at once.
      expect(await heldBy(jobId)).toEqual([]);

      simulator.setFaults({});
      const resumed = await runtime.followUp(jobId, 'resume');
      expect(resumed?.job.status).toBe('COMPLETED');
      // Bulks accepted before the failure were polled by the ids stored, never sent again; the others were sent once.
      expect(simulator.stats().bulksAccepted).toBe(resumed!.job.batchCount);
      expect(simulator.stats().billedRecords).toBe(baseline.billed);
      const [csv] = await runtime.downloadOutputs(resumed!.job, join(dir, `resumed-${seed}`));
      expect(readCsv(csv!)).toEqual(baseline.output);
      expect(leadspaceSummary({ ...failed, run: resumed! }).recordsBilled).toBe(baseline.billed);
      // Only a stopped job resumes.
      expect(await runtime.followUp(jobId, 'resume')).toBeUndefined();
      await runtime.replaceSimulator({});
    });
  }
});
