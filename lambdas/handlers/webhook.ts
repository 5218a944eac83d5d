import type { EventBridgeEvent } from 'aws-lambda';
import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { JobsRepository } from '../aws/jobsRepository';
import type { JobCompletedDetail } from '../aws/jobEvents';
import { getTextSecret } from '../aws/secrets';
import { webhookRulesFromEnv } from '../aws/webhookRules';
import { deliverWebhook } from '../core/webhook/deliver';

export class WebhookNotDelivered extends Error {
  override readonly name = 'WebhookNotDelivered';
}

/**
 * Tells the user's endpoint that a job ended, signed (HMAC-SHA256 over timestamp and body). A few quick
 * attempts here; if they all fail the handler throws, Lambda's asynchronous invocation retries it twice (about
 * one and three minutes later) with the same event id, which receivers can use to drop duplicates, and then
 * the event goes to the dead-letter queue (lib/job-events.ts). A refused URL (a private host, literal or
 * resolved) is logged and not retried.
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
    allowPrivateHosts: webhookRulesFromEnv().allowPrivateHosts,
  });
  // The URL is the user's configuration, not lead data, but it may embed a token: log its host only (not what
  // it resolved to either: the reason code says enough).
  const host = hostOf(url);
  if (result.refused) {
    // Permanent: the URL (or what its host resolves to) is one Leadflow does not call. Lambda's retries would
    // only ask again, and give a rebinding name two more tries.
    logger.warn('Webhook refused', { host, reason: result.refused, attempts: result.attempts, status: result.lastStatus });
    return;
  }
  logger.info('Webhook attempted', { host, delivered: result.delivered, attempts: result.attempts, status: result.lastStatus });
  if (!result.delivered) throw new WebhookNotDelivered(`Webhook not delivered after ${result.attempts} attempt(s)`);
}

/** An unparseable URL is refused before any request; its text is not logged. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
