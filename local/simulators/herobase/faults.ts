import { seededRandom } from '../../seededRandom';

export interface HeroBaseFaults {
  /** Fraction (0..1) of requests answered 500 `{message}`, before authentication, rate limiting or any side effect. */
  serverErrorRate?: number;
  /** Seeds the PRNG behind serverErrorRate. Default 1. */
  seed?: number;
  /** Answer every request 401, as if the password had been changed. */
  status401?: boolean;
}

export class FaultInjector {
  private faults: HeroBaseFaults = {};
  private random: () => number = seededRandom(1);

  constructor(faults: HeroBaseFaults = {}) {
    this.set(faults);
  }

  /** Replaces every fault (not a merge) and reseeds the PRNG. */
  set(faults: HeroBaseFaults): void {
    const rate = faults.serverErrorRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError('serverErrorRate must be within 0..1');
    this.faults = { ...faults };
    this.random = seededRandom(faults.seed ?? 1);
  }

  serverError(): boolean {
    const rate = this.faults.serverErrorRate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  unauthorized(): boolean {
    return this.faults.status401 === true;
  }
}
