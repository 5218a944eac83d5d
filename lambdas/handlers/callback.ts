import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { sfnClient } from '../aws/clients';
import { BatchesRepository } from '../aws/batchesRepository';
import { getTextSecret } from '../aws/secrets';
import { verifyCallback } from '../core/callbackSignature';
import { parseLeadspaceCallback } from '../vendors/leadspace';
import { parseLeadGeniusWebhook } from '../vendors/leadgenius';
import { putJson } from '../aws/s3';
import { jobLayout } from '../core/jobLayout';
import { countCallbackRejected } from '../aws/metrics';

const reply = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Vendors whose callbacks Leadflow asks for: Leadspace (bulk done) and LeadGenius (one per email found). */
const CALLBACK_VENDORS = new Set(['leadspace', 'leadgenius']);

/** Task tokens die when Await times out; the poll loop picks the results up, so these are not errors. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Vendor webhook: verify the per-batch signature, record the callback once for its round, and wake the
 * waiting state machine. Forged callbacks get 403; duplicate, late or stray ones get 200 and change nothing,
 * so the vendor stops retrying.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const env = config('BATCHES_TABLE', 'CALLBACK_SIGNING_SECRET_ID', 'DATA_BUCKET');
  const { vendor, jobId, batchId } = event.pathParameters ?? {};
  const round = Number(event.queryStringParameters?.round);
  const signature = event.queryStringParameters?.sig ?? '';
  if (!vendor || !jobId || !batchId || !Number.isInteger(round) || round < 1) {
    return reply(400, { error: 'Malformed callback URL' });
  }
  const target = { vendor, jobId, batchId, round };
  const logger = invocationLogger(target);
  const signingKey = await getTextSecret(env.CALLBACK_SIGNING_SECRET_ID);
  if (!CALLBACK_VENDORS.has(vendor) || !verifyCallback(signingKey, target, signature)) {
    logger.warn('Callback rejected: bad signature');
    // The path is the caller's to choose: only known vendors become a dimension.
    countCallbackRejected(CALLBACK_VENDORS.has(vendor) ? vendor : 'unknown');
    return reply(403, { error: 'Invalid callback signature' });
  }

  let body: unknown;
  try {
    body = JSON.parse(event.body ?? '');
  } catch {
    return reply(400, { error: 'Callback body is not JSON' });
  }
  if (vendor === 'leadgenius') return recordLeadGeniusWebhook(env.DATA_BUCKET, target, body, logger);
  const parsed = parseLeadspaceCallback(body);
  if (!parsed.success) return reply(400, { error: 'Callback body does not match the Leadspace callback format' });

  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const recorded = await batches.recordCallback({ jobId, batchId }, round, parsed.data.bulkId, parsed.data.bulkStatus);
  if (!recorded) {
    logger.info('Callback ignored: duplicate, late or for another bulk');
    return reply(200, { accepted: false });
  }
  if (recorded.taskToken) {
    try {
      await sfnClient().send(
        new SendTaskSuccessCommand({ taskToken: recorded.taskToken, output: JSON.stringify({ bulkStatus: parsed.data.bulkStatus }) }),
      );
    } catch (error) {
      if (!STALE_TOKEN_ERRORS.has((error as Error).name)) throw error;
    }
  }
  logger.info('Callback recorded', { bulkStatus: parsed.data.bulkStatus });
  return reply(200, { accepted: true });
}

/**
 * A LeadGenius webhook carries one email found. It is kept as one object named by its `webhook_id`, so the
 * vendor's retries and duplicates overwrite the same object; Poll gathers them once the bulk is complete.
 */
async function recordLeadGeniusWebhook(
  bucket: string,
  target: { jobId: string; batchId: string; round: number },
  body: unknown,
  logger: ReturnType<typeof invocationLogger>,
): Promise<APIGatewayProxyResult> {
  const parsed = parseLeadGeniusWebhook(body);
  if (!parsed.success) return reply(400, { error: 'Callback body does not match the LeadGenius webhook format' });
  const { result, webhook_id } = parsed.data;
  const name = createHash('sha256').update(webhook_id).digest('hex');
  await putJson(bucket, `${jobLayout(target.jobId).webhooks(target.batchId, target.round)}${name}.json`, {
    bulkId: String(result.bulk_id),
    first: result.first,
    middle: result.middle,
    last: result.last,
    domain: result.domain,
    email: result.email,
  });
  logger.info('Webhook recorded');
  return reply(200, { accepted: true });
}
