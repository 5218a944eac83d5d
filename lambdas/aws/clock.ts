/*
 * The time vendor limits and deadlines are measured on. Always Date.now on AWS; the local runtime can install a
 * scaled clock (with the same one in the vendor simulators) so hours of rate-limited traffic run in seconds.
 */
let current: () => number = Date.now;
let scale = 1;

export const now = (): number => current();

/** Waits `ms` of clock time (real time divided by the clock's scale). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms / scale));

export function useClock(clock: () => number, timeScale = 1): void {
  current = clock;
  scale = timeScale;
}
