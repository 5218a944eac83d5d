/*
 * The default plan end to end with all three simulators: Leadspace first, then LeadGenius for rows still without a
 * work email, then AggKnowledge for rows with a LinkedIn URL and still no title. What each vendor bills is read
 * from its simulator and compared with what the rows needed, predicted here from the simulators' own rules.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime, type JobRun, type RunJobOptions } from '../../local/runtime';
import { deriveLeadGeniusEmails } from '../../local/simulators/leadgenius';
import { deriveAggKnowledgePerson } from '../../local/simulators/aggknowledge';
import { isFreeMailAddress } from '../../lambdas/core/workEmail';
import type { EnrichedValues } from '../../lambdas/core/enrichedFields';
import { expectedEnrichment, inputValues, readCsv, letters, tempDir, readJsonl } from './support';

const GROUP = 400;
const FIRST = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena'];
const LAST = ['Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Sato', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Xu', 'Young'];
const HEADER = ['First Name', 'Last Name', 'Company', 'Website', 'Email', 'Title', 'LinkedIn'];

/**
 * Three kinds of rows, GROUP of each, every one a different person: with a work email and a title; with neither
 * (some with a personal gmail address); with a LinkedIn URL but no title or email.
 */
function writeWaterfallFile(dir: string): string {
  const rows: string[][] = [HEADER];
  for (let i = 0; i < GROUP * 3; i++) {
    const first = FIRST[i % FIRST.length]!;
    // Letters only: Leadspace refuses names with digits (record error 1200).
    const last = `${LAST[(i * 7) % LAST.length]}${letters(i)}`;
    const company = `Firm ${Math.floor(i / 3)}`;
    const domain = `firm-${Math.floor(i / 3)}.example`;
    const kind = i % 3;
    const email = kind === 0 ? `${first}.${last}@${domain}`.toLowerCase() : kind === 1 && i % 2 === 0 ? `${first}${last}@gmail.com`.toLowerCase() : '';
    const title = kind === 0 ? 'Head of Sales' : '';
    const linkedin = kind === 2 ? `https://www.linkedin.com/in/${first}-${last}`.toLowerCase() : '';
    rows.push([first, last, company, `www.${domain}`, email, title, linkedin]);
  }
  const file = join(dir, 'waterfall.csv');
  writeFileSync(file, `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
  return file;
}

interface Expected {
  /** row index → the values after Leadspace, as fill-if-blank keeps them */
  afterLeadspace: EnrichedValues[];
  leadGenius: number[];
  aggKnowledge: number[];
}

function predict(rows: string[][]): Expected {
  const afterLeadspace = rows.map((cells) => {
    const own = inputValues(HEADER, cells);
    const vendor = expectedEnrichment(HEADER, cells) ?? {};
    const merged: EnrichedValues = { ...vendor };
    for (const [field, value] of Object.entries(own)) {
      if (!(field === 'person_email' && isFreeMailAddress(value))) merged[field as keyof EnrichedValues] = value;
    }
    if (own.person_email && isFreeMailAddress(own.person_email) && !vendor.person_email) merged.person_email = own.person_email;
    return merged;
  });
  const workEmail = (v: EnrichedValues) => Boolean(v.person_email) && !isFreeMailAddress(v.person_email!);
  const leadGenius = afterLeadspace.flatMap((v, i) => (!workEmail(v) && v.person_first_name && v.person_last_name && v.company_domain ? [i] : []));
  const aggKnowledge = afterLeadspace.flatMap((v, i) => (v.person_linkedin_url && !v.person_title ? [i] : []));
  return { afterLeadspace, leadGenius, aggKnowledge };
}

let runtime: LocalRuntime;
let dir: string;
let file: string;
let rows: string[][];
let expected: Expected;

interface Run {
  run: JobRun;
  output: string[][];
  jsonl: Array<{ row: number; sources: Record<string, string>; steps: Array<{ vendor: string; status: string; cached?: boolean }>; status: string }>;
  billed: { leadspace: number; leadgenius: number; aggknowledge: number };
  sent: { leadgenius: number; aggknowledge: number };
}

async function run(name: string, options: RunJobOptions = {}): Promise<Run> {
  const before = billedNow();
  const result = await runtime.runJob(file, options);
  const [csv, jsonl] = await runtime.downloadOutputs(result.job, join(dir, name));
  const after = billedNow();
  return {
    run: result,
    output: readCsv(csv!),
    jsonl: readJsonl<Run['jsonl'][number]>(jsonl!),
    billed: {
      leadspace: after.leadspace - before.leadspace,
      leadgenius: after.leadgenius - before.leadgenius,
      aggknowledge: after.aggknowledge - before.aggknowledge,
    },
    sent: { leadgenius: after.lgSent - before.lgSent, aggknowledge: after.akSent - before.akSent },
  };
}

function billedNow() {
  return {
    leadspace: runtime.simulator.stats().billedRecords,
    leadgenius: runtime.leadGenius.stats().billedObjects,
    aggknowledge: runtime.aggKnowledge.stats().billed,
    lgSent: runtime.leadGenius.stats().objectsAccepted,
    akSent: runtime.aggKnowledge.stats().itemsSubmitted,
  };
}

const column = (output: string[][], name: string) => output[0]!.indexOf(name);

beforeAll(async () => {
  dir = tempDir();
  file = writeWaterfallFile(dir);
  rows = readCsv(file).slice(1);
  expected = predict(rows);
  runtime = await LocalRuntime.start();
});

afterAll(async () => {
  await runtime?.close();
});

describe('the default plan with all three vendors', () => {
  let baseline: Run;

  beforeAll(async () => {
    baseline = await run('baseline');
  });

  it('needs every step for some rows, so the waterfall is really exercised', () => {
    expect(expected.leadGenius.length).toBeGreaterThan(50);
    // More than one page of AggKnowledge items (50 a page at most) in a single batch.
    expect(expected.aggKnowledge.length).toBeGreaterThan(50);
    expect(baseline.run.job.status).toBe('COMPLETED');
    expect(baseline.output).toHaveLength(rows.length + 1);
  });

  it('fills the emails Leadspace lacked from LeadGenius, and says so', () => {
    const email = column(baseline.output, 'enriched_person_email');
    const domain = column(baseline.output, 'enriched_company_domain');
    let filled = 0;
    for (const i of expected.leadGenius) {
      const out = baseline.output[i + 1]!;
      const found = deriveLeadGeniusEmails({ first: rows[i]![0]!, last: rows[i]![1]!, domain: out[domain]! });
      const step = baseline.jsonl[i]!.steps.find((s) => s.vendor === 'leadgenius');
      expect(step?.status, `row ${i + 1}`).toBe(found.length > 0 ? 'enriched' : 'not_found');
      if (found.length === 0) continue;
      expect(out[email], `row ${i + 1}`).toBe(found[0]);
      expect(baseline.jsonl[i]!.sources.person_email).toBe('leadgenius');
      filled += 1;
    }
    expect(filled).toBeGreaterThan(expected.leadGenius.length / 2);
    // Rows that did not need LeadGenius never reached it.
    const reached = baseline.jsonl.flatMap((r, i) => (r.steps.some((s) => s.vendor === 'leadgenius') ? [i] : []));
    expect(reached).toEqual(expected.leadGenius);
  });

  it('fills LinkedIn-based profiles from AggKnowledge without overwriting what the row had', () => {
    const title = column(baseline.output, 'enriched_person_title');
    const emailColumn = column(baseline.output, 'enriched_person_email');
    let profiles = 0;
    for (const i of expected.aggKnowledge) {
      const person = deriveAggKnowledgePerson({ professionalSocialMediaUrl: rows[i]![6]! });
      const out = baseline.output[i + 1]!;
      if (person.outcome !== 'found' || !person.person.title) continue;
      expect(out[title], `row ${i + 1}`).toBe(person.person.title);
      expect(baseline.jsonl[i]!.sources.person_title).toBe('aggknowledge');
      // An email found earlier (input, Leadspace, LeadGenius) is kept: AggKnowledge only fills blanks.
      const before = baseline.jsonl[i]!.sources.person_email;
      if (before && before !== 'aggknowledge') expect(out[emailColumn]).not.toBe(person.person.workEmail ?? '');
      profiles += 1;
    }
    expect(profiles).toBeGreaterThan(30);
    const reached = baseline.jsonl.flatMap((r, i) => (r.steps.some((s) => s.vendor === 'aggknowledge') ? [i] : []));
    expect(reached).toEqual(expected.aggKnowledge);
    // Every row's input values survive in the enriched columns.
    const firstName = column(baseline.output, 'enriched_person_first_name');
    baseline.output.slice(1).forEach((out, i) => expect(out[firstName]).toBe(rows[i]![0]));
  });

  it('bills each vendor exactly the rows that needed its step', () => {
    expect(baseline.billed.leadgenius).toBe(expected.leadGenius.length);
    expect(baseline.sent.aggknowledge).toBe(expected.aggKnowledge.length);
    const found = expected.aggKnowledge.filter((i) => deriveAggKnowledgePerson({ professionalSocialMediaUrl: rows[i]![6]! }).outcome === 'found');
    expect(baseline.billed.aggknowledge).toBe(found.length);
    expect(baseline.run.summary?.vendors).toMatchObject({
      leadspace: { recordsSent: rows.length, recordsBilled: baseline.billed.leadspace, cacheHits: 0, skippedBudget: 0 },
      leadgenius: { recordsSent: expected.leadGenius.length, recordsBilled: expected.leadGenius.length, cacheHits: 0 },
      aggknowledge: { recordsSent: expected.aggKnowledge.length, recordsBilled: found.length, cacheHits: 0 },
    });
  });

  it('reads AggKnowledge items 50 a page at most, following the cursor', () => {
    const stats = runtime.aggKnowledge.stats();
    expect(stats.pageSizeViolations).toBe(0);
    expect(stats.maxPageSizeSeen).toBeLessThanOrEqual(50);
    expect(stats.byEndpoint.listItems[200]).toBeGreaterThanOrEqual(Math.ceil(expected.aggKnowledge.length / 50));
  });

  it('bills the same, and writes the same file, under retries, 5XX faults, lost acceptances and repeated webhooks', async () => {
    runtime.simulator.setFaults({ serverErrorRate: 0.2, internalErrorRate: 0.05 });
    runtime.leadGenius.setFaults({ serverErrorRate: 0.2, duplicateWebhooks: true });
    runtime.aggKnowledge.setFaults({ serverErrorRate: 0.1, retryableItemRate: 0.2, acceptThenFailRate: 0.3 });
    const faulty = await run('faulty', { jobOptions: { bypassCache: true } });
    runtime.simulator.setFaults({});
    runtime.leadGenius.setFaults({});
    runtime.aggKnowledge.setFaults({});
    expect(faulty.run.job.status).toBe('COMPLETED');
    expect(faulty.output).toEqual(baseline.output);
    expect(faulty.billed).toEqual(baseline.billed);
    expect(runtime.aggKnowledge.stats().acceptedThenFailed).toBeGreaterThan(0);
  });

  it('buys nothing when the same file runs again: every answer comes from the cache', async () => {
    const again = await run('again');
    expect(again.run.job.status).toBe('COMPLETED');
    expect(again.billed).toEqual({ leadspace: 0, leadgenius: 0, aggknowledge: 0 });
    expect(again.sent).toEqual({ leadgenius: 0, aggknowledge: 0 });
    expect(again.output).toEqual(baseline.output);
    expect(again.run.summary?.vendors).toMatchObject({
      leadspace: { recordsSent: 0, cacheHits: rows.length },
      leadgenius: { recordsSent: 0, cacheHits: expected.leadGenius.length },
      aggknowledge: { recordsSent: 0, cacheHits: expected.aggKnowledge.length },
    });
    expect(again.jsonl.every((r) => r.steps.every((s) => s.cached === true))).toBe(true);
  });

  it('stops at the budget: the rows past the cap are "skipped: budget" and the job ends PARTIAL', async () => {
    const cap = 25;
    const capped = await run('capped', { jobOptions: { bypassCache: true, budget: { leadgenius: cap } } });
    expect(capped.run.job.status).toBe('PARTIAL');
    expect(capped.billed.leadgenius).toBe(cap);
    const status = column(capped.output, 'status');
    const skipped = capped.output.slice(1).flatMap((out, i) => (out[status] === 'skipped: budget' ? [i] : []));
    // The first rows (in file order) that needed LeadGenius got it; every later one was skipped.
    expect(skipped).toEqual(expected.leadGenius.slice(cap));
    expect(capped.run.summary).toMatchObject({
      status: 'PARTIAL',
      skipped: { total: expected.leadGenius.length - cap, byReason: { budget: expected.leadGenius.length - cap } },
      vendors: { leadgenius: { recordsSent: cap, recordsBilled: cap, skippedBudget: expected.leadGenius.length - cap } },
    });
    // The other vendors were not capped.
    expect(capped.billed.aggknowledge).toBe(baseline.billed.aggknowledge);
  });
});

describe('leads that ask a vendor the same question', () => {
  it('are sent once and share the answer', async () => {
    // Two leads for Leadflow (one with a personal address, one without), but one LeadGenius question: name + domain.
    const small = join(dir, 'same-question.csv');
    writeFileSync(small, 'First Name,Last Name,Website,Email\r\nAda,Novak,www.analytical.example,ada.novak@gmail.com\r\nAda,Novak,analytical.example,\r\n');
    const before = runtime.leadGenius.stats().objectsAccepted;
    const result = await runtime.runJob(small, { jobOptions: { plan: ['leadgenius'], bypassCache: true } });
    expect(result.job.uniqueLeads).toBe(2);
    expect(runtime.leadGenius.stats().objectsAccepted - before).toBe(1);
    const [csv] = await runtime.downloadOutputs(result.job, join(dir, 'same-question'));
    const output = readCsv(csv!);
    const email = column(output, 'enriched_person_email');
    const found = deriveLeadGeniusEmails({ first: 'Ada', last: 'Novak', domain: 'analytical.example' })[0];
    expect(found).toBeDefined();
    expect(output.slice(1).map((row) => row[email])).toEqual([found, found]);
  });
});
