/**
 * Seconds to wait before the next poll: doubles from the poll interval up to a ceiling, with "equal jitter"
 * so batches submitted together do not poll the vendor in lock-step.
 */
export function nextPollDelaySeconds(pollCount: number, intervalSeconds: number, maxSeconds: number, random = Math.random): number {
  const exponential = Math.min(maxSeconds, intervalSeconds * 2 ** Math.max(0, pollCount - 1));
  const half = exponential / 2;
  return Math.max(1, Math.round(half + random() * half));
}
