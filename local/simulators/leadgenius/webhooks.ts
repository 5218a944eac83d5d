import { setMaxListeners } from 'node:events';
import type { FaultInjector } from './faults';
import type { LeadGeniusSimulatorStats } from './stats';

/** The documented webhook body, one per email found. */
export interface LeadGeniusWebhookBody {
  status: 200;
  /** `bulk job id;sub job id;email` */
  webhook_id: string;
  /** bulk_id is a number as documented, or a string in the dialect that writes job ids as strings */
  result: { bulk_id: number | string; domain: string; first: string; jobid: number; last: string; middle: string; email: string };
}

export interface WebhookDeliveryOptions {
  /** Attempts per webhook. Default 3: the document's "we retry hitting the url three times in three minutes". */
  attempts?: number;
  /** Pause between attempts; the document's minute, compressed. Default 50 ms. */
  retryDelayMs?: number;
  /** Per attempt. Default 2 s. */
  timeoutMs?: number;
  /** Webhooks of one job in flight at once. Default 8. */
  concurrency?: number;
}

/** POSTs webhooks with the documented retries; any non-2XX answer or network failure counts as not delivered. */
export class WebhookSender {
  private readonly shutdown = new AbortController();
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly faults: FaultInjector,
    private readonly stats: LeadGeniusSimulatorStats,
    options: WebhookDeliveryOptions = {},
  ) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    // Every delivery in flight (across jobs) listens to this one signal; that is expected, not a leak.
    setMaxListeners(0, this.shutdown.signal);
  }

  /** Delivers a job's webhooks, honouring the drop/duplicate faults. Resolves when all are delivered or given up. */
  async sendAll(url: string, bodies: readonly LeadGeniusWebhookBody[]): Promise<void> {
    const { dropWebhooks, duplicateWebhooks } = this.faults.current;
    if (dropWebhooks) return;
    const queue = duplicateWebhooks ? bodies.flatMap((b) => [b, b]) : [...bodies];
    const worker = async (): Promise<void> => {
      for (let body = queue.shift(); body && !this.shutdown.signal.aborted; body = queue.shift()) {
        this.stats.webhooksSent += 1;
        await this.deliver(url, body);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
  }

  close(): void {
    this.shutdown.abort();
  }

  private async deliver(url: string, body: LeadGeniusWebhookBody): Promise<void> {
    for (let attempt = 1; attempt <= this.attempts && !this.shutdown.signal.aborted; attempt++) {
      if (attempt > 1) await this.pause();
      this.stats.webhookAttempts += 1;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(this.timeoutMs)]),
        });
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) {
          this.stats.webhooksDelivered += 1;
          return;
        }
      } catch {
        // Network failure or timeout: retried like a non-2XX answer.
      }
    }
    if (!this.shutdown.signal.aborted) this.stats.webhooksFailed += 1;
  }

  private pause(): Promise<void> {
    const signal = this.shutdown.signal;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.retryDelayMs);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
