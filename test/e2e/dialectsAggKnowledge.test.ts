/* The dialect matrix (see dialects.test.ts): AggKnowledge's readings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseline, figures, resetDialects, ROWS, run, runtime, sameResultCases, startDialectRuntime, stopDialectRuntime } from './dialectsSetup';

beforeAll(startDialectRuntime);
afterAll(stopDialectRuntime);

describe('the default plan under every AggKnowledge dialect', () => {
  sameResultCases('AggKnowledge');

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
});
