import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { BatchStore } from './batches';
import { DialectSwitch, type AggKnowledgeDialect } from './dialect';
import { FaultInjector, type AggKnowledgeFaults } from './faults';
import { createAggKnowledgeApp } from './routes';
import { emptyStats, snapshot, type AggKnowledgeSimulatorStats } from './stats';

export interface AggKnowledgeSimulatorOptions {
  /** Valid x-api-key values; anything else (or none) gets 401. Each key is one customer with its own batches. */
  apiKeys: string[];
  /** Real-time delay between acceptance and completion; items become available progressively. Default 100 ms. */
  processingDelayMs?: number;
  /** Milliseconds; batches' createdAt and the createdAfter filter run on it. Default Date.now. */
  clock?: () => number;
  faults?: AggKnowledgeFaults;
  /** How answers are spelled (status words, list wrappers, field names). Default: Leadflow's reading. */
  dialect?: AggKnowledgeDialect;
}

export interface AggKnowledgeSimulator {
  /** http://127.0.0.1:<port>, the client's baseUrl. */
  url: string;
  stats(): AggKnowledgeSimulatorStats;
  /** Replaces all faults and reseeds their PRNGs. */
  setFaults(faults: AggKnowledgeFaults): void;
  /** Replaces the dialect; answers rendered from then on use it (unmappedRate: items processed from then on). */
  setDialect(dialect: AggKnowledgeDialect): void;
  /** Holds the processing of batches accepted from now on until the returned function releases them. */
  holdProcessing(): () => void;
  close(): Promise<void>;
}

/** Starts the AggKnowledge person API v2 (asynchronous) simulator on a random loopback port. */
export async function startAggKnowledgeSimulator(options: AggKnowledgeSimulatorOptions): Promise<AggKnowledgeSimulator> {
  const stats = emptyStats();
  const faults = new FaultInjector(options.faults);
  const dialect = new DialectSwitch(options.dialect);
  const batches = new BatchStore({
    processingDelayMs: options.processingDelayMs ?? 100,
    clock: options.clock ?? Date.now,
    stats,
    faults,
    dialect,
  });
  const app = createAggKnowledgeApp({ apiKeys: new Set(options.apiKeys), batches, faults, dialect, stats });

  const server = await listenOnLoopback(app.fetch);
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => snapshot(stats),
    setFaults: (next) => faults.set(next),
    setDialect: (next) => dialect.set(next),
    holdProcessing: () => batches.holdProcessing(),
    close: () => {
      closing ??= (async () => {
        batches.close();
        await closeServer(server);
      })();
      return closing;
    },
  };
}
