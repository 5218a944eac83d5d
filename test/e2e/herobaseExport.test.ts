/*
 * The export step through the HeroBase simulator: enriched leads mapped to the campaign's fields, validated against
 * its regexes before sending, sent at the account's fair-use rate (clock ×600 so the minutes of pacing take
 * seconds), one outcome per row, and nothing sent twice when the export runs again.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as exportHandler } from '../../lambdas/handlers/export';
import { LOCAL_HEROBASE, LocalRuntime, type JobRun } from '../../local/runtime';
import { readCsv, tempDir, writeLeadFile } from './support';

const CAMPAIGN = 'B2B-EXPORT';
let runtime: LocalRuntime;
let run: JobRun;
let output: string[][];

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    timeScale: 600,
    // 30 requests a minute on both sides; the margin covers the grant-to-arrival time the ×600 clock stretches:
    // 5 minutes there are half a second of real time, room for a loaded machine (10 s would be 17 ms).
    context: { heroBaseRequestsPerMinute: 30, vendorLimitMarginMs: 300_000 },
    heroBase: {
      campaigns: [
        {
          code: CAMPAIGN,
          name: 'Export test',
          projectName: 'B2B Export',
          // The demo campaign's fields, but ASCII-only company names: a regex some of the enriched leads fail.
          fields: LOCAL_HEROBASE.campaigns[0]!.fields.map((field) => (field.name === 'company' ? { ...field, regex: "^[A-Za-z0-9 .,&'-]*$" } : field)),
        },
      ],
    },
  });
  const dir = tempDir();
  run = await runtime.runJob(writeLeadFile(dir, 150, 21), { jobOptions: { export: { campaignCode: CAMPAIGN } } });
  const [csv] = await runtime.downloadOutputs(run.job, join(dir, 'out'));
  output = readCsv(csv!);
}, 300_000);

afterAll(async () => {
  await runtime?.close();
});

describe('export into a HeroBase campaign', () => {
  it('records an outcome for every row, and sends exactly the valid leads', () => {
    expect(run.job.status).toBe('COMPLETED');
    const column = output[0]!.indexOf('herobase_export');
    const outcomes = output.slice(1).map((row) => row[column]!);
    expect(outcomes).toHaveLength(150);
    for (const outcome of outcomes) expect(outcome).toMatch(/^(exported|invalid for campaign: .+|not exported: rejected)$/);
    const exportedRows = outcomes.filter((o) => o === 'exported').length;
    expect(exportedRows).toBeGreaterThan(60);
    // Duplicated rows share one lead, sent once: the campaign holds one lead per exported lead, not per row.
    const summary = run.summary?.export as { exported: number; leadsExported: number };
    expect(summary.exported).toBe(exportedRows);
    expect(runtime.heroBase.leadsIn(CAMPAIGN).length).toBe(summary.leadsExported);
    expect(summary.leadsExported).toBeLessThanOrEqual(exportedRows);
  });

  it('reports a regex rejection per lead and exports the rest', () => {
    const column = output[0]!.indexOf('herobase_export');
    const invalid = output.slice(1).filter((row) => row[column]!.startsWith('invalid for campaign'));
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid.some((row) => row[column] === 'invalid for campaign: company')).toBe(true);
    expect(run.summary?.export).toMatchObject({ campaignCode: CAMPAIGN, failed: 0 });
    // Nothing the campaign would refuse was sent: the simulator accepted every import it got.
    expect(runtime.heroBase.stats().importsRejected).toBe(0);
  });

  it('never exceeds the fair-use rate', () => {
    expect(runtime.heroBase.stats().rateLimited).toBe(0);
    expect(runtime.heroBase.stats().importsAccepted).toBeGreaterThan(30);
  });

  it('adds nothing to the campaign when the export runs again', async () => {
    const before = runtime.heroBase.leadsIn(CAMPAIGN).length;
    expect(await exportHandler({ jobId: run.jobId })).toEqual({ done: true });
    expect(runtime.heroBase.leadsIn(CAMPAIGN).length).toBe(before);
  });
});
