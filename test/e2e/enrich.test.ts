import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LocalRuntime, type JobRun } from '../../local/runtime';
import type { AwsUsage } from '../../lambdas/core/awsCost';
import { ENRICHED_FIELDS } from '../../lambdas/core/enrichedFields';
import { statusColumnName } from '../../lambdas/core/output';
import { isBlank } from '../../lambdas/core/plan';
import { expectedEnrichment, inputValues, keyOf, readCsv, readOutputCsv, tempDir, writeLeadFile } from './support';

const ROWS = 2_000;
let runtime: LocalRuntime;
let dir: string;
let file: string;
let input: string[][];

beforeAll(async () => {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS);
  input = readCsv(file);
  runtime = await LocalRuntime.start({ simulator: { processingDelayMs: 100, faults: { internalErrorRate: 0.02 } } });
});

afterAll(async () => {
  await runtime?.close();
});

async function run(name: string): Promise<{ run: JobRun; output: string[][]; billed: number }> {
  const billedBefore = runtime.simulator.stats().billedRecords;
  // Leadspace alone, asked afresh every run: each run must buy (and get) exactly what the first did.
  const result = await runtime.runJob(file, { jobOptions: { plan: ['leadspace'], bypassCache: true } });
  const [csv] = await runtime.downloadOutputs(result.job, join(dir, name));
  return { run: result, output: readOutputCsv(csv!), billed: runtime.simulator.stats().billedRecords - billedBefore };
}

const statusIndex = (header: string[]) => header.indexOf(statusColumnName(input[0]!));

describe('a 2,000-row export enriched end to end through the synthesized state machine', () => {
  let baseline: { run: JobRun; output: string[][]; billed: number };
  let usage: AwsUsage;

  beforeAll(async () => {
    baseline = await run('baseline');
    // The runtime's first job: what its meter counted so far is this job's alone.
    usage = runtime.meter.usage(baseline.run.stateTransitions);
  });

  it('counts what the job would use on AWS: a cache write unit per paid answer, each batch submitted and collected', () => {
    const batches = baseline.run.job.batchCount!;
    // Each paid answer is cached once in an item under 1 KB (one unit); batch and job records add a few a batch.
    expect(usage.dynamoDb.writeUnits).toBeGreaterThanOrEqual(baseline.billed);
    expect(usage.dynamoDb.writeUnits).toBeLessThan(baseline.billed + 40 * batches);
    expect(usage.dynamoDb.readUnits).toBeGreaterThan(0);
    expect(usage.lambda.submit!.invocations).toBeGreaterThanOrEqual(batches);
    // Poll collects each batch round once it is ready.
    expect(usage.lambda.poll!.invocations).toBeGreaterThanOrEqual(batches);
    expect(usage.lambda.prepare).toMatchObject({ invocations: 1, memoryMb: expect.any(Number) });
    expect(usage.s3.writeRequests).toBeGreaterThan(batches);
    expect(usage.stateTransitions).toBe(baseline.run.stateTransitions);
  });

  it('completes with one output row per input row, in input order, each with a status', () => {
    expect(baseline.run.execution.status).toBe('SUCCEEDED');
    expect(baseline.run.job.status).toBe('COMPLETED');
    const [inHeader, ...inRows] = input;
    const [outHeader, ...outRows] = baseline.output;
    expect(inRows).toHaveLength(ROWS);
    expect(outRows).toHaveLength(ROWS);
    expect(outHeader!.slice(0, inHeader!.length)).toEqual(inHeader);
    const s = statusIndex(outHeader!);
    outRows.forEach((row, i) => {
      expect(row.slice(0, inHeader!.length)).toEqual(inRows[i]!.slice(0, inHeader!.length));
      expect(row[s]).toMatch(/^(enriched|partially_enriched|not_found|rejected: .+|failed: .+)$/);
    });
    expect(outRows.filter((r) => r[s]!.startsWith('failed'))).toEqual([]);
    // Records Leadspace failed with error 1100 went round once more, and came back enriched.
    const submits = baseline.run.history.filter((e) => e.type === 'StateEntered' && e.stateName === 'Submit').length;
    expect(submits).toBeGreaterThan(baseline.run.job.batchCount!);
  });

  it('writes exactly the values the simulator derives from each row where the input had none', () => {
    const [inHeader, ...inRows] = input;
    const [outHeader, ...outRows] = baseline.output;
    const s = statusIndex(outHeader!);
    // A duplicate gets the result bought for the first row of its lead (the same person in other casing).
    const firstOfLead = new Map<string, string[]>();
    for (const cells of inRows) if (!firstOfLead.has(keyOf(inHeader!, cells))) firstOfLead.set(keyOf(inHeader!, cells), cells);
    let compared = 0;
    outRows.forEach((row, i) => {
      if (!['enriched', 'partially_enriched', 'not_found'].includes(row[s]!)) return;
      const first = firstOfLead.get(keyOf(inHeader!, inRows[i]!))!;
      const vendor = expectedEnrichment(inHeader!, first);
      const own = inputValues(inHeader!, first);
      for (const field of ENRICHED_FIELDS) {
        // Fill if blank: the row's own value stays; the vendor's fills what the row lacked.
        const expected = isBlank(own, field) ? (vendor?.[field] ?? own[field] ?? '') : own[field];
        expect(row[outHeader!.indexOf(`enriched_${field}`)], `row ${i + 1} ${field}`).toBe(expected);
      }
      compared += 1;
    });
    expect(compared).toBeGreaterThan(ROWS * 0.8);
  });

  it('rejects unusable rows with a reason and marks Leadspace invalid-input records', () => {
    const [outHeader, ...outRows] = baseline.output;
    const statuses = outRows.map((r) => r[statusIndex(outHeader!)]!);
    expect(statuses.filter((s) => s.startsWith('rejected: missing')).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 'rejected: invalid input')).toHaveLength(2);
    expect(baseline.run.summary?.rows).toBe(ROWS);
  });

  it("buys each unique lead once: duplicates cost nothing and share the first row's result", () => {
    const [inHeader, ...inRows] = input;
    const [outHeader, ...outRows] = baseline.output;
    const s = statusIndex(outHeader!);
    const billable = outRows.flatMap((row, i) => (['enriched', 'partially_enriched', 'not_found'].includes(row[s]!) ? [inRows[i]!] : []));
    const uniqueBillable = new Set(billable.map((cells) => keyOf(inHeader!, cells)));
    expect(uniqueBillable.size).toBeLessThan(billable.length);
    expect(baseline.billed).toBe(uniqueBillable.size);
    expect(baseline.run.job.recordsBilled).toBe(baseline.billed);
    expect(baseline.run.job.duplicates).toBeGreaterThan(0);
  });

  it('still completes with identical results when every callback is dropped (polling)', async () => {
    runtime.simulator.setFaults({ dropCallbacks: true, internalErrorRate: 0.02 });
    const callbacksBefore = runtime.simulator.stats().callbacksSent;
    const dropped = await run('dropped');
    runtime.simulator.setFaults({ internalErrorRate: 0.02 });
    expect(runtime.simulator.stats().callbacksSent).toBe(callbacksBefore);
    expect(dropped.run.job.status).toBe('COMPLETED');
    expect(dropped.output).toEqual(baseline.output);
    expect(dropped.billed).toBe(baseline.billed);
  });

  it('doubles nothing when every callback arrives twice', async () => {
    runtime.simulator.setFaults({ duplicateCallbacks: true, internalErrorRate: 0.02 });
    const twice = await run('twice');
    runtime.simulator.setFaults({ internalErrorRate: 0.02 });
    expect(twice.run.job.status).toBe('COMPLETED');
    expect(twice.output).toEqual(baseline.output);
    expect(twice.billed).toBe(baseline.billed);
    expect(twice.run.job.batchesDone).toBe(twice.run.job.batchCount);
  });

  it('rides out vendor 5XX errors with retries', async () => {
    runtime.simulator.setFaults({ serverErrorRate: 0.3, internalErrorRate: 0.02 });
    const flaky = await run('flaky');
    runtime.simulator.setFaults({ internalErrorRate: 0.02 });
    expect(flaky.run.job.status).toBe('COMPLETED');
    expect(flaky.output).toEqual(baseline.output);
    expect(flaky.billed).toBe(baseline.billed);
  });
});
