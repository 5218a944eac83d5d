import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { prepareJob, type PrepareJobPorts } from '../../lambdas/app/prepareJob';
import type { JobRecord } from '../../lambdas/core/job';
import { jobLayout } from '../../lambdas/core/jobLayout';
import { memoryLog } from './fakes';

const JOB = 'job-1';
const SETTINGS = { maxInputBytes: 1_000_000, maxInputRows: 1_000 };

function setup(csv: string, options: JobRecord['options'] = {}) {
  const files = new Map<string, string>();
  const updates: Partial<JobRecord>[] = [];
  const ports: PrepareJobPorts = {
    jobs: {
      createIfAbsent: async (job) => ({ status: 'PREPARING', createdAt: '', updatedAt: '', expiresAt: 0, ...job, options }) as JobRecord,
      update: async (_jobId, fields) => void updates.push(fields),
    },
    objects: {
      readVersion: async () => ({ body: Readable.from([Buffer.from(csv)]), etag: 'etag-1' }),
      openWriter: (key) => {
        files.set(key, '');
        return { write: async (chunk) => void files.set(key, files.get(key)! + chunk), end: async () => undefined };
      },
      putJson: async (key, value) => void files.set(key, JSON.stringify(value)),
    },
    writeSearchAsInput: async () => undefined,
    now: () => new Date('2026-12-01T10:00:00Z'),
    log: memoryLog().log,
  };
  const lines = (key: string) =>
    files
      .get(key)!
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { prepare: () => prepareJob(ports, SETTINGS, { jobId: JOB, inputKey: `inputs/${JOB}/input.csv` }), files, updates, lines };
}

const HEADER = 'First Name,Last Name,Company,Email\n';

describe('Prepare', () => {
  it('plans every row once: leads deduped, rejected rows and report footers kept with their reason, counts on the job', async () => {
    const csv = `${HEADER}Ada,Lovelace,Engines,ada@engines.example\n ADA ,lovelace,ENGINES, ADA@ENGINES.EXAMPLE \n,,,\nGrace,Hopper,Navy,not-an-email\nGrand Total (3 records)\n`;
    const { prepare, updates, lines } = setup(csv);
    expect(await prepare()).toEqual({ next: 0 });
    const rows = lines(jobLayout(JOB).rows);
    expect(rows.map((r) => (r.f ? 'footer' : r.r ? 'rejected' : r.d ? 'duplicate' : 'lead'))).toEqual(['lead', 'duplicate', 'rejected', 'lead', 'footer']);
    expect(rows[1]!.x).toBe(rows[0]!.x);
    expect(lines(jobLayout(JOB).leads(0))).toHaveLength(2);
    expect(updates.at(-1)).toMatchObject({
      status: 'RUNNING',
      rows: 5,
      rejected: 1,
      duplicates: 1,
      uniqueLeads: 2,
      intake: expect.objectContaining({ reportFooters: 1 }),
    });
  });

  it('stops before anything is bought when no column identifies a lead, keeping the rows (IntakeRefused), unless forced', async () => {
    const csv = 'Colour,Size\nred,10\nblue,12\n';
    await expect(setup(csv).prepare()).rejects.toMatchObject({ name: 'IntakeRefused' });
    const forced = setup(csv, { force: true } as JobRecord['options']);
    await expect(forced.prepare()).resolves.toEqual({ next: 0 });
  });

  it('refuses a file with more rows than maxInputRows, saying which setting to change', async () => {
    const csv = HEADER + Array.from({ length: 1_001 }, (_, i) => `A${i},B,C,a${i}@c.example\n`).join('');
    await expect(setup(csv).prepare()).rejects.toThrow(/more than 1,000 rows.*maxInputRows/);
  });
});
