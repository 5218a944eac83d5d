/**
 * Lets a test hold a simulator's processing: work accepted while held waits, and starts in the order it came once
 * released, so a test can look at an accepted bulk before it is processed however slow the machine is.
 */
export class ProcessingHold<T> {
  private held: T[] | undefined;

  constructor(private readonly start: (item: T) => void) {}

  /** Starts `item` now, or keeps it until the hold is released. */
  admit(item: T): void {
    if (this.held) this.held.push(item);
    else this.start(item);
  }

  /** Holds what is admitted from now on; the returned function releases it. */
  hold(): () => void {
    this.held ??= [];
    return () => {
      const items = this.held ?? [];
      this.held = undefined;
      for (const item of items) this.start(item);
    };
  }
}
