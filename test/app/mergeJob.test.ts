import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { mergeJob, type MergeJobPorts } from '../../lambdas/app/mergeJob';
import type { BatchRecord } from '../../lambdas/core/batch';
import type { JobCompletedDetail, JobRecord } from '../../lambdas/core/job';
import { jobLayout, type PlannedRow } from '../../lambdas/core/jobLayout';
import type { LeadState } from '../../lambdas/core/leadState';
import { memoryLog, submittedBatch } from './fakes';

const JOB = 'job-1';
const layout = jobLayout(JOB);
const HEADER = ['First Name', 'Email'];

const enriched = (x: string): LeadState =>
  ({ x, values: { person_title: 'CTO' }, sources: { person_title: 'leadspace' }, steps: [{ vendor: 'leadspace', status: 'enriched' }] }) as LeadState;

function setup(rows: PlannedRow[], leads: LeadState[], options: { job?: Partial<JobRecord>; batches?: BatchRecord[]; legacyDuplicated?: true } = {}) {
  const files = new Map<string, string>();
  files.set(layout.header, JSON.stringify(HEADER));
  const duplicateRows = rows.filter((r) => r.d).map((r) => r.x!);
  const counts: Record<string, number> = {};
  for (const x of duplicateRows) counts[x] = (counts[x] ?? 0) + 1;
  // As Prepare writes it (Deduper.duplicateCounts), or as Prepare wrote it before it counted: the ids alone.
  files.set(layout.duplicated, JSON.stringify(options.legacyDuplicated ? [...new Set(duplicateRows)] : counts));
  files.set(layout.rows, rows.map((r) => JSON.stringify(r)).join('\n'));
  files.set(layout.leads(1), leads.map((l) => JSON.stringify(l)).join('\n'));
  let job: JobRecord = {
    jobId: JOB,
    status: 'RUNNING',
    leadsStep: 1,
    options: { plan: ['leadspace'] },
    createdAt: '',
    updatedAt: '',
    expiresAt: 0,
    recordsBilled: 1,
    ...options.job,
  } as JobRecord;
  const events: JobCompletedDetail[] = [];
  const released: string[] = [];
  const ports: MergeJobPorts = {
    jobs: {
      get: async () => job,
      recordFailureReason: async (_j, reason) => void (job = { ...job, failureReason: job.failureReason ?? reason }),
      update: async (_j, fields) => void (job = { ...job, ...fields }),
    },
    batches: { listForJob: async () => options.batches ?? [submittedBatch({ state: 'COLLECTED' })] },
    objects: {
      readJsonIfExists: async <T>(key: string) => (files.has(key) ? (JSON.parse(files.get(key)!) as T) : undefined),
      readJsonLines: async function* <T>(key: string) {
        for (const line of (files.get(key) ?? '').split('\n').filter(Boolean)) yield JSON.parse(line) as T;
      },
      readJsonLinesIfExists: async () => undefined,
      openWriter: (key) => {
        files.set(key, '');
        return { write: async (chunk) => void files.set(key, files.get(key)! + chunk), end: async () => undefined };
      },
      putJson: async (key, value) => void files.set(key, JSON.stringify(value)),
    },
    openStepResults: async () => ({ fold: async (state) => state, batches: [] }),
    backlog: { releaseJob: async (jobId) => (released.push(jobId), true) },
    publishCompleted: async (detail) => void events.push(detail),
    countJobEnded: () => undefined,
    now: () => new Date('2026-12-01T10:00:00Z'),
    log: memoryLog().log,
  };
  const csv = (key: string) => parse(files.get(key)!.replace(/^\uFEFF/, '')) as string[][];
  return { merge: (input: Parameters<typeof mergeJob>[1] = { jobId: JOB }) => mergeJob(ports, input), csv, files, events, released, job: () => job };
}

describe('Merge', () => {
  it("gives every duplicate its lead's answer wherever it comes, from the count Prepare wrote or from the ids alone", async () => {
    const rows: PlannedRow[] = [
      { c: ['Ada', 'ada@x.example'], x: 'r1' },
      { c: ['Grace', 'grace@x.example'], x: 'r2' },
      { c: ['ADA', 'ada@x.example'], x: 'r1', d: true },
      { c: ['Grace', 'GRACE@x.example'], x: 'r2', d: true },
      { c: ['ada', 'Ada@x.example'], x: 'r1', d: true },
    ];
    for (const legacyDuplicated of [undefined, true] as const) {
      const { merge, csv } = setup(rows, [enriched('r1'), { ...enriched('r2'), values: { person_title: 'CEO' } } as LeadState], { legacyDuplicated });
      expect(await merge()).toEqual({ status: 'COMPLETED' });
      const out = csv(layout.enrichedCsv);
      const title = out[0]!.indexOf('enriched_person_title');
      expect(out.slice(1).map((r) => r[title])).toEqual(['CTO', 'CEO', 'CTO', 'CEO', 'CTO']);
    }
  });

  it("writes one output row per input row, in input order, duplicates sharing their lead's answer, with a status each", async () => {
    const rows: PlannedRow[] = [
      { c: ['Ada', 'ada@x.example'], x: 'r1' },
      { c: ['', 'not-an-email'], r: 'no name and no email' },
      { c: ['ADA', 'ADA@X.EXAMPLE'], x: 'r1', d: true },
      { c: ['Grand Total (2 records)'], f: true },
    ];
    const { merge, csv, events, job } = setup(rows, [enriched('r1')]);
    expect(await merge()).toEqual({ status: 'COMPLETED' });
    const out = csv(layout.enrichedCsv);
    const status = out[0]!.findIndex((h) => h === 'leadflow_status' || h === 'status');
    expect(out.slice(1).map((r) => [r[0], r[status]])).toEqual([
      ['Ada', 'enriched'],
      ['', 'rejected: no name and no email'],
      ['ADA', 'enriched'],
      ['Grand Total (2 records)', 'skipped: not a lead (report footer)'],
    ]);
    expect(csv(layout.rejectedCsv).slice(1)).toEqual([['', 'not-an-email', 'no name and no email']]);
    expect(job()).toMatchObject({ status: 'COMPLETED', rowsByStatus: expect.objectContaining({ enriched: 2, rejected: 1, reportFooters: 1 }) });
    expect(events).toEqual([expect.objectContaining({ jobId: JOB, status: 'COMPLETED', rows: 4, recordsBilled: 1 })]);
    expect(JSON.stringify(events)).not.toContain('ada@');
  });

  it('ends a cancelled job CANCELLED with every row, leads no step reached marked cancelled, and gives back its backlog', async () => {
    const untouched = { x: 'r1', values: {}, sources: {}, steps: [] } as unknown as LeadState;
    const { merge, csv, released, job } = setup([{ c: ['Ada', 'ada@x.example'], x: 'r1' }], [untouched], {
      job: { cancelRequestedAt: '2026-12-01T09:59:00Z' },
    });
    expect(await merge()).toEqual({ status: 'CANCELLED' });
    expect(csv(layout.enrichedCsv).slice(1)[0]).toContain('failed: cancelled');
    expect(released).toEqual([JOB]);
    expect(job().failureReason).toBe('Cancelled by the user');
  });

  it('fails the job when every batch failed, naming why, and keeps every row', async () => {
    const failed = { x: 'r1', values: {}, sources: {}, steps: [{ vendor: 'leadspace', status: 'failed: vendor unavailable' }] } as unknown as LeadState;
    const { merge, csv, job } = setup([{ c: ['Ada', 'ada@x.example'], x: 'r1' }], [failed], {
      batches: [submittedBatch({ state: 'FAILED', error: 'VendorUnavailable' })],
    });
    expect(await merge()).toEqual({ status: 'FAILED' });
    expect(csv(layout.enrichedCsv)).toHaveLength(2);
    expect(job().failureReason).toMatch(/Every batch failed \(vendor unavailable\)/);
  });
});
