/*
 * The fair-use limit: N requests per minute per user, on the simulator's clock. The window is trailing (sliding
 * 60 s), the strictest reading of "per minute". Only requests let through use up the limit; a refused (429)
 * request does not push the window further out.
 */

const MINUTE = 60_000;

export class PerMinuteLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly requestsPerMinute: number,
    private readonly clock: () => number,
  ) {
    if (!(Number.isInteger(requestsPerMinute) && requestsPerMinute >= 1)) throw new RangeError('requestsPerMinute must be an integer >= 1');
  }

  /** Takes one request for `user`: undefined when allowed, else the Retry-After in whole seconds (at least 1). */
  take(user: string): number | undefined {
    const now = this.clock();
    const recent = (this.calls.get(user) ?? []).filter((at) => at > now - MINUTE);
    this.calls.set(user, recent);
    if (recent.length < this.requestsPerMinute) {
      recent.push(now);
      return undefined;
    }
    const oldest = recent[0] as number;
    return Math.max(1, Math.ceil((oldest + MINUTE - now) / 1000));
  }
}
