import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { answerVendorCallback } from '../app/vendorCallback';
import { ports } from '../aws/wiring/callback';

/** Vendor callback route: forged callbacks get 403; valid ones only wake the batch (lambdas/app/vendorCallback.ts). */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { vendor, jobId, batchId } = event.pathParameters ?? {};
  const { round, exp, sig } = event.queryStringParameters ?? {};
  const reply = await answerVendorCallback({ vendor, jobId, batchId, round, exp, sig, body: event.body }, ports());
  return { statusCode: reply.statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply.body) };
}
