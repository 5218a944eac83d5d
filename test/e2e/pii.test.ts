import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobRun, LocalRuntime } from '../../local/runtime';
import { piiOf, tempDir, writeLeadFile } from './support';

// The most verbose logging a deployment could have: if lead data reached any log line, this would show it.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

let runtime: LocalRuntime;
let file: string;

beforeAll(async () => {
  file = writeLeadFile(tempDir(), 600, 23);
  const { LocalRuntime } = await import('../../local/runtime');
  runtime = await LocalRuntime.start({ simulator: { faults: { internalErrorRate: 0.05 } } });
});

afterAll(async () => {
  await runtime?.close();
});

describe('lead data stays out of logs, payloads and history', () => {
  it('no input e-mail or phone appears in log output, state payloads, execution history or the job record', async () => {
    const logged: string[] = [];
    const capture = (chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    let run: JobRun;
    try {
      run = await runtime.runJob(file);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(run.job.status).toBe('COMPLETED');

    const pii = piiOf(file);
    expect(pii.length).toBeGreaterThan(300);
    // The log capture really sees handler logs (Prepare logs its counts at INFO).
    expect(logged.join('')).toContain('Prepared job');

    const haystacks = {
      logs: logged.join('\n').toLowerCase(),
      history: JSON.stringify(run.history).toLowerCase(),
      job: JSON.stringify(run.job).toLowerCase(),
    };
    expect(run.history.length).toBeGreaterThan(50);
    for (const [where, text] of Object.entries(haystacks)) {
      const leaked = pii.filter((value) => text.includes(value.toLowerCase()));
      expect(leaked, `lead data in ${where}`).toEqual([]);
    }
    // The output does hold the data: the check above is not vacuous.
    const enriched = await runtime.readText(run.job.outputs!.enrichedCsv!);
    expect(pii.filter((value) => enriched.includes(value)).length).toBeGreaterThan(pii.length / 2);
  });
});
