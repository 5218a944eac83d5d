import type { MiddlewareHandler } from 'hono';

/** Counts every request and, by status, every refusal: what tests read from a simulator's stats(). */
export function countRequests(stats: { requests: number; rejected: Record<number, number> }): MiddlewareHandler {
  return async (c, next) => {
    stats.requests += 1;
    await next();
    const status = c.res.status;
    if (status >= 400) stats.rejected[status] = (stats.rejected[status] ?? 0) + 1;
  };
}
