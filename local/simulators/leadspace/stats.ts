export interface SimulatorStats {
  /** Records that came back with status success (record errors are not billed). */
  billedRecords: number;
  bulksAccepted: number;
  /** Records in accepted bulks. */
  recordsReceived: number;
  /** Callback POSTs attempted (a duplicate counts twice, a dropped one not at all). */
  callbacksSent: number;
  /** OAuth access tokens granted at POST /oauth2/token. */
  tokensIssued: number;
  /** API calls refused with 401: no, unknown, expired or revoked bearer token (token endpoint refusals excluded). */
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
    callbacksSent: 0,
    tokensIssued: 0,
    unauthorized: 0,
    requests: 0,
    rejected: {},
  };
}

/** A copy, so callers can keep snapshots and compare them. */
export function snapshot(stats: SimulatorStats): SimulatorStats {
  return { ...stats, rejected: { ...stats.rejected } };
}
