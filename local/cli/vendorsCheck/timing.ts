/*
 * Waiting for a vendor to finish, bounded twice: by a number of polls and by time on an injected clock, so a test
 * drives both (a fake clock advanced by a fake sleep) and a real run can never hang.
 */

export interface PollBounds {
  /** at most this many status calls */
  attempts: number;
  /** stop once this much time (on `clock`) has passed since the first call */
  deadlineMs: number;
  /** the wait before poll number `attempt` (1-based) */
  delayMs: (attempt: number) => number;
}

export interface Timing {
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  poll: PollBounds;
}

/** 0.5 s, 1 s, 2 s … capped at 10 s, for up to 5 minutes: a single record is usually done within seconds. */
export const DEFAULT_POLL: PollBounds = {
  attempts: 60,
  deadlineMs: 5 * 60_000,
  delayMs: (attempt) => Math.min(500 * 2 ** (attempt - 1), 10_000),
};

export const realTiming = (): Timing => ({
  clock: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  poll: DEFAULT_POLL,
});

export type PollOutcome<T> = { done: T } | { gaveUp: { polls: number; waitedMs: number } };

/** Calls `probe` after each wait until it returns a value, or the bounds are reached. */
export async function pollUntil<T>(timing: Timing, probe: () => Promise<T | undefined>): Promise<PollOutcome<T>> {
  const started = timing.clock();
  let polls = 0;
  while (polls < timing.poll.attempts && timing.clock() - started < timing.poll.deadlineMs) {
    polls += 1;
    await timing.sleep(timing.poll.delayMs(polls));
    const value = await probe();
    if (value !== undefined) return { done: value };
  }
  return { gaveUp: { polls, waitedMs: timing.clock() - started } };
}

export function gaveUpReason(gaveUp: { polls: number; waitedMs: number }): string {
  return `not finished after ${gaveUp.polls} status call(s) in ${Math.round(gaveUp.waitedMs / 1000)} s`;
}
