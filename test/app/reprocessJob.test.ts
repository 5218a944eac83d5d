import { describe, expect, it } from 'vitest';
import { reprocessJob, type ReprocessPorts } from '../../lambdas/app/reprocessJob';
import type { VendorStep } from '../../lambdas/app/ports';
import type { BatchRecord } from '../../lambdas/core/batch';
import type { StepRecord } from '../../lambdas/core/batcher';
import type { EnrichedValues, RecordResult } from '../../lambdas/core/enrichedFields';
import { VendorAnswerUnreadable } from '../../lambdas/core/errors';
import type { JobRecord } from '../../lambdas/core/job';
import { jobLayout } from '../../lambdas/core/jobLayout';
import type { LeadState } from '../../lambdas/core/leadState';
import type { Vendor } from '../../lambdas/core/plan';
import type { CachedAnswer } from '../../lambdas/core/vendorCacheKey';
import { memoryBatches, memoryJob, memoryObjects, memoryStepResults, submittedBatch } from './fakes';

const JOB = 'job-1';
const layout = jobLayout(JOB);
const UNREADABLE = VendorAnswerUnreadable.name;

/** The one answer shape the reading that runs now knows; anything else is unreadable, as a new vendor dialect was. */
interface KeptAnswer {
  found?: Record<string, EnrichedValues>;
  notFound?: string[];
  retry?: string[];
}

/** The vendor adapter as the code runs now: it reads kept answers, and counts any attempt to buy. */
function readingNow() {
  const bought: string[] = [];
  const vendor: VendorStep = {
    callsBack: true,
    submit: async (request) => {
      bought.push(`submit ${request.batch.batchId}`);
      return { throttledMs: 0 };
    },
    poll: async (batch) => {
      bought.push(`poll ${batch.batchId}`);
      return { state: 'processing' };
    },
    collect: (raw, sent) => {
      if (typeof raw !== 'object' || raw === null || !('found' in raw)) throw new VendorAnswerUnreadable('no reading knows this answer');
      const answer = raw as KeptAnswer;
      const outcomes = new Map<string, RecordResult>();
      for (const { externalId } of sent) {
        const values = answer.found?.[externalId];
        if (values) outcomes.set(externalId, { externalId, status: 'enriched', values });
        else if (answer.notFound?.includes(externalId)) outcomes.set(externalId, { externalId, status: 'not_found', values: {} });
      }
      // A found or a not-found record is billed; a record failed transiently is not.
      return { outcomes, retryIds: new Set(answer.retry ?? []), billed: outcomes.size };
    },
    stillFailing: (externalId) => ({ externalId, status: 'failed: vendor unavailable', values: {} }),
  };
  return { vendor, bought };
}

const stepRecord = (externalId: string, vendor: Vendor = 'leadspace'): StepRecord => ({
  externalId,
  cacheKey: `${vendor}:${externalId}`,
  lead: { firstName: 'x' },
});
const jsonLines = (values: readonly unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');
/** A round as Poll and Submit left it: the raw answer kept (unless lost) and the records sent. */
const round = (batchId: string, n: number, raw: unknown, ids: string[], vendor: Vendor = 'leadspace') => ({
  ...(raw !== undefined && { [layout.rawResults(batchId, n)]: JSON.stringify(raw) }),
  [layout.sent(batchId, n)]: jsonLines(ids.map((id) => stepRecord(id, vendor))),
});

function setup(batches: BatchRecord[], files: Record<string, string>, job: Partial<JobRecord> = {}) {
  const jobs = memoryJob({ jobId: JOB, status: 'RUNNING', leadsStep: 1, options: { plan: ['leadspace'] }, ...job });
  const rows = memoryBatches(...batches);
  const objects = memoryObjects(files);
  const cached = new Map<string, CachedAnswer>();
  const { vendor, bought } = readingNow();
  const ports: ReprocessPorts = {
    batches: rows,
    objects,
    openStepResults: memoryStepResults(objects, rows),
    jobs,
    cache: { putMany: async (entries) => void entries.forEach((answer, key) => cached.set(key, answer)) },
    vendorStep: () => vendor,
  };
  const batch = (batchId: string) => rows.rows.get(`${JOB}/${batchId}`)!;
  return { reprocess: () => reprocessJob(JOB, ports), job: jobs.job, batch, objects, cached, bought };
}

describe('Reprocess', () => {
  it('reads an answer no reading knew when it came, buying nothing: every record has its result, real answers are cached, the batch is collected and its billing counted once', async () => {
    const b = 's0-b00001';
    const { reprocess, job, batch, objects, cached, bought } = setup(
      [submittedBatch({ batchId: b, records: 3, state: 'FAILED', error: UNREADABLE })],
      round(b, 1, { found: { r1: { person_title: 'CTO' } }, notFound: ['r2'] }, ['r1', 'r2', 'r3']),
      { batchCount: 1, batchesFailed: 1, recordsBilled: 0 },
    );
    expect(await reprocess()).toEqual({ roundsRead: 1, recovered: 1, unreadable: 0 });
    expect(objects.lines<RecordResult>(layout.results(b, 1))).toEqual([
      { externalId: 'r1', status: 'enriched', values: { person_title: 'CTO' } },
      { externalId: 'r2', status: 'not_found', values: {} },
      { externalId: 'r3', status: 'failed: leadspace returned no result', values: {} },
    ]);
    // A failure may succeed next time: it is not cached.
    expect(Object.fromEntries(cached)).toEqual({
      'leadspace:r1': { status: 'enriched', values: { person_title: 'CTO' } },
      'leadspace:r2': { status: 'not_found', values: {} },
    });
    expect(batch(b)).toMatchObject({ state: 'COLLECTED' });
    expect(batch(b).error).toBeUndefined();
    expect(job).toMatchObject({ batchesDone: 1, batchesFailed: 0, recordsBilled: 2, leadspaceBilled: 2 });
    expect(bought).toEqual([]);
    // A one-step job: Merge folds the step, so no lead state is rewritten here.
    expect([...objects.files.keys()].filter((key) => key.includes('/work/leads'))).toEqual([]);

    // Reprocessed again (or the Lambda retried): read again, counted no more.
    expect(await reprocess()).toEqual({ roundsRead: 1, recovered: 0, unreadable: 0 });
    expect(job).toMatchObject({ batchesDone: 1, batchesFailed: 0, recordsBilled: 2, leadspaceBilled: 2 });
  });

  it('counts only the unreadable retry round as newly billed: Collect counted the first round when it scheduled the retry', async () => {
    const b = 's0-b00001';
    const { reprocess, job, objects } = setup(
      [submittedBatch({ batchId: b, records: 3, round: 2, submittedRound: 2, state: 'FAILED', error: UNREADABLE })],
      {
        ...round(b, 1, { found: { r1: { person_title: 'CTO' } }, retry: ['r2', 'r3'] }, ['r1', 'r2', 'r3']),
        ...round(b, 2, { found: { r2: { person_title: 'CFO' } }, notFound: ['r3'] }, ['r2', 'r3']),
      },
      { batchCount: 1, batchesFailed: 1, recordsBilled: 1, leadspaceBilled: 1 },
    );
    expect(await reprocess()).toEqual({ roundsRead: 2, recovered: 1, unreadable: 0 });
    // Round 1 keeps only its final records: the retried ones are round 2's.
    expect(objects.lines<RecordResult>(layout.results(b, 1)).map((r) => [r.externalId, r.status])).toEqual([['r1', 'enriched']]);
    expect(objects.lines<RecordResult>(layout.results(b, 2)).map((r) => [r.externalId, r.status])).toEqual([
      ['r2', 'enriched'],
      ['r3', 'not_found'],
    ]);
    expect(job).toMatchObject({ batchesDone: 1, batchesFailed: 0, recordsBilled: 3, leadspaceBilled: 3 });
  });

  it('leaves a batch failed when its kept answer is lost or still unreadable, says how many it cannot read, and writes or counts nothing for them', async () => {
    const [stillUnreadable, lost, neverAccepted] = ['s0-b00001', 's0-b00002', 's0-b00003'];
    const { reprocess, job, batch, objects, cached } = setup(
      [
        submittedBatch({ batchId: stillUnreadable, state: 'FAILED', error: UNREADABLE }),
        submittedBatch({ batchId: lost, state: 'FAILED', error: UNREADABLE }),
        submittedBatch({ batchId: neverAccepted, state: 'FAILED', error: 'VendorUnavailable', submittedRound: undefined, vendorBulkId: undefined }),
      ],
      { ...round(stillUnreadable, 1, { rows: [{ id: 'r1' }] }, ['r1']), ...round(lost, 1, undefined, ['r2']) },
      { batchCount: 3, batchesFailed: 3, recordsBilled: 0 },
    );
    expect(await reprocess()).toEqual({ roundsRead: 0, recovered: 0, unreadable: 1 });
    for (const b of [stillUnreadable, lost, neverAccepted]) expect(batch(b).state).toBe('FAILED');
    expect(batch(stillUnreadable).error).toBe(UNREADABLE);
    expect([...objects.files.keys()].filter((key) => key.includes('/results/'))).toEqual([]);
    expect(cached.size).toBe(0);
    expect(job).toMatchObject({ batchesFailed: 3, recordsBilled: 0 });
    expect(job.batchesDone).toBeUndefined();
  });

  it("rewrites a collected batch's results with the reading that runs now, counting nothing twice", async () => {
    const b = 's0-b00001';
    const { reprocess, job, batch, objects, cached } = setup(
      [submittedBatch({ batchId: b, state: 'COLLECTED' })],
      {
        ...round(b, 1, { found: { r1: { person_title: 'CTO' } } }, ['r1']),
        // what an older reading made of the same answer
        [layout.results(b, 1)]: jsonLines([{ externalId: 'r1', status: 'failed: leadspace returned no result', values: {} }]),
      },
      { batchCount: 1, batchesDone: 1, recordsBilled: 1, leadspaceBilled: 1 },
    );
    expect(await reprocess()).toEqual({ roundsRead: 1, recovered: 0, unreadable: 0 });
    expect(objects.lines<RecordResult>(layout.results(b, 1))).toEqual([{ externalId: 'r1', status: 'enriched', values: { person_title: 'CTO' } }]);
    expect(cached.get('leadspace:r1')).toEqual({ status: 'enriched', values: { person_title: 'CTO' } });
    expect(batch(b).state).toBe('COLLECTED');
    expect(job).toMatchObject({ batchesDone: 1, recordsBilled: 1, leadspaceBilled: 1 });
    expect(job.batchesFailed).toBeUndefined();
  });

  describe('a two-step job whose first step had an unreadable answer', () => {
    const input = (x: string, firstName: string) => ({ x, values: { person_first_name: firstName }, sources: { person_first_name: 'input' } });
    // Before step 0 ran: every lead sent to Leadspace.
    const leads1 = [
      { ...input('r1', 'Ada'), steps: [], sb: 's0-b00001' },
      { ...input('r2', 'Grace'), steps: [], sb: 's0-b00002' },
      { ...input('r3', 'Alan'), steps: [], sb: 's0-b00002' },
    ] as LeadState[];
    // Before step 1 ran, as PlanStep wrote them: r1 held (its earlier answer unreadable), r2 answered by the cache,
    // r3 sent to LeadGenius; an older reading found no title for r2.
    const leads2 = [
      {
        ...input('r1', 'Ada'),
        steps: [
          { vendor: 'leadspace', status: 'failed: vendor answer unreadable' },
          { vendor: 'leadgenius', status: 'skipped: earlier answer unreadable' },
        ],
      },
      {
        x: 'r2',
        values: { person_first_name: 'Grace', person_email: 'grace@y.example' },
        sources: { person_first_name: 'input', person_email: 'leadgenius' },
        steps: [
          { vendor: 'leadspace', status: 'not_found' },
          { vendor: 'leadgenius', status: 'enriched', cached: true },
        ],
      },
      { ...input('r3', 'Alan'), steps: [{ vendor: 'leadspace', status: 'not_found' }], sb: 's1-b00001' },
    ] as LeadState[];

    const twoSteps = (leadsBefore2 = leads2) =>
      setup(
        [
          submittedBatch({ batchId: 's0-b00001', records: 1, state: 'FAILED', error: UNREADABLE }),
          submittedBatch({ batchId: 's0-b00002', records: 2, state: 'COLLECTED' }),
          submittedBatch({ batchId: 's1-b00001', step: 1, vendor: 'leadgenius', records: 1, state: 'COLLECTED' }),
        ],
        {
          ...round('s0-b00001', 1, { found: { r1: { person_title: 'CTO' } } }, ['r1']),
          ...round('s0-b00002', 1, { found: { r2: { person_title: 'CFO' } }, notFound: ['r3'] }, ['r2', 'r3']),
          ...round('s1-b00001', 1, { found: { r3: { person_email: 'alan@z.example' } } }, ['r3'], 'leadgenius'),
          [layout.leads(1)]: jsonLines(leads1),
          [layout.leads(2)]: jsonLines(leadsBefore2),
        },
        { leadsStep: 2, options: { plan: ['leadspace', 'leadgenius'] }, batchCount: 3, batchesDone: 2, batchesFailed: 1, recordsBilled: 3, leadspaceBilled: 2 },
      );

    it("folds the answers read again into the next step's lead states, replaying what that step decided instead of deciding again", async () => {
      const { reprocess, job, objects, bought } = twoSteps();
      expect(await reprocess()).toEqual({ roundsRead: 3, recovered: 1, unreadable: 0 });
      expect(objects.lines<LeadState>(layout.leads(2))).toEqual([
        // Its Leadspace answer now read; the step that held it is not replayed (a rerun buys what is still missing).
        {
          x: 'r1',
          values: { person_first_name: 'Ada', person_title: 'CTO' },
          sources: { person_first_name: 'input', person_title: 'leadspace' },
          steps: [{ vendor: 'leadspace', status: 'enriched' }],
        },
        // The title the newer reading finds, and the cached LeadGenius answer again.
        {
          x: 'r2',
          values: { person_first_name: 'Grace', person_title: 'CFO', person_email: 'grace@y.example' },
          sources: { person_first_name: 'input', person_title: 'leadspace', person_email: 'leadgenius' },
          steps: [
            { vendor: 'leadspace', status: 'enriched' },
            { vendor: 'leadgenius', status: 'enriched', cached: true },
          ],
        },
        // Still in the LeadGenius batch it was sent in: Merge folds that step's answer.
        { ...input('r3', 'Alan'), steps: [{ vendor: 'leadspace', status: 'not_found' }], sb: 's1-b00001' },
      ]);
      expect(objects.lines<LeadState>(layout.leads(1))).toEqual(leads1);
      expect(objects.lines<RecordResult>(layout.results('s1-b00001', 1))).toEqual([
        { externalId: 'r3', status: 'enriched', values: { person_email: 'alan@z.example' } },
      ]);
      expect(job).toMatchObject({ batchesDone: 3, batchesFailed: 0, recordsBilled: 4, leadspaceBilled: 3 });
      expect(bought).toEqual([]);
    });

    it("stops rather than pair a lead's state with another lead's when the steps' files are out of order", async () => {
      const shuffled = [leads2[1]!, leads2[0]!, leads2[2]!];
      const { reprocess, objects } = twoSteps(shuffled);
      await expect(reprocess()).rejects.toThrow(/Lead states of step 2 out of step with step 1 at r1/);
      expect(objects.lines<LeadState>(layout.leads(2))).toEqual(shuffled);
    });
  });

  it('fails for a job that does not exist', async () => {
    const { reprocess } = setup([], {}, { jobId: 'another-job' });
    await expect(reprocess()).rejects.toThrow(`Job ${JOB} not found`);
  });
});
