/*
 * A job that will push into a HeroBase campaign checks the account's rights and the campaign first, through the
 * HeroBase simulator: a job that cannot deliver stops before any vendor record is bought.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_HEROBASE, LocalRuntime } from '../../local/runtime';
import { tempDir, writeLeadFile } from './support';

let runtime: LocalRuntime;
let file: string;

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    heroBase: {
      campaigns: [
        ...LOCAL_HEROBASE.campaigns,
        { code: 'RETAIL-DK', name: 'Retail Denmark', projectName: 'Retail DK', fields: [{ name: 'name', type: 'varchar', regex: '.*', required: true }] },
      ],
    },
  });
  file = writeLeadFile(tempDir(), 60, 5);
});

afterAll(async () => {
  await runtime?.close();
});

const billed = () => ({
  leadspace: runtime.simulator.stats().billedRecords,
  leadgenius: runtime.leadGenius.stats().billedObjects,
  aggknowledge: runtime.aggKnowledge.stats().billed,
});

describe('HeroBase export preflight', () => {
  it('fails early, naming the missing project right, and buys nothing', async () => {
    const before = billed();
    const run = await runtime.runJob(file, { jobOptions: { export: { campaignCode: 'RETAIL-DK' } } });
    expect(run.job.status).toBe('FAILED');
    expect(run.job.failureReason).toBe("HeroBase export to campaign 'RETAIL-DK' is not possible: no project right covers project 'Retail DK'");
    expect(billed()).toEqual(before);
    expect(run.history.some((e) => e.stateName === 'Prepare')).toBe(false);
  });

  it('fails early when the campaign does not exist', async () => {
    const before = billed();
    const run = await runtime.runJob(file, { jobOptions: { export: { campaignCode: 'NO-SUCH-CAMPAIGN' } } });
    expect(run.job.status).toBe('FAILED');
    expect(run.job.failureReason).toMatch(/campaign 'NO-SUCH-CAMPAIGN' does not exist/);
    expect(billed()).toEqual(before);
  });

  it('lets a job whose rights cover the campaign (B2B* covers "B2B Demo") go on', async () => {
    const run = await runtime.runJob(file, { jobOptions: { export: { campaignCode: 'LEADFLOW-DEMO' } } });
    expect(run.job.status).toBe('COMPLETED');
    expect(runtime.heroBase.stats().requests).toBeGreaterThan(0);
  });
});
