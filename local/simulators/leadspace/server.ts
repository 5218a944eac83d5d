import type { AddressInfo } from 'node:net';
import { closeServer, listenOnLoopback } from '../loopbackServer';
import { BulkProcessor } from './bulks';
import { CallbackSender } from './callbacks';
import { FaultInjector, type Faults } from './faults';
import { TokenIssuer, type ExpirationFormat, type OAuthProgram } from './oauth';
import { RESULTS_PREFIX, createLeadspaceApp } from './routes';
import { emptyStats, snapshot, type SimulatorStats } from './stats';

export interface LeadspaceSimulatorOptions {
  /** Valid perpetual tokens; any other Authorization (that is not a live OAuth access token) gets 401. */
  tokens?: string[];
  /** With it, a perpetual token is also accepted as `Basic base64(programId:token)`. Default none (Bearer only). */
  programId?: string;
  /** Programs allowed to authorize at POST /oauth/authorize ({"user", "pass"}). Default none. */
  oauthPrograms?: OAuthProgram[];
  /** Lifetime of an issued OAuth token. Default 86400 (24 h, as Leadspace gives). */
  accessTokenTtlSeconds?: number;
  /** How token answers state `expiration`. Default epoch seconds (documented); the others test client readings. */
  oauthExpirationFormat?: ExpirationFormat;
  /** Milliseconds; access tokens expire on it. Default Date.now. */
  clock?: () => number;
  /** Default Infinity. Decreases by each billed record; a bulk larger than what remains gets 427. */
  credits?: number;
  /** Time between acceptance and results being ready. Default 200 ms. */
  processingDelayMs?: number;
  /** Leads waiting for processing across bulks; a bulk that would exceed it gets 429. Default 100000 (documented). */
  backlogLimit?: number;
  faults?: Faults;
  /** Loopback port to listen on. Default a random free one. */
  port?: number;
}

export interface LeadspaceSimulator {
  /** http://127.0.0.1:<port>, to use as the client's baseUrl. */
  url: string;
  /** Replaces all faults (and reseeds the server-error PRNG). */
  setFaults(faults: Faults): void;
  stats(): SimulatorStats;
  /** Sets the credits left (bulks in flight keep running and stop where the credits end). */
  setCredits(credits: number): void;
  /** Holds the processing of bulks accepted from now on until the returned function releases them (BulkProcessor). */
  holdProcessing(): () => void;
  /** Replaces the OAuth programs (one no longer listed gets 401 on authorize and refresh); issued tokens stay valid. */
  setOAuthPrograms(programs: OAuthProgram[]): void;
  /** Every access token issued so far gets 401 from now on; new grants work as before. */
  revokeAccessTokens(): void;
  /** Every refresh token issued so far gets 401 from now on; authorize works as before. */
  revokeRefreshTokens(): void;
  close(): Promise<void>;
}

/** Starts the Leadspace Bulk API v3 simulator on a loopback port. */
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
  const oauth = new TokenIssuer({
    programs: options.oauthPrograms ?? [],
    ttlSeconds,
    clock: options.clock ?? Date.now,
    stats,
    ...(options.oauthExpirationFormat && { expirationFormat: options.oauthExpirationFormat }),
  });
  const app = createLeadspaceApp({
    tokens: new Set(options.tokens ?? []),
    ...(options.programId !== undefined && { programId: options.programId }),
    oauth,
    processor,
    faults,
    stats,
  });

  const server = await listenOnLoopback(app.fetch, options.port);
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    setFaults: (next) => faults.set(next),
    stats: () => snapshot(stats),
    setCredits: (credits) => processor.setCredits(credits),
    holdProcessing: () => processor.holdProcessing(),
    setOAuthPrograms: (programs) => oauth.setPrograms(programs),
    revokeAccessTokens: () => oauth.revokeAll(),
    revokeRefreshTokens: () => oauth.revokeRefreshTokens(),
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
