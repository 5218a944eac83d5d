import { describe, expect, it } from 'vitest';
import { planStep, type PlanStepPorts } from '../../lambdas/app/planStep';
import type { BatchRecord } from '../../lambdas/core/batch';
import type { JobRecord } from '../../lambdas/core/job';
import { jobLayout } from '../../lambdas/core/jobLayout';
import { initialState, type LeadState } from '../../lambdas/core/leadState';
import { vendorCacheKey, type CachedAnswer } from '../../lambdas/core/vendorCacheKey';
import type { Lead } from '../../lambdas/core/lead';
import { memoryLog } from './fakes';

const JOB = 'job-1';
const SETTINGS = { bucket: 'data', aggKnowledgeEnvironment: 'live', leadGeniusObjectsPerHour: 5_000, leadDataExpiryDays: 14 };
const ada: Lead = { firstName: 'Ada', lastName: 'Lovelace', companyName: 'Engines', domain: 'engines.example' };
const grace: Lead = { firstName: 'Grace', lastName: 'Hopper', companyName: 'Navy', domain: 'navy.example' };

function setup(leads: [string, Lead][], options: JobRecord['options'] = { plan: ['leadspace'] }, cached = new Map<string, CachedAnswer>(), cancelled = false) {
  const files = new Map<string, unknown>();
  const lines = new Map<string, string>();
  lines.set(jobLayout(JOB).leads(0), leads.map(([x, lead]) => JSON.stringify(initialState(x, lead))).join('\n'));
  const created: BatchRecord[] = [];
  const advanced: Record<string, number>[] = [];
  const job = { jobId: JOB, options, ...(cancelled && { cancelRequestedAt: 'x' }) } as JobRecord;
  const ports: PlanStepPorts = {
    jobs: { get: async () => job, advanceLeadsStep: async (_j, _from, counts) => (advanced.push(counts as Record<string, number>), true) },
    batches: { listForJob: async () => created, putNew: async (batches) => void created.push(...(batches as BatchRecord[])) },
    objects: {
      readJsonLines: async function* <T>(key: string) {
        for (const line of (lines.get(key) ?? '').split('\n').filter(Boolean)) yield JSON.parse(line) as T;
      },
      openWriter: (key) => {
        lines.set(key, '');
        return { write: async (chunk) => void lines.set(key, lines.get(key)! + chunk), end: async () => undefined };
      },
      putJson: async (key, value) => void files.set(key, value),
      putJsonLines: async (key, values) => void files.set(key, values),
    },
    openStepResults: async () => ({ fold: async (state) => state, batches: [] }),
    cache: { getMany: async (keys) => new Map(keys.filter((k) => cached.has(k)).map((k) => [k, cached.get(k)!])) },
    now: () => new Date('2026-12-01T10:00:00Z'),
    log: memoryLog().log,
  };
  const states = () =>
    lines
      .get(jobLayout(JOB).leads(1))!
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LeadState);
  return { plan: () => planStep(ports, SETTINGS, { jobId: JOB, step: 0 }), files, created, advanced, states };
}

describe('PlanStep', () => {
  it('sends each lead the step applies to in one batch record, and answers from the cross-job cache what it knows', async () => {
    const cached = new Map([[vendorCacheKey('leadspace', ada, ''), { status: 'enriched' as const, values: { person_title: 'Countess' } }]]);
    const { plan, files, created, advanced, states } = setup(
      [
        ['r1', ada],
        ['r2', grace],
      ],
      { plan: ['leadspace'] },
      cached,
    );
    expect(await plan()).toEqual({ next: 1, done: false, bucket: 'data', manifestKey: jobLayout(JOB).manifest(0), batchCount: 1 });
    const batch = files.get(jobLayout(JOB).batch(created[0]!.batchId)) as { externalId: string }[];
    expect(batch.map((r) => r.externalId)).toEqual(['r2']);
    expect(states()[0]!.values.person_title).toBe('Countess');
    expect(advanced).toEqual([{ batchCount: 1, leadspacePlanned: 1, leadspaceCacheHits: 1, leadspaceSkippedBudget: 0 }]);
  });

  it('buys one record for leads of the job that ask the vendor the same question, the others sharing its answer', async () => {
    const { plan, files, created, states } = setup([
      ['r1', ada],
      ['r9', { ...ada, title: 'Engineer' }],
    ]);
    await plan();
    expect((files.get(jobLayout(JOB).batch(created[0]!.batchId)) as unknown[]).length).toBe(1);
    expect(states()[1]).toMatchObject({ sb: created[0]!.batchId, sx: 'r1' });
  });

  it("holds the vendor to the job's budget: leads past it are skipped, never sent", async () => {
    const { plan, advanced, states } = setup(
      [
        ['r1', ada],
        ['r2', grace],
      ],
      { plan: ['leadspace'], budget: { leadspace: 1 } } as JobRecord['options'],
    );
    await plan();
    expect(advanced[0]).toMatchObject({ leadspacePlanned: 1, leadspaceSkippedBudget: 1 });
    expect(states()[1]!.steps.at(-1)).toMatchObject({ vendor: 'leadspace', status: expect.stringMatching(/^skipped: budget/) });
  });

  it('plans nothing more for a cancelled job: Merge comes next', async () => {
    const { plan, created } = setup([['r1', ada]], { plan: ['leadspace'] }, new Map(), true);
    expect(await plan()).toMatchObject({ done: true, batchCount: 0 });
    expect(created).toEqual([]);
  });
});
