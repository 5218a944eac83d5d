import { seededRandom } from '../../seededRandom';

export interface LeadGeniusFaults {
  /** Fraction (0..1) of requests answered 500 `{status:500, error}`, before authentication or any side effect. */
  serverErrorRate?: number;
  /** Seeds the PRNG behind serverErrorRate. */
  seed?: number;
  /** Never POST webhooks (status polling still works). */
  dropWebhooks?: boolean;
  /** Deliver every webhook twice. */
  duplicateWebhooks?: boolean;
}

export class FaultInjector {
  private faults: LeadGeniusFaults = {};
  private random: () => number = seededRandom(1);

  constructor(faults: LeadGeniusFaults = {}) {
    this.set(faults);
  }

  /** Replaces every fault (not a merge) and reseeds the PRNG. */
  set(faults: LeadGeniusFaults): void {
    const rate = faults.serverErrorRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError('serverErrorRate must be within 0..1');
    this.faults = { ...faults };
    this.random = seededRandom(faults.seed ?? 1);
  }

  get current(): Readonly<LeadGeniusFaults> {
    return this.faults;
  }

  serverError(): boolean {
    const rate = this.faults.serverErrorRate ?? 0;
    return rate > 0 && this.random() < rate;
  }
}
