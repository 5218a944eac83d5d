import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { sfnClient } from '../aws/clients';
import { BatchesRepository } from '../aws/batchesRepository';
import { getTextSecret } from '../aws/secrets';
import { verifyCallback } from '../core/callbackSignature';
import { parseLeadspaceCallback } from '../vendors/leadspace';

const reply = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Task tokens die when Await times out; the poll loop picks the results up, so these are not errors. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Vendor webhook: verify the per-batch signature, record the callback once for its round, and wake the
 * waiting state machine. Forged callbacks get 403; duplicate, late or stray ones get 200 and change nothing,
 * so the vendor stops retrying.
 */
export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const env = config('BATCHES_TABLE', 'CALLBACK_SIGNING_SECRET_ID');
  const { vendor, jobId, batchId } = event.pathParameters ?? {};
  const round = Number(event.queryStringParameters?.round);
  const signature = event.queryStringParameters?.sig ?? '';
  if (!vendor || !jobId || !batchId || !Number.isInteger(round) || round < 1) {
    return reply(400, { error: 'Malformed callback URL' });
  }
  const target = { vendor, jobId, batchId, round };
  const logger = invocationLogger(target);
  const signingKey = await getTextSecret(env.CALLBACK_SIGNING_SECRET_ID);
  if (vendor !== 'leadspace' || !verifyCallback(signingKey, target, signature)) {
    logger.warn('Callback rejected: bad signature');
    return reply(403, { error: 'Invalid callback signature' });
  }

  let body: unknown;
  try {
    body = JSON.parse(event.body ?? '');
  } catch {
    return reply(400, { error: 'Callback body is not JSON' });
  }
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
