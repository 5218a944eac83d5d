import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scaledClock } from '../../local/scaledClock';

describe('scaledClock', () => {
  let wall = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    wall = 1_000_000;
  });
  afterEach(() => vi.useRealTimers());

  /** Real time passing while the loop runs its timers, as on an idle machine. */
  const idle = (ms: number) => {
    for (let i = 0; i < ms / 10; i++) {
      wall += 10;
      vi.advanceTimersByTime(10);
    }
  };

  it('runs scale times faster than the wall while the loop keeps up', () => {
    const clock = scaledClock(300, () => wall);
    const start = clock.now();
    idle(1_000);
    expect(clock.now() - start).toBe(300_000);
    clock.stop();
  });

  it('counts a stall of the process as one short step, not as minutes of scaled time', () => {
    const clock = scaledClock(300, () => wall);
    const start = clock.now();
    // Two seconds without a turn of the loop (no CPU, or a long synchronous task), then the next tick.
    wall += 2_000;
    vi.advanceTimersByTime(10);
    expect(clock.now() - start).toBe(40 * 300);
    idle(100);
    expect(clock.now() - start).toBe(40 * 300 + 100 * 300);
    clock.stop();
  });

  it('stands still once stopped, and is the wall at scale 1', () => {
    const clock = scaledClock(300, () => wall);
    idle(100);
    clock.stop();
    const stopped = clock.now();
    idle(100);
    expect(clock.now()).toBe(stopped);
    expect(scaledClock(1, () => wall).now()).toBe(wall);
  });
});
