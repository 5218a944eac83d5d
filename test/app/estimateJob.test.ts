import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { estimateJob, type EstimateSettings } from '../../lambdas/app/estimateJob';
import { AWS_LIST_PRICES } from '../../lambdas/core/awsPrices';
import { stepDuration } from '../../lambdas/core/estimateRules';
import type { JobOptions } from '../../lambdas/core/jobOptions';
import { vendorCacheKey, type CachedAnswer } from '../../lambdas/core/vendorCacheKey';

const SETTINGS: EstimateSettings = {
  maxInputBytes: 1_000_000,
  maxInputRows: 1_000,
  leadGeniusObjectsPerHour: 5_000,
  aggKnowledgeTier3PerMinute: 60,
  leadspaceBacklogLeads: 100_000,
  aggKnowledgeEnvironment: 'live',
  prices: AWS_LIST_PRICES,
};

function estimate(csv: string, options: JobOptions = {}, cache = new Map<string, CachedAnswer>()) {
  const looked: string[] = [];
  return {
    looked,
    run: () =>
      estimateJob(
        {
          objects: { readVersion: async () => ({ body: Readable.from([Buffer.from(csv)]), etag: 'e' }) },
          cache: {
            getMany: async (keys) => {
              looked.push(...keys);
              return new Map(keys.flatMap((k) => (cache.has(k) ? [[k, cache.get(k)!] as const] : [])));
            },
          },
          now: () => new Date('2026-12-01T10:00:00Z'),
        },
        SETTINGS,
        { inputKey: 'inputs/x/input.csv', options },
      ),
  };
}

const HEADER = 'First Name,Last Name,Company,Website,Email\n';

describe('the estimate', () => {
  it("counts the first step exactly: duplicates and rejected rows out, the cache's answers out", async () => {
    const cache = new Map<string, CachedAnswer>([
      [
        vendorCacheKey('leadspace', { firstName: 'Grace', lastName: 'Hopper', companyName: 'Navy', domain: 'navy.example', email: 'grace@navy.example' }),
        { status: 'enriched', values: {} },
      ],
    ]);
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,ada@engines.example\nADA,LOVELACE,Engines,engines.example,ada@engines.example\nGrace,Hopper,Navy,navy.example,grace@navy.example\n,,,,\nAlan,Turing,Bletchley,bletchley.example,\nGrand Total (5 records)\n`;
    const { run } = estimate(csv, { plan: ['leadspace'] }, cache);
    const result = await run();
    expect(result).toMatchObject({ rows: 6, duplicates: 1, uniqueLeads: 3, reportFooters: 1, rejected: { total: 1 } });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({
      vendor: 'leadspace',
      leads: { min: 3, max: 3 },
      cacheHits: { min: 1, max: 1 },
      records: { min: 2, max: 2 },
      overBudget: { min: 0, max: 0 },
    });
    expect(result.refusal).toBeUndefined();
    expect(result.awsCost.usd.max).toBeGreaterThan(0);
    expect(result.awsCost.pricesAsOf).toBe(AWS_LIST_PRICES.asOf);
  });

  it('sends one record for leads that ask the vendor the same question', async () => {
    // Free-mail addresses are not work emails: LeadGenius looks for one, once for the same name and domain.
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,ada@gmail.com\nAda,Lovelace,Engines,engines.example,ada.l@gmail.com\n`;
    const result = await estimate(csv, { plan: ['leadgenius'] }).run();
    expect(result.uniqueLeads).toBe(2);
    expect(result.steps[0]).toMatchObject({ leads: { min: 2, max: 2 }, shared: { min: 1, max: 1 }, records: { min: 1, max: 1 } });
  });

  it('gives a later step a range: what Leadspace finds decides whether LeadGenius is needed', async () => {
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,\nGrace,Hopper,Navy,navy.example,grace@navy.example\n`;
    const result = await estimate(csv, { plan: ['leadspace', 'leadgenius'] }).run();
    expect(result.steps[0]!.records).toEqual({ min: 2, max: 2 });
    // Ada has no email: LeadGenius runs for her unless Leadspace finds one. Grace has a work email: never.
    expect(result.steps[1]).toMatchObject({ vendor: 'leadgenius', leads: { min: 0, max: 1 }, records: { min: 0, max: 1 } });
    expect(result.awsCost.usd.min).toBeLessThan(result.awsCost.usd.max);
  });

  it('uses a cached earlier answer as known values: a later step is then exact for that lead', async () => {
    const ada = { firstName: 'Ada', lastName: 'Lovelace', companyName: 'Engines', domain: 'engines.example' };
    const cache = new Map<string, CachedAnswer>([[vendorCacheKey('leadspace', ada), { status: 'enriched', values: { person_email: 'ada@engines.example' } }]]);
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,\n`;
    const result = await estimate(csv, { plan: ['leadspace', 'leadgenius'] }, cache).run();
    expect(result.steps[0]).toMatchObject({ cacheHits: { min: 1, max: 1 }, records: { min: 0, max: 0 } });
    expect(result.steps[1]).toMatchObject({ leads: { min: 0, max: 0 }, records: { min: 0, max: 0 } });
  });

  it("holds records to the job's budget and says how many it leaves out", async () => {
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,\nGrace,Hopper,Navy,navy.example,\nAlan,Turing,Bletchley,bletchley.example,\n`;
    const result = await estimate(csv, { plan: ['leadspace'], budget: { leadspace: 2 } }).run();
    expect(result.steps[0]).toMatchObject({ budget: 2, records: { min: 2, max: 2 }, overBudget: { min: 1, max: 1 } });
  });

  it('holds the budget lead by lead as PlanStep does: a lead asking what a left-out lead asked is left out too, not shared', async () => {
    // B2 asks LeadGenius what B asks (same name and domain): with room for one record, B and B2 both end skipped.
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,ada@gmail.com\nBob,Byte,Bits,bits.example,bob@gmail.com\nBob,Byte,Bits,bits.example,bob.b@gmail.com\n`;
    const result = await estimate(csv, { plan: ['leadgenius'], budget: { leadgenius: 1 } }).run();
    expect(result.steps[0]).toMatchObject({ records: { min: 1, max: 1 }, shared: { min: 0, max: 0 }, overBudget: { min: 2, max: 2 } });
  });

  it("does not call a second step of the same vendor exact: the first one's answers are cached before it plans", async () => {
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,ada@engines.example\n`;
    const result = await estimate(csv, { plan: ['leadspace', 'leadspace'] }).run();
    expect(result.steps[0]!.records).toEqual({ min: 1, max: 1 });
    // PlanStep's second step finds the first one's answer in the cache and sends nothing: 0 must be in the range.
    expect(result.steps[1]!.records.min).toBe(0);
    expect(result.steps[1]!.cacheHits.max).toBeGreaterThanOrEqual(1);
  });

  it("keeps a later lead's shared record possible when an earlier lead may ask the same", async () => {
    // Both Adas ask LeadGenius the same (name and domain). The first has no email: LeadGenius runs for her unless
    // Leadspace finds one. The second's Leadspace answer is cached as not found: LeadGenius runs for her for sure.
    const second = { firstName: 'Ada', lastName: 'Lovelace', companyName: 'Engines', domain: 'engines.example', email: 'ada@gmail.com' };
    const cache = new Map<string, CachedAnswer>([[vendorCacheKey('leadspace', second), { status: 'not_found', values: {} }]]);
    const csv = `${HEADER}Ada,Lovelace,Engines,engines.example,\nAda,Lovelace,Engines,engines.example,ada@gmail.com\n`;
    const result = await estimate(csv, { plan: ['leadspace', 'leadgenius'] }, cache).run();
    const leadgenius = result.steps[1]!;
    // Actual: 1 record and 1 shared if Leadspace finds nothing for the first Ada, 1 record and none shared if it does.
    expect(leadgenius.records.min).toBeLessThanOrEqual(1);
    expect(leadgenius.records.max).toBeGreaterThanOrEqual(1);
    expect(leadgenius.shared.max).toBeGreaterThanOrEqual(1);
    expect(leadgenius.shared.min).toBe(0);
  });

  it('looks nothing up when the job bypasses the cache', async () => {
    const { run, looked } = estimate(`${HEADER}Ada,Lovelace,Engines,engines.example,\n`, { bypassCache: true });
    await run();
    expect(looked).toEqual([]);
  });

  it('says when intake would stop the job, as Prepare would', async () => {
    const result = await estimate('Colour,Size\nred,large\nblue,small\n').run();
    expect(result.refusal).toMatch(/No column of the file maps to a name/);
    expect(result.steps[0]!.records.max).toBe(0);
  });
});

describe('estimate rules', () => {
  it('times a LeadGenius step by its hourly limit: 40,000 objects at 5,000 an hour take 8 hours', () => {
    const limits = { leadGeniusObjectsPerHour: 5_000, aggKnowledgeTier3PerMinute: 60, leadspaceBacklogLeads: 100_000 };
    expect(stepDuration('leadgenius', { min: 0, max: 40_000 }, limits).durationSeconds).toEqual({ min: 0, max: 8 * 3_600 });
    expect(stepDuration('leadgenius', { min: 0, max: 40_000 }, limits).durationBasis).toMatch(/5,000 objects an hour/);
  });
});
