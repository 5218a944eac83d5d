import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { answerVendorCallback, type AnswerCallbackPorts } from '../app/vendorCallback';
import { now } from '../aws/clock';
import { config } from '../aws/config';
import { lazy } from '../aws/lazy';
import { countCallbackRejected } from '../aws/metrics';
import { getTextSecretVersions } from '../aws/secrets';
import { batchStore, invocationLog, wakeTask } from '../aws/workflowPorts';

const ports = lazy((): AnswerCallbackPorts => {
  const env = config('BATCHES_TABLE', 'CALLBACK_SIGNING_SECRET_ID');
  return { batches: batchStore(env.BATCHES_TABLE), signingKeys: (fresh) => getTextSecretVersions(env.CALLBACK_SIGNING_SECRET_ID, fresh), wake: wakeTask, now, log: invocationLog, countRejected: countCallbackRejected };
});

/** Vendor callback route: forged callbacks get 403; valid ones only wake the batch (lambdas/app/vendorCallback.ts). */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { vendor, jobId, batchId } = event.pathParameters ?? {};
  const { round, exp, sig } = event.queryStringParameters ?? {};
  const reply = await answerVendorCallback({ vendor, jobId, batchId, round, exp, sig, body: event.body }, ports());
  return { statusCode: reply.statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply.body) };
}
