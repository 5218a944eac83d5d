import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { BulkProcessor } from './bulks';
import { CallbackSender } from './callbacks';
import { FaultInjector, type Faults } from './faults';
import { TokenIssuer, type OAuthClient } from './oauth';
import { RESULTS_PREFIX, createLeadspaceApp } from './routes';
import { emptyStats, snapshot, type SimulatorStats } from './stats';

export interface LeadspaceSimulatorOptions {
  /** Valid perpetual bearer tokens; any other Authorization (that is not a live OAuth access token) gets 401. */
  tokens?: string[];
  /** Clients allowed the OAuth client-credentials grant at POST /oauth2/token. Default none. */
  oauthClients?: OAuthClient[];
  /** Lifetime of an issued access token (expires_in). Default 86400 (24 h). */
  accessTokenTtlSeconds?: number;
  /** Milliseconds; access tokens expire on it. Default Date.now. */
  clock?: () => number;
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
  /** Replaces the OAuth clients (credentials no longer listed get invalid_client); issued tokens stay valid. */
  setOAuthClients(clients: OAuthClient[]): void;
  /** Every access token issued so far gets 401 from now on; new grants work as before. */
  revokeAccessTokens(): void;
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
  const ttlSeconds = options.accessTokenTtlSeconds ?? 86_400;
  if (!(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) throw new RangeError('accessTokenTtlSeconds must be a positive integer');
  const oauth = new TokenIssuer({ clients: options.oauthClients ?? [], ttlSeconds, clock: options.clock ?? Date.now, stats });
  const app = createLeadspaceApp({ tokens: new Set(options.tokens ?? []), oauth, processor, faults, stats });

  const server = await listenOnLoopback(app.fetch);
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    setFaults: (next) => faults.set(next),
    stats: () => snapshot(stats),
    setOAuthClients: (clients) => oauth.setClients(clients),
    revokeAccessTokens: () => oauth.revokeAll(),
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
