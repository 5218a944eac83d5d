/** How often the scaled clock moves on, and the most real time one step may count. */
const TICK_MS = 10;
const MAX_STEP_MS = 4 * TICK_MS;

export interface ScaledClock {
  /** epoch milliseconds on the scaled clock */
  now: () => number;
  stop: () => void;
}

/**
 * Time running `scale` times faster, moved on by a timer of the event loop rather than read off the wall: each step
 * counts the real time since the last one, but never more than MAX_STEP_MS. On an idle machine it keeps pace with
 * the wall (× scale). On a loaded one, a process starved of CPU or a loop busy with other callbacks takes fewer
 * steps, and its clock slows with it: the real time code takes between two instants (a limiter's grant and the
 * vendor simulator counting the call) is not multiplied by the scale into minutes no margin covers.
 * docs/local-runtime.md, "Waits and task timeouts".
 */
export function scaledClock(scale: number, wall: () => number = Date.now): ScaledClock {
  if (scale === 1) return { now: wall, stop: () => undefined };
  let current = wall();
  let last = current;
  const timer = setInterval(() => {
    const at = wall();
    current += Math.min(at - last, MAX_STEP_MS) * scale;
    last = at;
  }, TICK_MS);
  // The clock never keeps a process alive on its own.
  timer.unref();
  return { now: () => current, stop: () => clearInterval(timer) };
}
