/*
 * The documented per-key limits, on the simulator's clock: 5,000 objects per hour for bulk jobs, and 1 per minute
 * and 60 per hour for bulk status calls. Windows are trailing (sliding), the strictest reading of "per hour".
 * Only accepted calls use up a limit; a refused call does not push the window further out.
 */

export interface LeadGeniusLimits {
  objectsPerHour?: number;
  statusPerMinute?: number;
  statusPerHour?: number;
}

export const DEFAULT_LIMITS: Required<LeadGeniusLimits> = { objectsPerHour: 5_000, statusPerMinute: 1, statusPerHour: 60 };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface KeyUsage {
  objects: Array<{ at: number; count: number }>;
  statusCalls: number[];
}

export class RateLimiter {
  private readonly limits: Required<LeadGeniusLimits>;
  private readonly usage = new Map<string, KeyUsage>();

  constructor(
    limits: LeadGeniusLimits | undefined,
    private readonly clock: () => number,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits ?? {}).filter(([, v]) => v !== undefined)) };
  }

  /** Records `count` objects for `key` if that keeps the trailing hour within the limit; false otherwise. */
  takeObjects(key: string, count: number): boolean {
    const now = this.clock();
    const usage = this.usageOf(key);
    usage.objects = usage.objects.filter((o) => o.at > now - HOUR);
    const used = usage.objects.reduce((sum, o) => sum + o.count, 0);
    if (used + count > this.limits.objectsPerHour) return false;
    usage.objects.push({ at: now, count });
    return true;
  }

  /** Records one status call for `key` if both the minute and the hour windows allow it; false otherwise. */
  takeStatusCall(key: string): boolean {
    const now = this.clock();
    const usage = this.usageOf(key);
    usage.statusCalls = usage.statusCalls.filter((at) => at > now - HOUR);
    const lastMinute = usage.statusCalls.filter((at) => at > now - MINUTE).length;
    if (lastMinute >= this.limits.statusPerMinute || usage.statusCalls.length >= this.limits.statusPerHour) return false;
    usage.statusCalls.push(now);
    return true;
  }

  private usageOf(key: string): KeyUsage {
    let usage = this.usage.get(key);
    if (!usage) {
      usage = { objects: [], statusCalls: [] };
      this.usage.set(key, usage);
    }
    return usage;
  }
}
