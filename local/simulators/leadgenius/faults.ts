import { seededRandom } from '../../seededRandom';

export interface LeadGeniusFaults {
  /** Fraction (0..1) of requests answered 500 `{status:500, error}`, before authentication or any side effect. */
  serverErrorRate?: number;
  /** Seeds the PRNGs behind serverErrorRate and failAfterAccept. */
  seed?: number;
  /**
   * Valid bulk jobs that are accepted (numbered, counted against the hourly limit, processed, billed, their webhooks
   * sent with their `bulk_id`) and then answered 500, so the client cannot know it was accepted. A fraction 0..1
   * of submissions, or true for all. Invented behaviour: the document only says a 500 is "an unexpected error".
   */
  failAfterAccept?: boolean | number;
  /** Never POST webhooks (status polling still works). */
  dropWebhooks?: boolean;
  /** Deliver every webhook twice. */
  duplicateWebhooks?: boolean;
}

export class FaultInjector {
  private faults: LeadGeniusFaults = {};
  private random: () => number = seededRandom(1);
  private failAfterAcceptRandom: () => number = seededRandom(2);

  constructor(faults: LeadGeniusFaults = {}) {
    this.set(faults);
  }

  /** Replaces every fault (not a merge) and reseeds the PRNG. */
  set(faults: LeadGeniusFaults): void {
    const rate = faults.serverErrorRate;
    if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError('serverErrorRate must be within 0..1');
    const after = faults.failAfterAccept;
    if (typeof after === 'number' && !(after >= 0 && after <= 1)) throw new RangeError('failAfterAccept must be within 0..1');
    this.faults = { ...faults };
    const seed = faults.seed ?? 1;
    this.random = seededRandom(seed);
    // A PRNG per switch, so turning one on does not change what the other decides.
    this.failAfterAcceptRandom = seededRandom(seed + 0x9e3779b9);
  }

  get current(): Readonly<LeadGeniusFaults> {
    return this.faults;
  }

  serverError(): boolean {
    const rate = this.faults.serverErrorRate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  /** Whether this accepted bulk job is answered 500 instead of its acceptance. */
  failAfterAccept(): boolean {
    const setting = this.faults.failAfterAccept;
    const rate = setting === true ? 1 : typeof setting === 'number' ? setting : 0;
    return rate > 0 && this.failAfterAcceptRandom() < rate;
  }
}
