export interface LeadGeniusSimulatorStats {
  /** data[] items in accepted bulk jobs. */
  objectsAccepted: number;
  /** When each bulk job was accepted (simulator clock, ms) and its size: the achieved rate, measured. */
  acceptedObjects: Array<{ at: number; count: number }>;
  /** Sub jobs processed (what the vendor bills). */
  billedObjects: number;
  /** Bulk jobs accepted, failAfterAccept ones included (they exist, are processed and billed). */
  bulkJobsAccepted: number;
  /** Bulk jobs accepted and then answered 500 (the failAfterAccept fault): the client never learnt their id. */
  acceptedThenFailed: number;
  /** Distinct webhooks the simulator set out to deliver (a duplicate counts twice, a dropped one not at all). */
  webhooksSent: number;
  /** Webhook POST attempts, retries included. */
  webhookAttempts: number;
  /** Webhooks that got a 2XX in the end. */
  webhooksDelivered: number;
  /** Webhooks given up after the last attempt. */
  webhooksFailed: number;
  /** Calls refused (429, or 403 in that dialect) because they exceeded a documented limit. */
  limitViolations: { objects: number; status: number };
  /** Every HTTP request received. */
  requests: number;
  /** Responses with status >= 400, by status. */
  rejected: Record<number, number>;
}

export function emptyStats(): LeadGeniusSimulatorStats {
  return {
    objectsAccepted: 0,
    acceptedObjects: [],
    billedObjects: 0,
    bulkJobsAccepted: 0,
    acceptedThenFailed: 0,
    webhooksSent: 0,
    webhookAttempts: 0,
    webhooksDelivered: 0,
    webhooksFailed: 0,
    limitViolations: { objects: 0, status: 0 },
    requests: 0,
    rejected: {},
  };
}

export function snapshot(stats: LeadGeniusSimulatorStats): LeadGeniusSimulatorStats {
  return {
    ...stats,
    acceptedObjects: stats.acceptedObjects.map((a) => ({ ...a })),
    limitViolations: { ...stats.limitViolations },
    rejected: { ...stats.rejected },
  };
}
