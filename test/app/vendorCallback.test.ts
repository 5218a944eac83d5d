import { describe, expect, it } from 'vitest';
import { answerVendorCallback, type AnswerCallbackPorts } from '../../lambdas/app/vendorCallback';
import { signCallback } from '../../lambdas/core/callbackSignature';
import type { BatchRecord } from '../../lambdas/core/batch';
import { memoryLog, submittedBatch } from './fakes';

const KEY = 'callback-signing-key';
const NOW = Date.parse('2026-12-01T10:00:00Z');
const EXP = NOW / 1000 + 3_600;

/** The batch's row, with the conditions of the repository's conditional writes (lambdas/aws/batchesRepository.ts). */
function setup(batch: BatchRecord) {
  const woken: string[] = [];
  const adopted: string[] = [];
  const rejected: string[] = [];
  const writes: string[] = [];
  const log = memoryLog();
  const ports: AnswerCallbackPorts = {
    batches: {
      find: async () => batch,
      recordCallback: async (_key, round, bulkId) => {
        writes.push('recordCallback');
        if (batch.state !== 'SUBMITTED' || batch.submittedRound !== round || batch.vendorBulkId !== bulkId || batch.callbackRound === round) return undefined;
        batch.callbackRound = round;
        return { taskToken: batch.taskToken };
      },
      recordAdoptableBulk: async (_key, round, bulkId) => {
        writes.push('recordAdoptableBulk');
        if (batch.round !== round || batch.submittedRound === round) return false;
        adopted.push(bulkId);
        return true;
      },
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
  return { call, woken, adopted, rejected, writes, lines: log.lines };
}

const done = (bulkId: string) => ({
  bulkId,
  bulkStatus: 'COMPLETED',
  callbackMethod: { callbackUrl: 'x', pollingUrl: `https://apigw.leadspace.com/v1/bulk/${bulkId}` },
});

describe('the callback route', () => {
  it('wakes the batch waiting for its own bulk, and logs the ids once the signature holds', async () => {
    const { call, woken, lines } = setup(submittedBatch({ vendorBulkId: 'a'.repeat(24), taskToken: 'token-1' }));
    expect(await call({ body: done('a'.repeat(24)) })).toEqual({ statusCode: 200, body: { accepted: true } });
    expect(woken).toEqual(['token-1']);
    expect(lines[0]).toMatchObject({ keys: { jobId: 'job-1', batchId: 's1-b00001' }, fields: { outcome: 'recorded', how: 'woke' } });
  });

  it('answers 403 to a forged signature, counts it by vendor (unknown vendors as one), wakes nothing and logs no ids', async () => {
    const { call, woken, rejected, lines } = setup(submittedBatch({ vendorBulkId: 'a'.repeat(24), taskToken: 'token-1' }));
    expect((await call({ sig: 'forged', body: done('a'.repeat(24)) })).statusCode).toBe(403);
    expect((await call({ vendor: 'evil<script>', sig: 'forged', body: {} })).statusCode).toBe(403);
    expect(woken).toEqual([]);
    expect(rejected).toEqual(['leadspace', 'unknown']);
    for (const line of lines) expect(line.keys).toEqual({});
  });

  it('refuses a signed body that is not JSON or names no bulk (400), and keeps the bulk a round whose acceptance was lost names', async () => {
    const { call, adopted } = setup(submittedBatch({ state: 'PENDING', submittedRound: undefined, vendorBulkId: undefined }));
    expect((await call({ body: {} })).statusCode).toBe(400);
    const lost = 'b'.repeat(24);
    expect(await call({ body: done(lost) })).toEqual({ statusCode: 200, body: { accepted: true } });
    expect(adopted).toEqual([lost]);
  });

  it('answers a repeated callback, or one for another bulk of a submitted round, from one read, writing nothing', async () => {
    const { call, woken, adopted, writes } = setup(submittedBatch({ vendorBulkId: 'a'.repeat(24), taskToken: 'token-1' }));
    expect(await call({ body: done('a'.repeat(24)) })).toEqual({ statusCode: 200, body: { accepted: true } });
    // LeadGenius calls once per email found: every call after the one that woke the batch changes nothing.
    for (let i = 0; i < 3; i++) expect(await call({ body: done('a'.repeat(24)) })).toEqual({ statusCode: 200, body: { accepted: false } });
    expect(await call({ body: done('c'.repeat(24)) })).toEqual({ statusCode: 200, body: { accepted: false } });
    expect(woken).toEqual(['token-1']);
    expect(adopted).toEqual([]);
    expect(writes).toEqual(['recordCallback']);
  });
});
