export interface SimulatorStats {
  /** Records that came back with status success (record errors are not billed). */
  billedRecords: number;
  bulksAccepted: number;
  /** Records in accepted bulks. */
  recordsReceived: number;
  /** The most records the account's backlog held at once (accepted, not yet processed), across every client. */
  peakBacklog: number;
  /** Accepted bulks whose 202 was replaced by a 500 (the acceptThenFailRate fault). */
  acceptedThenFailed: number;
  /** Accepted bulks whose 202 was held back by slowAcceptMs. */
  acceptedSlowly: number;
  /** Callback POSTs attempted (a duplicate counts twice, a dropped one not at all). */
  callbacksSent: number;
  /** OAuth tokens granted by authorize (POST /oauth/authorize). */
  tokensIssued: number;
  /** OAuth tokens granted by refresh (PUT /oauth/authorize). */
  tokensRefreshed: number;
  /** API calls by the Authorization scheme they presented (accepted or not); the token endpoint is not counted. */
  authSchemes: { bearer: number; basic: number };
  /** API calls refused with 401: no, unknown, expired or revoked token, either scheme (token endpoint refusals excluded). */
  unauthorized: number;
  /** Every HTTP request received, whatever its outcome. */
  requests: number;
  /** Responses with status >= 400, counted by status. */
  rejected: Record<number, number>;
}

export function emptyStats(): SimulatorStats {
  return {
    billedRecords: 0,
    bulksAccepted: 0,
    recordsReceived: 0,
    peakBacklog: 0,
    acceptedThenFailed: 0,
    acceptedSlowly: 0,
    callbacksSent: 0,
    tokensIssued: 0,
    tokensRefreshed: 0,
    authSchemes: { bearer: 0, basic: 0 },
    unauthorized: 0,
    requests: 0,
    rejected: {},
  };
}

/** A copy, so callers can keep snapshots and compare them. */
export function snapshot(stats: SimulatorStats): SimulatorStats {
  return { ...stats, authSchemes: { ...stats.authSchemes }, rejected: { ...stats.rejected } };
}
