import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { awsCost } from '../../lambdas/core/awsCost';
import { AWS_LIST_PRICES } from '../../lambdas/core/awsPrices';
import type { JobEstimate } from '../../lambdas/core/estimate';
import { startServer, type Server } from '../../local/serve';
import { tempDir } from './support';

const SAMPLE = 'samples/leads.csv';
const API_KEY = 'estimate-test-key-0123456789';
let server: Server;

beforeAll(async () => {
  server = await startServer({ inboxDir: `${tempDir()}/inbox`, apiKey: API_KEY, stateDir: tempDir(), simulator: { processingDelayMs: 20 } });
});
afterAll(async () => server?.close());

const total = (lines: { usd: number }[]) => lines.reduce((sum, line) => sum + line.usd, 0);

describe('the estimate, then the job', () => {
  let estimate: JobEstimate;

  it('says before buying what Leadspace bills, and ranges that hold what the later steps send', async () => {
    const { runtime } = server;
    const billedBefore = { leadspace: runtime.simulator.stats().billedRecords, leadgenius: runtime.leadGenius.stats().billedObjects };
    estimate = await runtime.estimate(SAMPLE);
    // Nothing was bought to make it.
    expect(runtime.simulator.stats().billedRecords).toBe(billedBefore.leadspace);
    expect(runtime.leadGenius.stats().billedObjects).toBe(billedBefore.leadgenius);

    const run = await runtime.runJob(SAMPLE);
    expect(run.job.status).toBe('COMPLETED');
    expect(estimate).toMatchObject({ rows: run.job.rows, duplicates: run.job.duplicates, uniqueLeads: run.job.uniqueLeads });
    expect(estimate.rejected.total).toBe(run.job.rejected);
    const [leadspace, leadgenius, aggknowledge] = estimate.steps;
    // The first step's input is the file: exact, and what the vendor itself counted as billed.
    expect(leadspace!.records.min).toBe(leadspace!.records.max);
    expect(runtime.simulator.stats().billedRecords - billedBefore.leadspace).toBe(leadspace!.records.max);
    expect(run.job.leadspaceSent).toBe(leadspace!.records.max);
    // Later steps depend on what Leadspace found: ranges, which hold what was sent.
    for (const [step, sent] of [
      [leadgenius!, run.job.leadgeniusSent ?? 0],
      [aggknowledge!, run.job.aggknowledgeSent ?? 0],
    ] as const) {
      expect(sent).toBeGreaterThanOrEqual(step.records.min);
      expect(sent).toBeLessThanOrEqual(step.records.max);
    }
    expect(runtime.leadGenius.stats().billedObjects - billedBefore.leadgenius).toBeLessThanOrEqual(leadgenius!.records.max);
    // The AWS cost is of the same order as what the run used, metered (the model assumes one round per batch).
    const metered = total(awsCost({ ...runtime.meter.usage(run.stateTransitions), stateTransitions: run.stateTransitions }, AWS_LIST_PRICES));
    expect(metered).toBeGreaterThan(estimate.awsCost.usd.min * 0.5);
    expect(metered).toBeLessThan(estimate.awsCost.usd.max * 1.5);
    // The summary prices the job's own counts with the same model: within the estimate's range, near the meter.
    const summaryCost = (run.summary as { awsCost?: { usd: number; pricesAsOf: string } }).awsCost!;
    expect(summaryCost.pricesAsOf).toBe(AWS_LIST_PRICES.asOf);
    expect(summaryCost.usd).toBeGreaterThanOrEqual(estimate.awsCost.usd.min);
    expect(summaryCost.usd).toBeLessThanOrEqual(estimate.awsCost.usd.max);
    expect(summaryCost.usd / metered).toBeGreaterThan(0.5);
    expect(summaryCost.usd / metered).toBeLessThan(2);
    const view = (await (await fetch(`${server.url}/jobs/${run.jobId}`, { headers: { 'x-api-key': API_KEY } })).json()) as { cost: { usd: number } };
    expect(view.cost.usd).toBe(summaryCost.usd);
  }, 120_000);

  it('counts what the cache now answers: the same file again would buy nothing', async () => {
    const again = await server.runtime.estimate(SAMPLE);
    expect(again.steps[0]).toMatchObject({ records: { min: 0, max: 0 }, cacheHits: { min: estimate.uniqueLeads, max: estimate.uniqueLeads } });
    for (const step of again.steps) expect(step.records.max).toBe(0);
  });

  it('answers POST /jobs?dryRun=true with the same numbers, and creates no job', async () => {
    const body = await readFile(SAMPLE);
    const before = (await (await fetch(`${server.url}/jobs`, { headers: { 'x-api-key': API_KEY } })).json()) as { jobs: unknown[] };
    const reply = await fetch(`${server.url}/jobs?dryRun=true`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'text/csv' }, body });
    expect(reply.status).toBe(200);
    const viaApi = (await reply.json()) as JobEstimate;
    const direct = await server.runtime.estimate(SAMPLE);
    expect({ ...viaApi, intake: undefined }).toEqual({ ...direct, intake: undefined });
    expect(viaApi.intake.mapping).toEqual(direct.intake.mapping);
    const after = (await (await fetch(`${server.url}/jobs`, { headers: { 'x-api-key': API_KEY } })).json()) as { jobs: unknown[] };
    expect(after.jobs).toHaveLength(before.jobs.length);
  });

  it('answers a file intake cannot read with 400 problem+json, quoting no cell', async () => {
    const reply = await fetch(`${server.url}/jobs?dryRun=true`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'text/csv', 'leadflow-options': JSON.stringify({ columnMapping: { email: 'No Such Column' } }) },
      body: 'Email,Name\nsecret@example.com,Ada\n',
    });
    expect(reply.status).toBe(400);
    const text = await reply.text();
    expect(text).toContain('No Such Column');
    expect(text).not.toContain('secret@example.com');
  });
});
