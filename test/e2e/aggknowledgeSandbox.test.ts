import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../local/runtime';
import { tempDir, readJsonl } from './support';

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await LocalRuntime.start({ context: { aggKnowledgeEnvironment: 'test' } });
});

afterAll(async () => {
  await runtime?.close();
});

describe('the AggKnowledge test environment', () => {
  it('is selectable, and sends to the sandbox, which bills nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'linkedin.csv');
    const people = ['ada-novak', 'bruno-okafor', 'chiara-petrov', 'dmitri-quinn', 'elif-rossi', 'farid-sato'];
    writeFileSync(
      file,
      `${[
        'First Name,Last Name,Company,LinkedIn',
        ...people.map((p) => {
          const [first, last] = p.split('-');
          return `${first},${last},Firm,https://www.linkedin.com/in/${p}`;
        }),
      ].join('\n')}\n`,
    );

    const run = await runtime.runJob(file, { jobOptions: { plan: ['aggknowledge'] } });
    expect(run.job.status).toBe('COMPLETED');
    const stats = runtime.aggKnowledge.stats();
    expect(stats.testItems).toBe(people.length);
    expect(stats.itemsSubmitted).toBe(0);
    expect(stats.billed).toBe(0);
    const [, jsonl] = await runtime.downloadOutputs(run.job, join(dir, 'out'));
    const records = readJsonl<{ sources: Record<string, string> }>(jsonl!);
    expect(records.filter((r) => r.sources.person_title === 'aggknowledge').length).toBeGreaterThan(0);
  });
});
