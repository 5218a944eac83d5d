import { randomUUID } from 'node:crypto';
import { ServiceError } from './jsonProtocolServer';

/** The error a wait ends with when its execution stopped; nothing sees it, the execution having ended. */
const STOPPED = 'States.Runtime';

export type Outcome = { ok: true; output: unknown } | { ok: false; error: string; cause?: string };

interface Pending {
  settle(outcome: Outcome): void;
  promise: Promise<Outcome>;
}

/**
 * Task tokens for `.waitForTaskToken` states, which the in-process interpreter lacks (docs/local-runtime.md,
 * docs/toolchain.md): a token is issued when the state starts, parked, and settled by SendTaskSuccess/Failure
 * through the real SFN client; tokens of timed-out tasks answer TaskTimedOut, as on AWS.
 */
export class TaskTokens {
  private readonly pending = new Map<string, Pending>();
  private readonly expired = new Set<string>();

  issue(): string {
    const token = `local-token-${randomUUID()}`;
    let settle!: (o: Outcome) => void;
    const promise = new Promise<Outcome>((resolve) => (settle = resolve));
    this.pending.set(token, { settle, promise });
    return token;
  }

  /**
   * Resolves with the task output, rejects with the reported error, or times out (States.Timeout). When the execution
   * holding the token stops (`signal`), the wait ends and the token answers TaskTimedOut from then on, as a stopped
   * execution's token no longer counts on AWS.
   */
  async wait(token: string, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    const entry = this.pending.get(token);
    if (!entry) throw new Error('Unknown task token');
    let timer: NodeJS.Timeout | undefined;
    let onStop = () => {};
    const ended = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: 'States.Timeout' }), timeoutMs);
      onStop = () => resolve({ ok: false, error: STOPPED });
      if (signal?.aborted) onStop();
      else signal?.addEventListener('abort', onStop, { once: true });
    });
    const outcome = await Promise.race([entry.promise, ended]);
    clearTimeout(timer);
    signal?.removeEventListener('abort', onStop);
    this.pending.delete(token);
    if (outcome.ok) return outcome.output;
    if (outcome.error === 'States.Timeout' || outcome.error === STOPPED) this.expired.add(token);
    const error = new Error(outcome.cause ?? outcome.error);
    error.name = outcome.error;
    throw error;
  }

  /** Settles a parked task as SendTaskSuccess/Failure do; errors are the service's own. */
  settle(token: unknown, outcome: Outcome): Record<string, never> {
    const entry = this.pending.get(String(token));
    if (!entry) {
      if (this.expired.has(String(token))) throw new ServiceError('TaskTimedOut', 'Task Timed Out');
      throw new ServiceError('InvalidToken', 'Invalid token');
    }
    entry.settle(outcome);
    return {};
  }

  isPending(token: unknown): boolean {
    return this.pending.has(String(token));
  }
}
