import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LocalRuntime } from '../../local/runtime';
import { readCsv, readOutputCsv, tempDir, writeLeadFile } from './support';

const ROWS = 1_200;
let runtime: LocalRuntime;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS, 11);
  // A short grace window: a vendor that answers every submission with a 5XX is given up after three of them.
  runtime = await LocalRuntime.start({ context: { uncertainSubmitGraceSeconds: 1 } });
});

afterAll(async () => {
  await runtime?.close();
});

async function expectFailedWithEveryRow(reason: RegExp, name: string, execution: 'FAILED' | 'SUCCEEDED' = 'FAILED') {
  const run = await runtime.runJob(file, { jobOptions: { plan: ['leadspace'] } });
  expect(run.execution.status).toBe(execution);
  expect(run.job.status).toBe('FAILED');
  expect(run.job.failureReason).toMatch(reason);
  expect(run.summary?.failureReason).toMatch(reason);
  const [csv] = await runtime.downloadOutputs(run.job, join(dir, name));
  const [inHeader, ...inRows] = readCsv(file);
  const [outHeader, ...outRows] = readOutputCsv(csv!);
  expect(outRows).toHaveLength(inRows.length);
  const s = outHeader!.indexOf('status');
  outRows.forEach((row, i) => {
    expect(row.slice(0, inHeader!.length)).toEqual(inRows[i]!.slice(0, inHeader!.length));
    expect(row[s]).toMatch(/^(rejected: .+|failed: .+)$/);
  });
  return run;
}

describe('a vendor that refuses the job', () => {
  it('fails the job on a rejected token (401) with a clear reason, and loses no row', async () => {
    const simulator = await runtime.replaceSimulator({ tokens: ['a-different-token'] });
    await expectFailedWithEveryRow(/401/, 'unauthorized');
    expect(simulator.stats().billedRecords).toBe(0);
  });

  it('fails the job when credits run out (427) with a clear reason, and loses no row', async () => {
    const simulator = await runtime.replaceSimulator({ credits: 0 });
    // No credits is not a fatal refusal of the job: every batch ends "failed: vendor out of credits", nothing bought.
    const run = await expectFailedWithEveryRow(/427|credits/i, 'no-credits', 'SUCCEEDED');
    expect(simulator.stats().billedRecords).toBe(0);
    // A 427 is never retried: at most one refused request per batch (fewer once the job knows the credits are gone).
    expect(simulator.stats().rejected[427]).toBeLessThanOrEqual(run.job.batchCount!);
  });

  it('with the whole plan, the other vendors still answer the rows Leadspace could not (PARTIAL)', async () => {
    await runtime.replaceSimulator({ credits: 0 });
    const run = await runtime.runJob(file);
    expect(run.job.status).toBe('PARTIAL');
    expect(run.job.failureReason).toMatch(/427|credits/i);
  });
});

describe('a vendor that stays down', () => {
  it('fails every batch after the retries, keeps every row with "failed: vendor unavailable", ends FAILED', async () => {
    const simulator = await runtime.replaceSimulator({ faults: { serverErrorRate: 1 } });
    const small = writeLeadFile(dir, 300, 12);
    // Leadspace alone: with the full plan, LeadGenius and AggKnowledge would still answer and the job end PARTIAL.
    const run = await runtime.runJob(small, { jobOptions: { plan: ['leadspace'] } });
    expect(run.job.status).toBe('FAILED');
    expect(run.job.failureReason).toMatch(/Every batch failed \(vendor unavailable\)/);
    const [csv] = await runtime.downloadOutputs(run.job, join(dir, 'down'));
    const [inHeader, ...inRows] = readCsv(small);
    const [outHeader, ...outRows] = readOutputCsv(csv!);
    expect(outRows).toHaveLength(inRows.length);
    const s = outHeader!.indexOf('status');
    expect(new Set(outRows.map((r) => (r[s]!.startsWith('rejected') ? 'rejected' : r[s])))).toEqual(new Set(['failed: vendor unavailable', 'rejected']));
    expect(inHeader).toEqual(outHeader!.slice(0, inHeader!.length));
    expect(simulator.stats().billedRecords).toBe(0);
    // Each submission is one attempt (a 5XX may follow an acceptance); after three without a callback the batch is given up.
    expect(simulator.stats().requests).toBe(run.job.batchCount! * 3);
  });
});

describe('a file that is not a lead list', () => {
  it('fails with a readable reason instead of a stack trace', async () => {
    await runtime.replaceSimulator({});
    const { writeFileSync } = await import('node:fs');
    const binary = join(dir, 'photo.csv');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]));
    const run = await runtime.runJob(binary);
    expect(run.job.status).toBe('FAILED');
    expect(run.job.failureReason).toBe('The file is a PNG image, not a lead list.');
    expect(run.job.failureReason).not.toMatch(/at .*\.ts:\d+/);
  });
});
