/*
 * The dialect matrix: the default three-vendor plan on 2,000 rows while each simulator answers in another reading
 * its vendor's document allows (docs/vendors.md). Each run must give every row once in order, bill each vendor
 * exactly what the rows needed (the simulators' own counts), lose no paid answer, and never end FAILED where a
 * PARTIAL with reasons is the truth.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime, type JobRun } from '../../local/runtime';
import { LEADSPACE_RESULTS_READINGS } from '../../lambdas/vendors/leadspace';
import { readCsv, tempDir, writeLeadFile } from './support';

const ROWS = 2_000;
type Billed = { leadspace: number; leadgenius: number; aggknowledge: number };

interface Outcome {
  run: JobRun;
  output: string[][];
  steps: Array<Array<{ vendor: string; status: string }>>;
  billed: Billed;
  ms: number;
}

let runtime: LocalRuntime;
let dir: string;
let file: string;
let baseline: Outcome;
let runs = 0;
const figures: string[] = [];

function billedNow(): Billed {
  return {
    leadspace: runtime.simulator.stats().billedRecords,
    leadgenius: runtime.leadGenius.stats().billedObjects,
    aggknowledge: runtime.aggKnowledge.stats().billed,
  };
}

async function outcomeOf(run: JobRun, before: Billed, started: number): Promise<Outcome> {
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

async function run(bypassCache = true): Promise<Outcome> {
  const before = billedNow();
  const started = Date.now();
  return outcomeOf(await runtime.runJob(file, { jobOptions: { bypassCache } }), before, started);
}

const summaryBilled = (o: Outcome) =>
  Object.fromEntries(Object.entries(o.run.summary?.vendors as Record<string, { recordsBilled: number }>).map(([v, s]) => [v, s.recordsBilled]));

function resetDialects(): void {
  runtime.simulator.setFaults({});
  runtime.leadGenius.setFaults({});
  runtime.leadGenius.setDialect({});
  runtime.aggKnowledge.setDialect({});
}

beforeAll(async () => {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS, 41);
  runtime = await LocalRuntime.start();
  baseline = await run();
  figures.push(`baseline: ${baseline.ms} ms, billed ${JSON.stringify(baseline.billed)}`);
});

afterAll(async () => {
  // The closing note's figures: rows, billed per vendor against what the rows needed, time.
  console.info(`dialect matrix, ${ROWS} rows, default plan:\n  ${figures.join('\n  ')}`);
  await runtime?.close();
});

/** Dialects in which nothing changes for the user: the same file, the same bill. */
const SAME_RESULT: Array<[string, () => void]> = [
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

describe('the default plan under every dialect', () => {
  it('baseline reaches all three vendors', () => {
    expect(baseline.run.job.status).toBe('COMPLETED');
    expect(baseline.output).toHaveLength(ROWS + 1);
    expect(baseline.billed.leadspace).toBeGreaterThan(0);
    expect(baseline.billed.leadgenius).toBeGreaterThan(0);
    expect(baseline.billed.aggknowledge).toBeGreaterThan(0);
    expect(summaryBilled(baseline)).toEqual(baseline.billed);
  });

  for (const [name, apply] of SAME_RESULT) {
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

  it('AggKnowledge answers some persons with no field Leadflow maps: rows "unmapped", billed, counted', async () => {
    runtime.aggKnowledge.setDialect({ unmappedRate: 0.5 });
    const unmappedBefore = runtime.aggKnowledge.stats().unmappedItems;
    const outcome = await run().finally(resetDialects);
    const unmapped = runtime.aggKnowledge.stats().unmappedItems - unmappedBefore;
    figures.push(`AggKnowledge unmapped: ${outcome.ms} ms, billed ${JSON.stringify(outcome.billed)}, ${unmapped} unmapped`);
    expect(unmapped).toBeGreaterThan(0);
    expect(outcome.billed).toEqual(baseline.billed);
    expect(outcome.output).toHaveLength(ROWS + 1);
    const unmappedSteps = outcome.steps.filter((steps) => steps.some((s) => s.vendor === 'aggknowledge' && s.status === 'unmapped'));
    expect(unmappedSteps.length).toBeGreaterThanOrEqual(unmapped);
    expect((outcome.run.summary?.vendors as Record<string, { recordsBilled: number }>).aggknowledge!.recordsBilled).toBe(outcome.billed.aggknowledge);
    expect(outcome.run.job.aggknowledgeUnmapped).toBe(unmapped);
  });

  it('Leadspace answers in a shape no reading knows: nothing bought on a guess; reprocess recovers it once the code learns it', async () => {
    runtime.simulator.setFaults({ dialect: { unreadableResults: true } });
    const unreadable = await run().finally(resetDialects);
    // Every Leadspace batch is unreadable, so no lead could be enriched: FAILED, and the reason says why.
    expect(unreadable.run.job.status).toBe('FAILED');
    expect(unreadable.run.job.failureReason).toMatch(/vendor answer unreadable/);
    expect(unreadable.billed.leadspace).toBe(baseline.billed.leadspace);
    // No later step was bought for a lead whose Leadspace answer could not be read.
    expect(unreadable.billed.leadgenius + unreadable.billed.aggknowledge).toBe(0);
    const status = unreadable.output[0]!.indexOf('status');
    expect(unreadable.output.slice(1).some((row) => row[status] === 'failed: vendor answer unreadable')).toBe(true);

    // The next release reads the shape: the answers kept are read again, no vendor is called.
    const reading = (body: unknown) =>
      (body as { bulk?: { items?: unknown } }).bulk?.items !== undefined ? { results: (body as { bulk: { items: unknown } }).bulk.items } : undefined;
    LEADSPACE_RESULTS_READINGS.push(reading);
    const before = billedNow();
    const started = Date.now();
    const reprocessed = await runtime
      .followUp(unreadable.run.jobId, 'reprocess')
      .finally(() => LEADSPACE_RESULTS_READINGS.splice(LEADSPACE_RESULTS_READINGS.indexOf(reading), 1));
    const recovered = await outcomeOf(reprocessed!, before, started);
    figures.push(`Leadspace unreadable, reprocessed: ${recovered.ms} ms, billed ${JSON.stringify(recovered.billed)}`);
    expect(recovered.billed).toEqual({ leadspace: 0, leadgenius: 0, aggknowledge: 0 });
    expect(recovered.run.job.status).not.toBe('FAILED');
    expect(summaryBilled(recovered).leadspace).toBe(baseline.billed.leadspace);
    // Every Leadspace answer is back in the file: the enriched columns Leadspace fills match the baseline's.
    const lsColumns = ['enriched_company_industry', 'enriched_company_size_range', 'enriched_enrichment_level'].map((c) => baseline.output[0]!.indexOf(c));
    expect(lsColumns.every((i) => i >= 0)).toBe(true);
    expect(recovered.output.map((row) => lsColumns.map((i) => row[i]))).toEqual(baseline.output.map((row) => lsColumns.map((i) => row[i])));

    // A rerun answers Leadspace from the cache (the earlier runs of this file answer the later steps too).
    const rest = await run(false);
    expect(rest.run.job.status).toBe('COMPLETED');
    expect(rest.billed.leadspace).toBe(0);
    expect(rest.output).toEqual(baseline.output);
  });

  it('Leadspace credits run out halfway: PARTIAL with the reason, every billed record in the file', async () => {
    const credits = Math.floor(baseline.billed.leadspace / 2);
    runtime.simulator.setCredits(credits);
    const short = await run().finally(() => runtime.simulator.setCredits(Number.POSITIVE_INFINITY));
    figures.push(`Leadspace credits halfway: ${short.ms} ms, billed ${JSON.stringify(short.billed)}`);
    expect(short.run.job.status).toBe('PARTIAL');
    expect(short.run.job.failureReason).toMatch(/credits/);
    // A bulk larger than the credits left is refused whole (427), one accepted with too few stops halfway: which
    // comes first depends on the order the bulks reach Leadspace, so the simulator bills at most the credits.
    expect(short.billed.leadspace).toBeGreaterThan(0);
    expect(short.billed.leadspace).toBeLessThanOrEqual(credits);
    expect(summaryBilled(short)).toEqual(short.billed);
    expect(short.output).toHaveLength(ROWS + 1);
  });
});
