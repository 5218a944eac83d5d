/* Vendors failing in the middle (see vendorFaults.test.ts): forged callbacks on genuine signed URLs, and LeadGenius losing its answer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRun, RunJobOptions } from '../../local/runtime';
import { BatchesRepository } from '../../lambdas/aws/batchesRepository';
import {
  attackWhile,
  baseline,
  forgeCallback,
  LEADSPACE_ONLY,
  leadspaceSummary,
  run,
  runtime,
  startFaultRuntime,
  stopFaultRuntime,
  type Outcome,
} from './vendorFaultsSetup';

beforeAll(startFaultRuntime);
afterAll(stopFaultRuntime);

describe('forged callbacks on genuine signed URLs', () => {
  it('change no result, cache entry or job status', async () => {
    const batches = new BatchesRepository(process.env.BATCHES_TABLE!);
    const jobId = 'forged-callbacks-job';
    const otherBulk = (await batches.get(baseline.run.jobId, 's1-b00001')).vendorBulkId!;
    // Every acceptance is lost, so each round waits for the callback naming its bulk while forgeries name others.
    runtime.simulator.setFaults({ acceptThenFailRate: 1 });
    const { result: attacked, attacks: forged } = await attackWhile(
      () => run({ ...LEADSPACE_ONLY, jobId }).finally(() => runtime.simulator.setFaults({})),
      ['s1-b00001', 's1-b00002', 's1-b00003'],
      async (batchId) => {
        const batch = await batches.get(jobId, batchId).catch(() => undefined);
        // A bulk Leadspace does not know, another job's real bulk, and this batch's own bulk with a false status.
        await forgeCallback('leadspace', jobId, batchId, { bulkId: 'forged-bulk', bulkStatus: 'INSUFFICIENT_CREDITS' });
        await forgeCallback('leadspace', jobId, batchId, { bulkId: otherBulk, bulkStatus: 'COMPLETED' });
        if (batch?.vendorBulkId)
          await forgeCallback('leadspace', jobId, batchId, { bulkId: batch.vendorBulkId, bulkStatus: 'INTERNAL_ERROR', successRecords: 0 });
      },
    );
    expect(forged).toBeGreaterThan(3);
    expect(attacked.run.job.status).toBe('COMPLETED');
    expect(attacked.output).toEqual(baseline.output);
    expect(attacked.billed).toBe(baseline.billed);
    expect(leadspaceSummary(attacked)).toMatchObject({ roundsRecovered: attacked.run.job.batchCount, roundsResent: 0 });
    // The cache holds the genuine answers: a run from it writes the same file and buys nothing.
    const cached = await run({ jobOptions: { plan: ['leadspace'] } });
    expect(cached.billed).toBe(0);
    expect(cached.output).toEqual(baseline.output);
  });
});

describe('LeadGenius accepts a bulk job, then its answer is lost', () => {
  const billedNow = () => runtime.leadGenius.stats().billedObjects;
  const leadGeniusSummary = (outcome: Outcome) =>
    (outcome.run.summary?.vendors as Record<string, { recordsBilled: number; roundsRecovered: number; roundsResent: number }>).leadgenius;
  const WATERFALL: RunJobOptions = { jobOptions: { plan: ['leadspace', 'leadgenius'], bypassCache: true } };
  let needed: number;
  let expected: string[][];

  beforeAll(async () => {
    const before = billedNow();
    const clean = await run(WATERFALL);
    needed = billedNow() - before;
    expected = clean.output;
  });

  let lostOverall = 0;
  afterAll(() => {
    // The seeds together lost some acceptances (each job has few LeadGenius batches).
    expect(lostOverall).toBeGreaterThan(0);
  });

  for (const seed of [1, 2, 3]) {
    it(`a 500 after acceptance is recovered from the webhooks' bulk_id, not bought again (seed ${seed})`, async () => {
      runtime.leadGenius.setFaults({ failAfterAccept: 0.7, seed });
      const lostBefore = runtime.leadGenius.stats().acceptedThenFailed;
      const before = billedNow();
      const faulty = await run(WATERFALL);
      runtime.leadGenius.setFaults({});
      const lost = runtime.leadGenius.stats().acceptedThenFailed - lostBefore;
      lostOverall += lost;
      expect(needed).toBeGreaterThan(0);
      expect(faulty.run.job.status).toBe('COMPLETED');
      expect(billedNow() - before).toBe(needed);
      expect(faulty.output).toEqual(expected);
      expect(leadGeniusSummary(faulty)).toMatchObject({ recordsBilled: needed, roundsRecovered: lost, roundsResent: 0 });
    });
  }
});

describe('forged LeadGenius webhooks on genuine signed URLs', () => {
  it('put no address into the results or the cache, and name no bulk that is adopted', async () => {
    const jobId = 'forged-webhooks-job';
    const plan: RunJobOptions = { jobOptions: { plan: ['leadspace', 'leadgenius'], bypassCache: true } };
    const clean = await run(plan);
    // Acceptances are lost too, so the forged bulk_id competes with the genuine one for adoption.
    runtime.leadGenius.setFaults({ failAfterAccept: 1 });
    const before = runtime.leadGenius.stats().billedObjects;
    const { result: attacked, attacks: forged } = await attackWhile(
      () => run({ ...plan, jobId }).finally(() => runtime.leadGenius.setFaults({})),
      ['s2-b00001', 's2-b00002'],
      (batchId) =>
        forgeCallback('leadgenius', jobId, batchId, {
          status: 200,
          webhook_id: '999999;1;attacker@evil.example',
          result: { bulk_id: 999_999, jobid: 1, first: 'Ada', middle: '', last: 'Novak', domain: 'evil.example', email: 'attacker@evil.example' },
        }),
    );
    expect(forged).toBeGreaterThan(2);
    expect(attacked.run.job.status).toBe('COMPLETED');
    expect(attacked.output).toEqual(clean.output);
    expect(JSON.stringify(attacked.output)).not.toContain('evil.example');
    const vendors = (run: JobRun) => run.summary?.vendors as Record<string, { recordsBilled: number; roundsRecovered: number; roundsResent: number }>;
    expect(runtime.leadGenius.stats().billedObjects - before).toBe(vendors(clean.run).leadgenius!.recordsBilled);
    // Every lost acceptance was recovered from the genuine webhook, none from the forged one, none bought again.
    expect(vendors(attacked.run).leadgenius).toMatchObject({ roundsResent: 0 });
    expect(vendors(attacked.run).leadgenius!.roundsRecovered).toBeGreaterThan(0);
    // The cache holds only what LeadGenius's own status listed.
    const cached = await run({ jobOptions: { plan: ['leadspace', 'leadgenius'] } });
    expect(cached.output).toEqual(clean.output);
  });
});
