/*
 * A job that starts from a HeroBase lead search (its CSV export asked for in windows-1252), is enriched through
 * the default plan and pushed into another campaign: names such as Søren, Zoë and Jürgen survive every hop.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_HEROBASE, LocalRuntime, type JobRun } from '../../local/runtime';
import { readCsv, tempDir } from './support';

const TARGET = 'B2B-REENRICHED';
let runtime: LocalRuntime;
let run: JobRun;
let output: string[][];

beforeAll(async () => {
  runtime = await LocalRuntime.start({
    heroBase: {
      campaigns: [...LOCAL_HEROBASE.campaigns, { ...LOCAL_HEROBASE.campaigns[0]!, code: TARGET, name: 'Re-enriched leads', projectName: 'B2B Re-enrichment' }],
    },
  });
  run = await runtime.runSearchJob({
    jobOptions: {
      heroBaseSearch: { name: 'All leads', from: '2020-01-01', encoding: 'windows-1252' },
      export: { campaignCode: TARGET },
    },
  });
  const [csv] = await runtime.downloadOutputs(run.job, join(tempDir(), 'out'));
  output = readCsv(csv!);
});

afterAll(async () => {
  await runtime?.close();
});

describe('a job from a HeroBase lead search', () => {
  it('reads the windows-1252 export intact and enriches every lead of the search', async () => {
    expect(run.job.status).toBe('COMPLETED');
    expect(run.job.source).toBe('herobase');
    const input = await runtime.readText(run.job.inputKey);
    for (const name of ['Søren', 'Zoë', 'Jürgen']) expect(input).toContain(name);
    const firstName = output[0]!.indexOf('firstName');
    expect(output.slice(1, 4).map((row) => row[firstName])).toEqual(['Søren', 'Zoë', 'Jürgen']);
    expect(output).toHaveLength(run.job.rows! + 1);
    expect(run.summary?.rows).toBeGreaterThan(3);
    const enrichedFirst = output[0]!.indexOf('enriched_person_first_name');
    expect(output.slice(1, 4).map((row) => row[enrichedFirst])).toEqual(['Søren', 'Zoë', 'Jürgen']);
  });

  it('pushes the re-enriched leads into the target campaign, names intact', () => {
    const pushed = runtime.heroBase.leadsIn(TARGET);
    expect(pushed.length).toBe((run.summary?.export as { leadsExported: number }).leadsExported);
    const names = pushed.map((lead) => lead.data.name);
    for (const name of ['Søren Østergaard', 'Zoë Brontë', 'Jürgen Müller']) expect(names).toContain(name);
  });
});
