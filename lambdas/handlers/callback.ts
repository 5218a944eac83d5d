import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { config } from '../aws/config';
import { now } from '../aws/clock';
import { invocationLogger } from '../aws/logger';
import { sfnClient } from '../aws/clients';
import { BatchesRepository } from '../aws/batchesRepository';
import { getTextSecretVersions } from '../aws/secrets';
import { countCallbackRejected } from '../aws/metrics';
import { CALLBACK_VENDORS, recordVendorCallback, type CallbackOutcome } from '../app/vendorCallback';

/** Task tokens die when Await times out; the poll loop picks the results up, so these are not errors. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

const REPLIES: Record<CallbackOutcome['kind'], [number, Record<string, unknown>]> = {
  malformed: [400, { error: 'Malformed callback URL' }],
  forged: [403, { error: 'Invalid or expired callback signature' }],
  not_json: [400, { error: 'Callback body is not JSON' }],
  unnamed: [400, { error: 'Callback body names no bulk' }],
  recorded: [200, { accepted: true }],
  // 200 so the vendor stops retrying a duplicate or late callback.
  ignored: [200, { accepted: false }],
};

/** Vendor callback route: forged callbacks get 403; valid ones only wake the batch (lambdas/app/vendorCallback.ts). */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const env = config('BATCHES_TABLE', 'CALLBACK_SIGNING_SECRET_ID');
  const { vendor, jobId, batchId } = event.pathParameters ?? {};
  const { round, exp, sig } = event.queryStringParameters ?? {};
  const outcome = await recordVendorCallback({ vendor, jobId, batchId, round, exp, sig, body: event.body }, {
    batches: new BatchesRepository(env.BATCHES_TABLE),
    signingKeys: (fresh) => getTextSecretVersions(env.CALLBACK_SIGNING_SECRET_ID, fresh),
    wake: (taskToken) => sfnClient().send(new SendTaskSuccessCommand({ taskToken, output: '{}' })).then(
      () => undefined,
      (error: Error) => { if (!STALE_TOKEN_ERRORS.has(error.name)) throw error; },
    ),
    now,
  });
  // The path is the caller's to choose until the signature is verified: only then are its ids logged, and only
  // known vendors become a metric dimension.
  if (outcome.kind === 'forged') countCallbackRejected(vendor && CALLBACK_VENDORS.has(vendor) ? vendor : 'unknown');
  const signed = outcome.kind === 'recorded' || outcome.kind === 'ignored' || outcome.kind === 'not_json' || outcome.kind === 'unnamed';
  const logger = invocationLogger(signed ? { vendor: vendor!, jobId: jobId!, batchId: batchId!, round: round! } : {});
  logger.info('Vendor callback', { outcome: outcome.kind, ...(outcome.kind === 'recorded' && { how: outcome.how }) });
  const [statusCode, body] = REPLIES[outcome.kind];
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
