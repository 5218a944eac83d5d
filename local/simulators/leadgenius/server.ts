import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { DialectSwitch, type LeadGeniusDialect } from './dialect';
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
  /** Which reading of the document to answer in (see LeadGeniusDialect); defaults to the first-built ones. */
  dialect?: LeadGeniusDialect;
  webhooks?: WebhookDeliveryOptions;
}

export interface LeadGeniusSimulator {
  /** http://127.0.0.1:<port>, the client's baseUrl. */
  url: string;
  stats(): LeadGeniusSimulatorStats;
  /** Replaces all faults and reseeds their PRNGs. */
  setFaults(faults: LeadGeniusFaults): void;
  /** Replaces the whole dialect (unset fields go back to their defaults); jobs already accepted keep their id. */
  setDialect(dialect: LeadGeniusDialect): void;
  close(): Promise<void>;
}

/** Starts the LeadGenius email-guess bulk API simulator on a random loopback port. */
export async function startLeadGeniusSimulator(options: LeadGeniusSimulatorOptions): Promise<LeadGeniusSimulator> {
  const stats = emptyStats();
  const faults = new FaultInjector(options.faults);
  const dialect = new DialectSwitch(options.dialect);
  const webhooks = new WebhookSender(faults, stats, options.webhooks);
  const clock = options.clock ?? Date.now;
  const processor = new BulkJobProcessor({
    processingDelayMs: options.processingDelayMs ?? 100,
    stats,
    webhooks,
    clock,
    externalId: (id) => dialect.externalId(id),
  });
  const limiter = new RateLimiter(options.limits, clock);
  const app = createLeadGeniusApp({
    apiKeys: new Set(options.apiKeys),
    processor,
    limiter,
    faults,
    dialect,
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
    setDialect: (next) => dialect.set(next),
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
