import type { WebhookDelivery, WebhookDeliveryResult } from '../core/webhook/deliver';
import type { JobStore, Log } from './ports';

export class WebhookNotDelivered extends Error {
  override readonly name = 'WebhookNotDelivered';
}

/** The job-completed event as EventBridge hands it on (lambdas/aws/jobEvents.ts). */
export interface CompletedEvent {
  id: string;
  time: string;
  /** ids, status and counts only (lambdas/aws/jobEvents.ts): it goes into the body as it is */
  detail: { jobId: string };
}

export interface DeliverJobWebhookPorts {
  jobs: Pick<JobStore, 'get'>;
  signingSecret(): Promise<string>;
  deliver(delivery: WebhookDelivery): Promise<WebhookDeliveryResult>;
  allowPrivateHosts: boolean;
  now(): Date;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * Tells the user's endpoint that a job ended, signed (HMAC-SHA256 over timestamp and body). A few quick
 * attempts here; if they all fail this throws, Lambda's asynchronous invocation retries it twice (about one and
 * three minutes later) with the same event id, which receivers can use to drop duplicates, and then the event
 * goes to the dead-letter queue (lib/job-events.ts). A refused URL (a private host, literal or resolved) is
 * logged and not retried.
 */
export async function deliverJobWebhook(ports: DeliverJobWebhookPorts, event: CompletedEvent): Promise<void> {
  const log = ports.log({ jobId: event.detail.jobId });
  const url = (await ports.jobs.get(event.detail.jobId))?.options?.webhookUrl;
  if (!url) return;
  const body = JSON.stringify({ type: 'job.completed', id: event.id, createdAt: event.time, data: event.detail });
  const result = await ports.deliver({
    url,
    body,
    deliveryId: event.id,
    secret: await ports.signingSecret(),
    now: ports.now,
    allowPrivateHosts: ports.allowPrivateHosts,
  });
  // The URL is the user's configuration, not lead data, but it may embed a token: log its host only (not what
  // it resolved to either: the reason code says enough).
  const host = hostOf(url);
  if (result.refused) {
    // Permanent: the URL (or what its host resolves to) is one Leadflow does not call. Lambda's retries would
    // only ask again, and give a rebinding name two more tries.
    log.warn('Webhook refused', { host, reason: result.refused, attempts: result.attempts, status: result.lastStatus });
    return;
  }
  log.info('Webhook attempted', { host, delivered: result.delivered, attempts: result.attempts, status: result.lastStatus });
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
