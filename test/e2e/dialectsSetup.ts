/*
 * What the dialects*.test.ts files share: a runtime, a 2,000-row file, the baseline run of the default plan, and
 * the dialects in which nothing may change for the user. The matrix is split by vendor so the files run side by side.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LocalRuntime, type JobRun } from '../../local/runtime';
import { readCsv, tempDir, writeLeadFile } from './support';

export const ROWS = 2_000;
type Billed = { leadspace: number; leadgenius: number; aggknowledge: number };

export interface Outcome {
  run: JobRun;
  output: string[][];
  steps: Array<Array<{ vendor: string; status: string }>>;
  billed: Billed;
  ms: number;
}

/* Live bindings: the test files read them after startDialectRuntime has set them. */
export let runtime: LocalRuntime;
export let dir: string;
export let file: string;
export let baseline: Outcome;
let runs = 0;
export const figures: string[] = [];

export function billedNow(): Billed {
  return {
    leadspace: runtime.simulator.stats().billedRecords,
    leadgenius: runtime.leadGenius.stats().billedObjects,
    aggknowledge: runtime.aggKnowledge.stats().billed,
  };
}

export async function outcomeOf(run: JobRun, before: Billed, started: number): Promise<Outcome> {
  const [csv, jsonl] = await runtime.downloadOutputs(run.job, join(dir, `run-${++runs}`));
  const after = billedNow();
  return {
    run,
    output: readCsv(csv!),
    steps: readFileSync(jsonl!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { steps: Outcome['steps'][number] }).steps),
    billed: {
      leadspace: after.leadspace - before.leadspace,
      leadgenius: after.leadgenius - before.leadgenius,
      aggknowledge: after.aggknowledge - before.aggknowledge,
    },
    ms: Date.now() - started,
  };
}

export async function run(bypassCache = true): Promise<Outcome> {
  const before = billedNow();
  const started = Date.now();
  return outcomeOf(await runtime.runJob(file, { jobOptions: { bypassCache } }), before, started);
}

export const summaryBilled = (o: Outcome) =>
  Object.fromEntries(Object.entries(o.run.summary?.vendors as Record<string, { recordsBilled: number }>).map(([v, s]) => [v, s.recordsBilled]));

export function resetDialects(): void {
  runtime.simulator.setFaults({});
  runtime.leadGenius.setFaults({});
  runtime.leadGenius.setDialect({});
  runtime.aggKnowledge.setDialect({});
}

/** One runtime per test file, and the baseline run every dialect is compared with. */
export async function startDialectRuntime(): Promise<void> {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS, 41);
  runtime = await LocalRuntime.start();
  baseline = await run();
  figures.push(`baseline: ${baseline.ms} ms, billed ${JSON.stringify(baseline.billed)}`);
}

export async function stopDialectRuntime(): Promise<void> {
  // The closing note's figures: rows, billed per vendor against what the rows needed, time.
  console.info(`dialect matrix, ${ROWS} rows, default plan:\n  ${figures.join('\n  ')}`);
  await runtime?.close();
}

/** Dialects in which nothing changes for the user: the same file, the same bill. */
export const SAME_RESULT: Array<[string, () => void]> = [
  ['Leadspace echoes external_id in company', () => runtime.simulator.setFaults({ dialect: { externalIdEcho: 'company' } })],
  ['Leadspace echoes no external_id', () => runtime.simulator.setFaults({ dialect: { externalIdEcho: 'missing' } })],
  ['Leadspace echoes external_id null', () => runtime.simulator.setFaults({ dialect: { externalIdEcho: 'null' } })],
  ['Leadspace statuses in upper case', () => runtime.simulator.setFaults({ dialect: { statusCase: 'upper' } })],
  ['Leadspace accepts with 200', () => runtime.simulator.setFaults({ dialect: { acceptStatus: 200 } })],
  [
    'Leadspace 5XX after accepting, callback with bulkId only',
    () => runtime.simulator.setFaults({ acceptThenFailRate: 0.5, seed: 4, dialect: { callbackFields: 'bulkIdOnly' } }),
  ],
  [
    'Leadspace 5XX after accepting, callback with the polling URL only',
    () => runtime.simulator.setFaults({ acceptThenFailRate: 0.5, seed: 5, dialect: { callbackFields: 'pollingUrlOnly' } }),
  ],
  ['LeadGenius accepts with id and 200', () => runtime.leadGenius.setDialect({ acceptIdField: 'id', acceptStatus: 200 })],
  ['LeadGenius string ids, completed as text', () => runtime.leadGenius.setDialect({ jobIdAs: 'string', completedAs: 'string' })],
  ['LeadGenius status 404 for a while after accepting', () => runtime.leadGenius.setDialect({ statusNotFoundUntilMs: 1_500 })],
  ['LeadGenius 500 after accepting', () => runtime.leadGenius.setFaults({ failAfterAccept: 0.7, seed: 3 })],
  ['AggKnowledge upper-case "DONE"', () => runtime.aggKnowledge.setDialect({ statusCase: 'upper', statusWord: 'done' })],
  ['AggKnowledge data wrapper, snake_case fields', () => runtime.aggKnowledge.setDialect({ wrapper: 'data', fieldNames: 'alternate' })],
  ['AggKnowledge bare lists', () => runtime.aggKnowledge.setDialect({ wrapper: 'bare' })],
];

/** The cases of SAME_RESULT whose name starts with `vendor`, one test each. */
export function sameResultCases(vendor: string): void {
  for (const [name, apply] of SAME_RESULT.filter(([name]) => name.startsWith(`${vendor} `))) {
    it(`${name}: every row once, in order, the same answers, billed what the rows needed`, async () => {
      apply();
      const outcome = await run().finally(resetDialects);
      figures.push(`${name}: ${outcome.ms} ms, billed ${JSON.stringify(outcome.billed)}`);
      expect(outcome.run.job.status).toBe('COMPLETED');
      expect(outcome.output).toEqual(baseline.output);
      expect(outcome.billed).toEqual(baseline.billed);
      expect(summaryBilled(outcome)).toEqual(outcome.billed);
    });
  }
}
