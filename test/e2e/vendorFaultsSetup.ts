import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { signCallback } from '../../lambdas/core/callbackSignature';
import { join } from 'node:path';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LocalRuntime, type JobRun, type RunJobOptions } from '../../local/runtime';
import { documentClient } from '../../lambdas/aws/clients';
import { keyOf, readCsv, tempDir, writeLeadFile, readJsonl } from './support';

export const ROWS = 1_500;
export const LEADSPACE_ONLY: RunJobOptions = { jobOptions: { plan: ['leadspace'], bypassCache: true } };

export interface Outcome {
  run: JobRun;
  output: string[][];
  jsonl: Array<{ steps: Array<{ vendor: string; status: string }> }>;
  billed: number;
}

/* Live bindings: the test files read them after startFaultRuntime has set them. */
export let runtime: LocalRuntime;
export let dir: string;
export let file: string;
export let baseline: Outcome;
let runs = 0;

export async function run(options: RunJobOptions = LEADSPACE_ONLY, input = file): Promise<Outcome> {
  const before = runtime.simulator.stats().billedRecords;
  const result = await runtime.runJob(input, options);
  const [csv, jsonl] = await runtime.downloadOutputs(result.job, join(dir, `run-${++runs}`));
  return {
    run: result,
    output: readCsv(csv!),
    jsonl: readJsonl<Outcome['jsonl'][number]>(jsonl!),
    billed: runtime.simulator.stats().billedRecords - before,
  };
}

export const leadspaceSummary = (outcome: Outcome) =>
  (outcome.run.summary?.vendors as Record<string, { recordsBilled: number; roundsRecovered: number; roundsResent: number }>).leadspace;

/** One runtime per test file, and the baseline run every fault is compared with. */
export async function startFaultRuntime(): Promise<void> {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS, 21);
  // A short client timeout, so an acceptance answered slowly is lost within the test (every other answer of the
  // embedded simulators comes well within it, even on a loaded machine).
  runtime = await LocalRuntime.start({ context: { vendorRequestTimeoutSeconds: 5 } });
  baseline = await run();
}

export async function stopFaultRuntime(): Promise<void> {
  await runtime?.close();
}

/** Distinct leads of `file` whose row carries Leadspace's answer: every one was a record billed. */
export function leadsAnswered(outcome: Outcome, file: string): number {
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
export async function emptyCache(): Promise<void> {
  const client = documentClient();
  const items = (await client.send(new ScanCommand({ TableName: process.env.CACHE_TABLE, ProjectionExpression: 'cacheKey' }))).Items ?? [];
  for (const item of items) await client.send(new DeleteCommand({ TableName: process.env.CACHE_TABLE, Key: { cacheKey: item.cacheKey } }));
}

/** Resolves once the simulator has accepted `count` bulks more than `from`. */
export async function bulksAccepted(from: number, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (runtime.simulator.stats().bulksAccepted < from + count) {
    if (Date.now() > deadline) throw new Error('the bulks were never accepted');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * POSTs `body` to a genuinely signed callback URL of round 1 of the batch, as anyone holding a leaked callback URL
 * could. A refused connection is the attack failing, not the test.
 */
export async function forgeCallback(vendor: 'leadspace' | 'leadgenius', jobId: string, batchId: string, body: unknown): Promise<void> {
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.CALLBACK_SIGNING_SECRET_ID }));
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const sig = signCallback(secret.SecretString!, { vendor, jobId, batchId, round: 1, expiresAt });
  const url = `${process.env.CALLBACK_BASE_URL}/callbacks/${vendor}/${jobId}/${batchId}?round=1&exp=${expiresAt}&sig=${encodeURIComponent(sig)}`;
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
}

/** Runs `job`, attacking each batch in turn, again and again, until it ends; says how many attacks were made. */
export async function attackWhile<T>(
  job: () => Promise<T>,
  batchIds: readonly string[],
  attack: (batchId: string) => Promise<void>,
): Promise<{ result: T; attacks: number }> {
  let done = false;
  let attacks = 0;
  const attacker = (async () => {
    while (!done) {
      for (const batchId of batchIds) {
        await attack(batchId);
        attacks += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { result: await job(), attacks };
  } finally {
    done = true;
    await attacker;
  }
}
