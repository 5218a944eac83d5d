import { describe, expect, it } from 'vitest';
import { exportToCampaign, type ExportPorts } from '../../lambdas/app/exportToCampaign';
import type { ExportEntry } from '../../lambdas/core/campaignMapping';
import type { JobRecord } from '../../lambdas/core/job';
import type { LeadState } from '../../lambdas/core/leadState';
import { jobLayout } from '../../lambdas/core/jobLayout';
import { VendorFatalError } from '../../lambdas/vendors/errors';
import { manualClock, memoryLog } from './fakes';

const SPECS = [
  { name: 'Email', type: 'varchar', regex: '^[^@]+@[^@]+$', required: true, example: '' },
  { name: 'Phone', type: 'phone', regex: '', required: false, example: '' },
];
const lead = (x: string, email: string): LeadState => ({ x, values: { person_email: email } }) as unknown as LeadState;

function setup(
  leads: LeadState[],
  options: { importLead?: (data: Record<string, string>) => Promise<unknown>; cancelled?: boolean; minutesPerLead?: number } = {},
) {
  const entries = new Map<string, ExportEntry>();
  const sent: string[] = [];
  const files = new Map<string, string>();
  const clock = manualClock();
  const job = {
    jobId: 'job-1',
    leadsStep: 2,
    options: { export: { campaignCode: 'C1' } },
    ...(options.cancelled && { cancelRequestedAt: 'x' }),
  } as unknown as JobRecord;
  const ports: ExportPorts = {
    jobs: { get: async () => job },
    heroBase: async () =>
      ({
        importExample: async () => SPECS,
        importLead: async (_code: string, data: Record<string, string>) => {
          sent.push(data.Email!);
          clock.advance((options.minutesPerLead ?? 0) * 60_000);
          return (options.importLead?.(data) ?? { stored: true, leadId: `L-${data.Email}` }) as never;
        },
      }) as never,
    paced: (call) => call(),
    ledger: () => ({
      claim: async (x) => (entries.has(x) ? false : (entries.set(x, { state: 'sending' }), true)),
      record: async (x, outcome, leadId) => void entries.set(x, { state: 'done', outcome, leadId }),
      getMany: async (xs) => new Map(xs.filter((x) => entries.has(x)).map((x) => [x, entries.get(x)!])),
    }),
    leads: async function* (_jobId, step) {
      expect(step).toBe(2);
      yield* leads;
    },
    openWriter: (key) => {
      files.set(key, '');
      return { write: async (chunk) => void files.set(key, files.get(key)! + chunk), end: async () => undefined };
    },
    clock: clock.now,
    log: memoryLog().log,
  };
  const outcomes = () =>
    (files.get(jobLayout('job-1').exportOutcomes) ?? '')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { x: string; outcome: string });
  return { run: () => exportToCampaign(ports, 'job-1'), sent, entries, outcomes };
}

describe('Export to a HeroBase campaign', () => {
  it("sends the leads the campaign's rules accept, once each, and records every lead's outcome in lead order", async () => {
    const { run, sent, outcomes } = setup([lead('r1', 'ada@x.example'), lead('r2', ''), lead('r3', 'grace@y.example')]);
    expect(await run()).toEqual({ done: true });
    expect(sent).toEqual(['ada@x.example', 'grace@y.example']);
    expect(outcomes()).toEqual([
      { x: 'r1', outcome: 'exported' },
      { x: 'r2', outcome: 'invalid for campaign: Email' },
      { x: 'r3', outcome: 'exported' },
    ]);
  });

  it('goes on in another slice when time runs out, never sending a lead twice', async () => {
    const leads = Array.from({ length: 5 }, (_, i) => lead(`r${i}`, `p${i}@x.example`));
    const { run, sent } = setup(leads, { minutesPerLead: 4 });
    expect(await run()).toEqual({ done: false });
    expect(sent.length).toBeLessThan(5);
    let done = false;
    while (!done) done = (await run()).done;
    expect(sent).toEqual(leads.map((_, i) => `p${i}@x.example`));
  });

  it('keeps a lead claimed by an attempt that died while sending out of every later attempt, and says so', async () => {
    const { run, entries, sent, outcomes } = setup([lead('r1', 'ada@x.example')]);
    entries.set('r1', { state: 'sending' });
    await run();
    expect(sent).toEqual([]);
    expect(outcomes()).toEqual([{ x: 'r1', outcome: 'failed: herobase answer lost (check the campaign before sending again)' }]);
  });

  it('stops on a refused login, writing what was sent before it', async () => {
    let calls = 0;
    const refused = new VendorFatalError({ vendor: 'herobase', httpStatus: 401, code: 'unauthorized', message: 'HeroBase refused the login (401)' });
    const { run, outcomes } = setup([lead('r1', 'ada@x.example'), lead('r2', 'bob@x.example')], {
      importLead: async () => {
        if ((calls += 1) === 2) throw refused;
        return { stored: true };
      },
    });
    await expect(run()).rejects.toBe(refused);
    expect(outcomes()).toEqual([
      { x: 'r1', outcome: 'exported' },
      { x: 'r2', outcome: 'failed: herobase answer lost (check the campaign before sending again)' },
    ]);
  });

  it('pushes nothing for a cancelled job', async () => {
    const { run, sent } = setup([lead('r1', 'ada@x.example')], { cancelled: true });
    expect(await run()).toEqual({ done: true });
    expect(sent).toEqual([]);
  });
});
