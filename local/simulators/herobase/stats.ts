import type { MiddlewareHandler } from 'hono';

export type HeroBaseEndpoint = 'account' | 'campaigns' | 'importExample' | 'importLead' | 'leadSearches' | 'exportCsv' | 'exportObjects' | 'other';

export interface HeroBaseSimulatorStats {
  /** Every HTTP request received. */
  requests: number;
  /** Responses with status >= 400, by status. */
  rejected: Record<number, number>;
  /** Responses by endpoint, then by status (every status, 2XX included). */
  byEndpoint: Record<HeroBaseEndpoint, Record<number, number>>;
  /** Leads stored (whatever 2XX the dialect answers with). */
  importsAccepted: number;
  /** Imports refused by field validation (400 with errors); 401/403/404/429 are in byEndpoint.importLead. */
  importsRejected: number;
  /** Per field: how often an import was refused because of it. */
  rejectedFields: Record<string, number>;
  /** Requests refused by the per-minute limit (429): fair-use violations. */
  rateLimited: number;
  /** The same, per username. */
  rateLimitedByUser: Record<string, number>;
  /** 500s injected by the serverErrorRate fault. */
  serverErrors: number;
  /** Leads served by exports (CSV and objects). */
  leadsExported: number;
}

const ENDPOINTS: readonly HeroBaseEndpoint[] = ['account', 'campaigns', 'importExample', 'importLead', 'leadSearches', 'exportCsv', 'exportObjects', 'other'];

export function emptyStats(): HeroBaseSimulatorStats {
  return {
    requests: 0,
    rejected: {},
    byEndpoint: Object.fromEntries(ENDPOINTS.map((e) => [e, {}])) as HeroBaseSimulatorStats['byEndpoint'],
    importsAccepted: 0,
    importsRejected: 0,
    rejectedFields: {},
    rateLimited: 0,
    rateLimitedByUser: {},
    serverErrors: 0,
    leadsExported: 0,
  };
}

/** A deep copy, so callers can keep snapshots and compare them. */
export function snapshot(stats: HeroBaseSimulatorStats): HeroBaseSimulatorStats {
  return {
    ...stats,
    rejected: { ...stats.rejected },
    byEndpoint: Object.fromEntries(ENDPOINTS.map((e) => [e, { ...stats.byEndpoint[e] }])) as HeroBaseSimulatorStats['byEndpoint'],
    rejectedFields: { ...stats.rejectedFields },
    rateLimitedByUser: { ...stats.rateLimitedByUser },
  };
}

/** Counts each response under its endpoint and status. */
export function countEndpoints(stats: HeroBaseSimulatorStats): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const counts = stats.byEndpoint[endpointOf(c.req.method, c.req.path)];
    counts[c.res.status] = (counts[c.res.status] ?? 0) + 1;
  };
}

export function endpointOf(method: string, path: string): HeroBaseEndpoint {
  const route = `${method} ${path.replace(/\/+$/, '').toLowerCase()}`;
  switch (route) {
    case 'GET /api/myaccount':
      return 'account';
    case 'GET /api/campaigns':
      return 'campaigns';
    case 'GET /api/leads/importexample':
      return 'importExample';
    case 'POST /api/leads':
      return 'importLead';
    case 'GET /api/leadsearches':
      return 'leadSearches';
    case 'GET /api/leads/export/csv':
      return 'exportCsv';
    case 'GET /api/leads/export':
      return 'exportObjects';
    default:
      return 'other';
  }
}
