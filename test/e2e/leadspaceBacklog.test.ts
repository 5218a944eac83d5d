/*
 * Leadspace's backlog (at most so many leads per account, whatever job sent them) is held across every running
 * job, not per job: two jobs started together never have more with Leadspace than the backlog takes, so the
 * vendor never has to refuse one, and every batch gives its share back when it ends.
 */
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/aws/clients';
import { LocalRuntime } from '../../local/runtime';
import { readCsv, tempDir, writeLeadFile } from './support';

const BACKLOG = 1_000;
const ROWS = 1_500;

let runtime: LocalRuntime;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  runtime = await LocalRuntime.start({ context: { leadspaceBacklogLeads: BACKLOG } });
  // The vendor's own backlog is the same size, and slow enough that the two jobs' batches overlap.
  await runtime.replaceSimulator({ backlogLimit: BACKLOG, processingDelayMs: 1_500 });
});

afterAll(async () => {
  await runtime?.close();
});

const backlogHolds = async () => {
  const items = (await documentClient().send(new ScanCommand({ TableName: process.env.LIMITS_TABLE }))).Items ?? [];
  return items.filter((item) => String(item.limitKey).endsWith('#backlog')).flatMap((item) => item.holds as unknown[]);
};

describe('Leadspace backlog across jobs', () => {
  it('two jobs at once never hold more than the backlog, are never refused for it, and give every share back', async () => {
    const files = [writeLeadFile(dir, ROWS, 31), writeLeadFile(dir, ROWS, 32)];
    const alone = await Promise.all(
      files.map(async (file, i) => {
        const run = await runtime.runJob(file, { jobOptions: { plan: ['leadspace'], bypassCache: true } });
        const [csv] = await runtime.downloadOutputs(run.job, join(dir, `job-${i}`));
        return { run, rows: readCsv(csv!) };
      }),
    );
    const stats = runtime.simulator.stats();
    // Each job alone would send more at once than the backlog takes (8 batches of 500 may run per job).
    expect(alone.every(({ run }) => run.job.batchCount! * 500 > BACKLOG)).toBe(true);
    expect(stats.peakBacklog).toBeGreaterThan(0);
    expect(stats.peakBacklog).toBeLessThanOrEqual(BACKLOG);
    expect(stats.rejected[429] ?? 0).toBe(0);
    for (const { run, rows } of alone) {
      expect(run.job.status).toBe('COMPLETED');
      expect(rows).toHaveLength(ROWS + 1);
    }
    expect(await backlogHolds()).toEqual([]);
  });
});
