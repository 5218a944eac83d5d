/*
 * The dialect matrix: the default three-vendor plan on 2,000 rows while each simulator answers in another reading
 * its vendor's document allows (docs/vendors.md). This file: Leadspace's readings; dialectsLeadGenius and dialectsAggKnowledge the others'. Each run must give every row once in order, bill each vendor
 * exactly what the rows needed (the simulators' own counts), lose no paid answer, and never end FAILED where a
 * PARTIAL with reasons is the truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADSPACE_RESULTS_READINGS } from '../../lambdas/vendors/leadspace';
import {
  baseline,
  billedNow,
  figures,
  outcomeOf,
  resetDialects,
  ROWS,
  run,
  runtime,
  sameResultCases,
  startDialectRuntime,
  stopDialectRuntime,
  summaryBilled,
} from './dialectsSetup';

beforeAll(startDialectRuntime);
afterAll(stopDialectRuntime);

describe('the default plan under every Leadspace dialect', () => {
  it('baseline reaches all three vendors', () => {
    expect(baseline.run.job.status).toBe('COMPLETED');
    expect(baseline.output).toHaveLength(ROWS + 1);
    expect(baseline.billed.leadspace).toBeGreaterThan(0);
    expect(baseline.billed.leadgenius).toBeGreaterThan(0);
    expect(baseline.billed.aggknowledge).toBeGreaterThan(0);
    expect(summaryBilled(baseline)).toEqual(baseline.billed);
  });

  sameResultCases('Leadspace');

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
