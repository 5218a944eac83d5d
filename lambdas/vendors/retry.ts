export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(partial ?? {}) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError('retry.maxAttempts must be an integer >= 1');
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError('retry delays must be >= 0');
  }
  return policy;
}

/**
 * "Full jitter" exponential backoff: a uniform delay in [0, min(cap, base * 2^(attempt-1))). Spreading retries
 * over the whole window keeps many concurrent Lambdas from hammering a recovering vendor in lockstep.
 * `attempt` is the number of the attempt that just failed, starting at 1.
 */
export function fullJitterDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * 5XX is retriable for every vendor. 429 is the conventional "rate limited / backlog full" answer, which neither
 * Leadspace's nor LeadGenius's document names: a limit window drains over time, so it is retried like 5XX.
 * The documented final answers (400, 401, 403, 427) are not retried.
 */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
