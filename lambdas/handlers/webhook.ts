import type { EventBridgeEvent } from 'aws-lambda';
import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { JobsRepository } from '../aws/jobsRepository';
import type { JobCompletedDetail } from '../aws/jobEvents';
import { getTextSecret } from '../aws/secrets';
import { deliverWebhook } from '../core/webhook/deliver';

export class WebhookNotDelivered extends Error {
  override readonly name = 'WebhookNotDelivered';
}

/**
 * Tells the user's endpoint that a job ended, signed (HMAC-SHA256 over timestamp and body). A few quick
 * attempts here; if they all fail the handler throws, Lambda's asynchronous invocation retries it twice (about
 * one and three minutes later) with the same event id, which receivers can use to drop duplicates, and then
 * the event goes to the dead-letter queue (lib/job-events.ts).
 */
export async function handler(event: EventBridgeEvent<'Leadflow Job Completed', JobCompletedDetail>): Promise<void> {
  const env = config('JOBS_TABLE', 'WEBHOOK_SIGNING_SECRET_ID', 'LEAD_DATA_EXPIRY_DAYS');
  const logger = invocationLogger({ jobId: event.detail.jobId });
  const job = await new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS).get(event.detail.jobId);
  const url = job?.options?.webhookUrl;
  if (!url) return;
  const body = JSON.stringify({ type: 'job.completed', id: event.id, createdAt: event.time, data: event.detail });
  const result = await deliverWebhook({
    url,
    body,
    deliveryId: event.id,
    secret: await getTextSecret(env.WEBHOOK_SIGNING_SECRET_ID),
    now: () => new Date(),
    allowPrivateHosts: process.env.LEADFLOW_ALLOW_PRIVATE_WEBHOOKS === 'true',
  });
  // The URL is the user's configuration, not lead data, but it may embed a token: log its host only.
  logger.info('Webhook attempted', { host: new URL(url).host, delivered: result.delivered, attempts: result.attempts, status: result.lastStatus });
  if (!result.delivered) throw new WebhookNotDelivered(`Webhook not delivered after ${result.attempts} attempt(s)`);
}
