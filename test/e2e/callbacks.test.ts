import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LocalRuntime, type JobRun } from '../../local/runtime';
import { BatchesRepository } from '../../lambdas/aws/batchesRepository';
import type { BatchRecord } from '../../lambdas/core/batch';
import { signCallback } from '../../lambdas/core/callbackSignature';
import { tempDir, writeLeadFile } from './support';

let runtime: LocalRuntime;
let run: JobRun;
let signingKey: string;
let batches: BatchesRepository;

beforeAll(async () => {
  runtime = await LocalRuntime.start();
  run = await runtime.runJob(writeLeadFile(tempDir(), 700, 3), { jobOptions: { plan: ['leadspace'] } });
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.CALLBACK_SIGNING_SECRET_ID }));
  signingKey = secret.SecretString!;
  batches = new BatchesRepository(process.env.BATCHES_TABLE!);
});

afterAll(async () => {
  await runtime?.close();
});

const EXPIRES = Math.floor(Date.now() / 1000) + 3600;
const target = (batchId: string, round = 1, expiresAt = EXPIRES) => ({ vendor: 'leadspace', jobId: run.jobId, batchId, round, expiresAt });

function post(batchId: string, sig: string, body: unknown, round = 1, expiresAt = EXPIRES) {
  const url = `${process.env.CALLBACK_BASE_URL}/callbacks/leadspace/${run.jobId}/${batchId}?round=${round}&exp=${expiresAt}&sig=${encodeURIComponent(sig)}`;
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const callbackBody = (batch: BatchRecord) => ({
  bulkId: batch.vendorBulkId,
  callbackMethod: { callbackUrl: 'https://example.invalid/cb', pollingUrl: `https://example.invalid${batch.pollingPath}` },
  bulkStatus: 'COMPLETED',
  successRecords: batch.records,
  personEnriched: batch.records,
  companyEnriched: batch.records,
});

describe('the vendor callback route', () => {
  it('ran a real job whose batches are collected', () => {
    expect(run.job.status).toBe('COMPLETED');
    expect(run.job.batchCount).toBe(2);
  });

  it('refuses a forged signature, and a genuine one replayed on another batch or round (403)', async () => {
    const b1 = await batches.get(run.jobId, 's1-b00001');
    const sig = signCallback(signingKey, target('s1-b00001'));
    expect((await post('s1-b00001', 'forged', callbackBody(b1))).status).toBe(403);
    expect((await post('s1-b00002', sig, callbackBody(b1))).status).toBe(403);
    expect((await post('s1-b00001', sig, callbackBody(b1), 2)).status).toBe(403);
    // The expiry is signed: moving it forward breaks the signature, and an expired URL is refused even when genuine.
    expect((await post('s1-b00001', sig, callbackBody(b1), 1, EXPIRES + 1)).status).toBe(403);
    const past = Math.floor(Date.now() / 1000) - 1;
    expect((await post('s1-b00001', signCallback(signingKey, target('s1-b00001', 1, past)), callbackBody(b1), 1, past)).status).toBe(403);
  });

  it('accepts a late callback with a valid signature but changes nothing', async () => {
    const before = await batches.get(run.jobId, 's1-b00002');
    const sig = signCallback(signingKey, target('s1-b00002'));
    const response = await post('s1-b00002', sig, callbackBody(before));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: false });
    expect(await batches.get(run.jobId, 's1-b00002')).toEqual(before);
  });

  it('answers 400 for a body that is not a Leadspace callback, without echoing it', async () => {
    const sig = signCallback(signingKey, target('s1-b00001'));
    const response = await post('s1-b00001', sig, { hello: 'jane.doe@example.com' });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('jane.doe');
  });
});
