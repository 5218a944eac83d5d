/*
 * The time vendor limits and deadlines are measured on. Always Date.now on AWS; the local runtime can install a
 * scaled clock (with the same one in the vendor simulators) so hours of rate-limited traffic run in seconds.
 */
let current: () => number = Date.now;

export const now = (): number => current();

export function useClock(clock: () => number): void {
  current = clock;
}
