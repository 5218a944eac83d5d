import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { FaultInjector, type LeadGeniusFaults } from './faults';
import { DEFAULT_LIMITS, RateLimiter, type LeadGeniusLimits } from './limits';
import { BulkJobProcessor } from './processing';
import { createLeadGeniusApp } from './routes';
import { emptyStats, snapshot, type LeadGeniusSimulatorStats } from './stats';
import { WebhookSender, type WebhookDeliveryOptions } from './webhooks';

export interface LeadGeniusSimulatorOptions {
  /** Valid X-LG-API-KEY values; anything else gets 403. */
  apiKeys: string[];
  /** Real-time delay between acceptance and completion (webhooks, status `completed`). Default 100 ms. */
  processingDelayMs?: number;
  /** Per key. Defaults are the documented ones: 5,000 objects/hour, status 1/min and 60/hour. */
  limits?: LeadGeniusLimits;
  /** Milliseconds; the limit windows run on it, so tests can jump or scale time. Default Date.now. */
  clock?: () => number;
  faults?: LeadGeniusFaults;
  webhooks?: WebhookDeliveryOptions;
}

export interface LeadGeniusSimulator {
  /** http://127.0.0.1:<port>, the client's baseUrl. */
  url: string;
  stats(): LeadGeniusSimulatorStats;
  /** Replaces all faults and reseeds the server-error PRNG. */
  setFaults(faults: LeadGeniusFaults): void;
  close(): Promise<void>;
}

/** Starts the LeadGenius email-guess bulk API simulator on a random loopback port. */
export async function startLeadGeniusSimulator(options: LeadGeniusSimulatorOptions): Promise<LeadGeniusSimulator> {
  const stats = emptyStats();
  const faults = new FaultInjector(options.faults);
  const webhooks = new WebhookSender(faults, stats, options.webhooks);
  const processor = new BulkJobProcessor({ processingDelayMs: options.processingDelayMs ?? 100, stats, webhooks });
  const clock = options.clock ?? Date.now;
  const limiter = new RateLimiter(options.limits, clock);
  const app = createLeadGeniusApp({
    apiKeys: new Set(options.apiKeys),
    processor,
    limiter,
    faults,
    stats,
    objectsPerHour: options.limits?.objectsPerHour ?? DEFAULT_LIMITS.objectsPerHour,
    clock,
  });

  const server = await listenOnLoopback(app.fetch);
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => snapshot(stats),
    setFaults: (next) => faults.set(next),
    close: () => {
      closing ??= (async () => {
        processor.close();
        webhooks.close();
        await closeServer(server);
      })();
      return closing;
    },
  };
}
