import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LocalRuntime } from '../../local/runtime';
import { readCsv, tempDir, writeLeadFile } from './support';

const ROWS = 1_200;
let runtime: LocalRuntime;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = tempDir();
  file = writeLeadFile(dir, ROWS, 11);
  runtime = await LocalRuntime.start();
});

afterAll(async () => {
  await runtime?.close();
});

async function expectFailedWithEveryRow(reason: RegExp, name: string) {
  const run = await runtime.runJob(file);
  expect(run.execution.status).toBe('FAILED');
  expect(run.job.status).toBe('FAILED');
  expect(run.job.failureReason).toMatch(reason);
  expect(run.summary?.failureReason).toMatch(reason);
  const [csv] = await runtime.downloadOutputs(run.job, join(dir, name));
  const [inHeader, ...inRows] = readCsv(file);
  const [outHeader, ...outRows] = readCsv(csv!);
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
    await expectFailedWithEveryRow(/427|credits/i, 'no-credits');
    expect(simulator.stats().billedRecords).toBe(0);
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
    const [outHeader, ...outRows] = readCsv(csv!);
    expect(outRows).toHaveLength(inRows.length);
    const s = outHeader!.indexOf('status');
    expect(new Set(outRows.map((r) => r[s]!.startsWith('rejected') ? 'rejected' : r[s]))).toEqual(new Set(['failed: vendor unavailable', 'rejected']));
    expect(inHeader).toEqual(outHeader!.slice(0, inHeader!.length));
    expect(simulator.stats().billedRecords).toBe(0);
    // Submit was retried by the client and by the state machine before the batch was given up.
    expect(simulator.stats().requests).toBeGreaterThan(run.job.batchCount! * 4);
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
    expect(run.job.failureReason).toMatch(/binary|not a text|CSV/i);
    expect(run.job.failureReason).not.toMatch(/at .*\.ts:\d+/);
  });
});
