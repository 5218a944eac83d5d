/*
 * Vendors failing in the middle, not at the door, each fault with three seeds: Leadspace accepts a bulk and then
 * answers 5XX or too slowly, runs out of credits while bulks run in parallel, loses the account's credentials, or
 * receives forged callbacks; LeadGenius answers 500 after accepting; the user cancels a running job. Billing is
 * judged by the simulator's own count of what it charged, never by what Leadflow believes it read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LocalRuntime, type JobRun, type RunJobOptions } from '../../local/runtime';
import { BatchesRepository } from '../../lambdas/aws/batchesRepository';
import { JobsRepository } from '../../lambdas/aws/jobsRepository';
import { documentClient } from '../../lambdas/aws/clients';
import { signCallback } from '../../lambdas/core/callbackSignature';
import { keyOf, readCsv, tempDir, writeLeadFile } from './support';

const ROWS = 1_500;
const LEADSPACE_ONLY: RunJobOptions = { jobOptions: { plan: ['leadspace'], bypassCache: true } };

interface Outcome {
  run: JobRun;
  output: string[][];
  jsonl: Array<{ steps: Array<{ vendor: string; status: string }> }>;
  billed: number;
}

let runtime: LocalRuntime;
let dir: string;
let file: string;
let baseline: Outcome;
let runs = 0;

async function run(options: RunJobOptions = LEADSPACE_ONLY, input = file): Promise<Outcome> {
  const before = runtime.simulator.stats().billedRecords;
  const result = await runtime.runJob(input, options);
  const [csv, jsonl] = await runtime.downloadOutputs(result.job, join(dir, `run-${++runs}`));
  return {
    run: result,
    output: readCsv(csv!),
    jsonl: readFileSync(jsonl!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Outcome['jsonl'][number]),
    billed: runtime.simulator.stats().billedRecords - before,
  };
}

const leadspaceSummary = (outcome: Outcome) =>
  (outcome.run.summary?.vendors as Record<string, { recordsBilled: number; roundsRecovered: number; roundsResent: number }>).leadspace;

beforeAll(async () => {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS, 21);
  // A short client timeout, so an acceptance answered slowly is lost within the test (every other answer of the
  // embedded simulators comes well within it, even on a loaded machine).
  runtime = await LocalRuntime.start({ context: { vendorRequestTimeoutSeconds: 5 } });
  baseline = await run();
});

afterAll(async () => {
  await runtime?.close();
});

describe('Leadspace accepts a bulk, then its answer is lost', () => {
  it('baseline: every row once, billed as the simulator counts it', () => {
    expect(baseline.run.job.status).toBe('COMPLETED');
    expect(baseline.output).toHaveLength(ROWS + 1);
    expect(baseline.billed).toBeGreaterThan(ROWS / 2);
    expect(leadspaceSummary(baseline).recordsBilled).toBe(baseline.billed);
  });

  // Leadspace accepted the bulk (and bills it) but its answer is lost: a 5XX instead of the 202, or a 202 after the client gave up.
  const LOST_ANSWERS = [
    { fault: 'a 5XX after acceptance', faults: { acceptThenFailRate: 0.5 }, lostStat: 'acceptedThenFailed' },
    { fault: 'an acceptance answered after the client gave up', faults: { slowAcceptMs: 8_000, slowAcceptRate: 0.6 }, lostStat: 'acceptedSlowly' },
  ] as const;
  for (const { fault, faults, lostStat } of LOST_ANSWERS) {
    for (const seed of [1, 2, 3]) {
      it(`${fault} is recovered from the callback: nothing bought twice, nothing lost (seed ${seed})`, async () => {
        runtime.simulator.setFaults({ ...faults, seed });
        const lostBefore = runtime.simulator.stats()[lostStat];
        const faulty = await run();
        runtime.simulator.setFaults({});
        const lost = runtime.simulator.stats()[lostStat] - lostBefore;
        expect(lost).toBeGreaterThan(0);
        expect(faulty.run.job.status).toBe('COMPLETED');
        expect(faulty.billed).toBe(baseline.billed);
        expect(faulty.output).toEqual(baseline.output);
        // The summary says what the vendor charged, and how the lost acceptances were recovered.
        expect(leadspaceSummary(faulty)).toMatchObject({ recordsBilled: faulty.billed, roundsRecovered: lost, roundsResent: 0 });
      });
    }
  }
});

/** Distinct leads of `file` whose row carries Leadspace's answer: every one was a record billed. */
function leadsAnswered(outcome: Outcome, file: string): number {
  const [header, ...input] = readCsv(file);
  return new Set(
    outcome.jsonl.flatMap((row, i) => {
      const step = row.steps.find((s) => s.vendor === 'leadspace');
      return step && ['enriched', 'partially_enriched', 'not_found'].includes(step.status) ? [keyOf(header!, input[i]!)] : [];
    }),
  ).size;
}

/**
 * Empties the cross-job cache. The generated files draw names and companies from finite pools, so two files share
 * some leads: without this, a rerun would find those in the cache from another file's run and buy fewer than a
 * run that ignores the cache, and the comparison would depend on which bulks ran out of credits.
 */
async function emptyCache(): Promise<void> {
  const client = documentClient();
  const items = (await client.send(new ScanCommand({ TableName: process.env.CACHE_TABLE, ProjectionExpression: 'cacheKey' }))).Items ?? [];
  for (const item of items) await client.send(new DeleteCommand({ TableName: process.env.CACHE_TABLE, Key: { cacheKey: item.cacheKey } }));
}

/** Resolves once the simulator has accepted `count` bulks more than `from`. */
async function bulksAccepted(from: number, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (runtime.simulator.stats().bulksAccepted < from + count) {
    if (Date.now() > deadline) throw new Error('the bulks were never accepted');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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

describe('forged callbacks on genuine signed URLs', () => {
  it('change no result, cache entry or job status', async () => {
    const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.CALLBACK_SIGNING_SECRET_ID }));
    const key = secret.SecretString!;
    const batches = new BatchesRepository(process.env.BATCHES_TABLE!);
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const forge = async (jobId: string, batchId: string, body: unknown) => {
      const sig = signCallback(key, { vendor: 'leadspace', jobId, batchId, round: 1, expiresAt });
      const url = `${process.env.CALLBACK_BASE_URL}/callbacks/leadspace/${jobId}/${batchId}?round=1&exp=${expiresAt}&sig=${encodeURIComponent(sig)}`;
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
    };
    const jobId = 'forged-callbacks-job';
    const otherBulk = (await batches.get(baseline.run.jobId, 's1-b00001')).vendorBulkId!;
    let done = false;
    let forged = 0;
    const attacker = (async () => {
      while (!done) {
        for (const batchId of ['s1-b00001', 's1-b00002', 's1-b00003']) {
          const batch = await batches.get(jobId, batchId).catch(() => undefined);
          // A bulk Leadspace does not know, another job's real bulk, and this batch's own bulk with a false status.
          await forge(jobId, batchId, { bulkId: 'forged-bulk', bulkStatus: 'INSUFFICIENT_CREDITS' });
          await forge(jobId, batchId, { bulkId: otherBulk, bulkStatus: 'COMPLETED' });
          if (batch?.vendorBulkId) await forge(jobId, batchId, { bulkId: batch.vendorBulkId, bulkStatus: 'INTERNAL_ERROR', successRecords: 0 });
          forged += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // Every acceptance is lost, so each round waits for the callback naming its bulk while forgeries name others.
    runtime.simulator.setFaults({ acceptThenFailRate: 1 });
    const attacked = await run({ ...LEADSPACE_ONLY, jobId }).finally(() => runtime.simulator.setFaults({}));
    done = true;
    await attacker;
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
    const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.CALLBACK_SIGNING_SECRET_ID }));
    const key = secret.SecretString!;
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const jobId = 'forged-webhooks-job';
    const plan: RunJobOptions = { jobOptions: { plan: ['leadspace', 'leadgenius'], bypassCache: true } };
    const clean = await run(plan);
    let done = false;
    let forged = 0;
    const attacker = (async () => {
      while (!done) {
        for (const batchId of ['s2-b00001', 's2-b00002']) {
          const sig = signCallback(key, { vendor: 'leadgenius', jobId, batchId, round: 1, expiresAt });
          const url = `${process.env.CALLBACK_BASE_URL}/callbacks/leadgenius/${jobId}/${batchId}?round=1&exp=${expiresAt}&sig=${encodeURIComponent(sig)}`;
          const body = {
            status: 200,
            webhook_id: '999999;1;attacker@evil.example',
            result: { bulk_id: 999_999, jobid: 1, first: 'Ada', middle: '', last: 'Novak', domain: 'evil.example', email: 'attacker@evil.example' },
          };
          await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
          forged += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // Acceptances are lost too, so the forged bulk_id competes with the genuine one for adoption.
    runtime.leadGenius.setFaults({ failAfterAccept: 1 });
    const before = runtime.leadGenius.stats().billedObjects;
    const attacked = await run({ ...plan, jobId }).finally(() => runtime.leadGenius.setFaults({}));
    done = true;
    await attacker;
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
