import { createHash } from 'node:crypto';
import { seededRandom } from '../../seededRandom';

export interface AggKnowledgeFaults {
  /** Fraction (0..1) of requests answered 500 `{message}`, before authentication or any side effect. */
  serverErrorRate?: number;
  /** Seeds the PRNGs behind the rates and the choice of retryable items. Default 1. */
  seed?: number;
  /**
   * Fraction (0..1) of valid bulk submissions that are accepted (the batch exists, is processed and billed) and
   * then answered 500: a client that retries creates a duplicate batch.
   */
  acceptThenFailRate?: number;
  /**
   * Fraction (0..1) of identities whose item fails retryable (`temporarily_unavailable`) the FIRST time the
   * identity is submitted (per key and environment); later submissions succeed. Chosen by a seeded hash of the
   * identity, so the same identities fail whatever the order of submission.
   */
  retryableItemRate?: number;
  /** Answer every request 401, as if the key had been revoked. */
  status401?: boolean;
}

const RATES = ['serverErrorRate', 'acceptThenFailRate', 'retryableItemRate'] as const;

export class FaultInjector {
  private faults: AggKnowledgeFaults = {};
  private serverErrorRandom: () => number = seededRandom(1);
  private acceptThenFailRandom: () => number = seededRandom(2);

  constructor(faults: AggKnowledgeFaults = {}) {
    this.set(faults);
  }

  /** Replaces every fault (not a merge) and reseeds the PRNGs. */
  set(faults: AggKnowledgeFaults): void {
    for (const name of RATES) {
      const rate = faults[name];
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be within 0..1`);
    }
    this.faults = { ...faults };
    const seed = faults.seed ?? 1;
    // One PRNG per switch, so turning one on does not change what the other decides.
    this.serverErrorRandom = seededRandom(seed);
    this.acceptThenFailRandom = seededRandom(seed + 0x9e3779b9);
  }

  get current(): Readonly<AggKnowledgeFaults> {
    return this.faults;
  }

  serverError(): boolean {
    const rate = this.faults.serverErrorRate ?? 0;
    return rate > 0 && this.serverErrorRandom() < rate;
  }

  acceptThenFail(): boolean {
    const rate = this.faults.acceptThenFailRate ?? 0;
    return rate > 0 && this.acceptThenFailRandom() < rate;
  }

  /** Whether this identity is one of the retryable-failure ones (the caller applies "first time only"). */
  retryableIdentity(identity: string): boolean {
    const rate = this.faults.retryableItemRate ?? 0;
    if (rate <= 0) return false;
    const digest = createHash('sha256')
      .update(`${this.faults.seed ?? 1}|${identity}`, 'utf8')
      .digest();
    return digest.readUInt32BE(0) / 4294967296 < rate;
  }

  unauthorized(): boolean {
    return this.faults.status401 === true;
  }
}
