import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { BulkProcessor } from './bulks';
import { CallbackSender } from './callbacks';
import { FaultInjector, type Faults } from './faults';
import { RESULTS_PREFIX, createLeadspaceApp } from './routes';
import { emptyStats, snapshot, type SimulatorStats } from './stats';

export interface LeadspaceSimulatorOptions {
  /** Valid bearer tokens; any other Authorization gets 401. */
  tokens: string[];
  /** Default Infinity. Decreases by each billed record; a bulk larger than what remains gets 427. */
  credits?: number;
  /** Time between acceptance and results being ready. Default 200 ms. */
  processingDelayMs?: number;
  /** Leads waiting for processing across bulks; a bulk that would exceed it gets 429. Default 100000 (documented). */
  backlogLimit?: number;
  faults?: Faults;
}

export interface LeadspaceSimulator {
  /** http://127.0.0.1:<port>, to use as the client's baseUrl. */
  url: string;
  /** Replaces all faults (and reseeds the server-error PRNG). */
  setFaults(faults: Faults): void;
  stats(): SimulatorStats;
  close(): Promise<void>;
}

/** Starts the Leadspace Bulk API v3 simulator on a random loopback port. */
export async function startLeadspaceSimulator(options: LeadspaceSimulatorOptions): Promise<LeadspaceSimulator> {
  const stats = emptyStats();
  const faults = new FaultInjector(options.faults);
  const callbacks = new CallbackSender(faults, stats);
  let url = '';
  const processor = new BulkProcessor({
    credits: options.credits ?? Infinity,
    processingDelayMs: options.processingDelayMs ?? 200,
    backlogLimit: options.backlogLimit ?? 100_000,
    faults,
    stats,
    callbacks,
    pollingUrl: (bulkId) => `${url}${RESULTS_PREFIX}/${bulkId}`,
  });
  const app = createLeadspaceApp({ tokens: new Set(options.tokens), processor, faults, stats });

  const server = await listenOnLoopback(app.fetch);
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    setFaults: (next) => faults.set(next),
    stats: () => snapshot(stats),
    // Idempotent, so a test can close early and still leave cleanup to a shared hook.
    close: () => {
      closing ??= (async () => {
        processor.close();
        callbacks.close();
        await closeServer(server);
      })();
      return closing;
    },
  };
}
