import { describe, expect, it } from 'vitest';
import { answerVendorCallback, type AnswerCallbackPorts } from '../../lambdas/app/vendorCallback';
import { signCallback } from '../../lambdas/core/callbackSignature';
import { memoryLog } from './fakes';

const KEY = 'callback-signing-key';
const NOW = Date.parse('2026-12-01T10:00:00Z');
const EXP = NOW / 1000 + 3_600;

function setup(batch: { bulkId: string; taskToken?: string }) {
  const woken: string[] = [];
  const adopted: string[] = [];
  const rejected: string[] = [];
  const log = memoryLog();
  const ports: AnswerCallbackPorts = {
    batches: {
      recordCallback: async (_key, _round, bulkId) => (bulkId === batch.bulkId ? { taskToken: batch.taskToken } : undefined),
      recordAdoptableBulk: async (_key, _round, bulkId) => (adopted.push(bulkId), true),
    },
    signingKeys: async () => [KEY],
    wake: async (token) => void woken.push(token),
    now: () => NOW,
    log: log.log,
    countRejected: (vendor) => void rejected.push(vendor),
  };
  const call = (fields: { vendor?: string; sig?: string; body: unknown }) =>
    answerVendorCallback(
      {
        vendor: fields.vendor ?? 'leadspace',
        jobId: 'job-1',
        batchId: 's1-b00001',
        round: '1',
        exp: String(EXP),
        sig: fields.sig ?? signCallback(KEY, { vendor: fields.vendor ?? 'leadspace', jobId: 'job-1', batchId: 's1-b00001', round: 1, expiresAt: EXP }),
        body: JSON.stringify(fields.body),
      },
      ports,
    );
  return { call, woken, adopted, rejected, lines: log.lines };
}

const done = (bulkId: string) => ({
  bulkId,
  bulkStatus: 'COMPLETED',
  callbackMethod: { callbackUrl: 'x', pollingUrl: `https://apigw.leadspace.com/v1/bulk/${bulkId}` },
});

describe('the callback route', () => {
  it('wakes the batch waiting for its own bulk, and logs the ids once the signature holds', async () => {
    const { call, woken, lines } = setup({ bulkId: 'a'.repeat(24), taskToken: 'token-1' });
    expect(await call({ body: done('a'.repeat(24)) })).toEqual({ statusCode: 200, body: { accepted: true } });
    expect(woken).toEqual(['token-1']);
    expect(lines[0]).toMatchObject({ keys: { jobId: 'job-1', batchId: 's1-b00001' }, fields: { outcome: 'recorded', how: 'woke' } });
  });

  it('answers 403 to a forged signature, counts it by vendor (unknown vendors as one), wakes nothing and logs no ids', async () => {
    const { call, woken, rejected, lines } = setup({ bulkId: 'a'.repeat(24), taskToken: 'token-1' });
    expect((await call({ sig: 'forged', body: done('a'.repeat(24)) })).statusCode).toBe(403);
    expect((await call({ vendor: 'evil<script>', sig: 'forged', body: {} })).statusCode).toBe(403);
    expect(woken).toEqual([]);
    expect(rejected).toEqual(['leadspace', 'unknown']);
    for (const line of lines) expect(line.keys).toEqual({});
  });

  it('refuses a signed body that is not JSON or names no bulk (400), and keeps a callback naming another bulk for adoption checks', async () => {
    const { call, adopted } = setup({ bulkId: 'a'.repeat(24) });
    expect((await call({ body: {} })).statusCode).toBe(400);
    const other = 'b'.repeat(24);
    expect(await call({ body: done(other) })).toEqual({ statusCode: 200, body: { accepted: true } });
    expect(adopted).toEqual([other]);
  });
});
