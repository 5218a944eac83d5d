import { seededRandom, stableStringify, unitHash } from './prng';
import type { LeadspaceRequestItem } from './request';

export interface Faults {
  /** Fraction (0..1) of requests answered 500/502/503 with the documented error body, before any other check. */
  serverErrorRate?: number;
  /** Seeds the PRNG behind serverErrorRate, so a given sequence of requests fails the same way every run. */
  seed?: number;
  /** Delay before every response, in ms. */
  slowResponseMs?: number;
  /** Never POST the completion callback. */
  dropCallbacks?: boolean;
  /** POST each completion callback twice. */
  duplicateCallbacks?: boolean;
  /**
   * Fraction (0..1) of records that get record error 1100 the first time their content is processed. Chosen from
   * the content, not at random, so a resubmission of the same record succeeds.
   */
  internalErrorRate?: number;
  /** Refuse every OAuth access token (401), new ones too, as if each had expired; perpetual tokens still work. */
  rejectAccessTokens?: boolean;
  /** Refuse every API call (401) as if the account's credentials were withdrawn; bulks accepted still run and bill. */
  credentialsWithdrawn?: boolean;
  /**
   * Fraction (0..1) of accepted bulks whose 202 is replaced by a 500: the bulk is accepted, processed, billed and
   * called back as usual, but the client cannot know it was accepted (invented: the document only says 5XX happen).
   */
  acceptThenFailRate?: number;
  /** Delay, in ms, before the 202 of an accepted bulk (the bulk is already accepted): longer than a client's timeout. */
  slowAcceptMs?: number;
  /** Fraction (0..1) of accepted bulks answered after slowAcceptMs; every one when absent. */
  slowAcceptRate?: number;
  /** Answers in another reading the document allows (docs/vendors.md). */
  dialect?: LeadspaceDialect;
}

/**
 * The readings the vendor document allows where it is silent or contradicts itself, one switch each.
 * The default of every switch is the reading the property tables describe.
 */
export interface LeadspaceDialect {
  /** where results echo external_id: at the item (the table), in `company` (the sample), or not at all */
  externalIdEcho?: 'item' | 'company' | 'missing' | 'null';
  /** letter case of results[].status and enrichment_status */
  statusCase?: 'documented' | 'upper' | 'lower';
  /** the callback body: every documented field, only bulkId, or only callbackMethod.pollingUrl */
  callbackFields?: 'all' | 'bulkIdOnly' | 'pollingUrlOnly';
  /** HTTP status of an accepted bulk */
  acceptStatus?: 200 | 202;
  /** answer results in a shape no reading documents (under `bulk.items`): an answer Leadflow cannot read */
  unreadableResults?: boolean;
}

const DEFAULT_SEED = 1;
const SERVER_ERROR_STATUSES = [500, 502, 503] as const;

/** Holds the active faults and the state behind them (PRNG position, records already processed once). */
export class FaultInjector {
  private faults: Faults = {};
  private random: () => number = seededRandom(DEFAULT_SEED);
  private readonly processedOnce = new Set<string>();

  constructor(faults: Faults = {}) {
    this.set(faults);
  }

  /** Replaces every fault (not a merge) and reseeds the PRNG, so each scenario starts from a known state. */
  set(faults: Faults): void {
    for (const key of ['serverErrorRate', 'internalErrorRate', 'acceptThenFailRate', 'slowAcceptRate'] as const) {
      const rate = faults[key];
      if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new RangeError(`${key} must be within 0..1`);
    }
    this.faults = { ...faults };
    this.random = seededRandom(faults.seed ?? DEFAULT_SEED);
  }

  get current(): Readonly<Faults> {
    return this.faults;
  }

  /** Whether the answer to this accepted bulk is lost (replaced by a 500). */
  acceptThenFail(): boolean {
    const rate = this.faults.acceptThenFailRate ?? 0;
    return rate > 0 && this.random() < rate;
  }

  /** How long to hold back the answer to this accepted bulk (0: answer at once). */
  slowAccept(): number {
    const { slowAcceptMs = 0, slowAcceptRate = 1 } = this.faults;
    return slowAcceptMs > 0 && this.random() < slowAcceptRate ? slowAcceptMs : 0;
  }

  get dialect(): Readonly<LeadspaceDialect> {
    return this.faults.dialect ?? {};
  }

  /** The 5XX status to answer this request with, or undefined to handle it normally. */
  serverError(): (typeof SERVER_ERROR_STATUSES)[number] | undefined {
    const rate = this.faults.serverErrorRate ?? 0;
    if (rate <= 0 || this.random() >= rate) return undefined;
    return SERVER_ERROR_STATUSES[Math.floor(this.random() * SERVER_ERROR_STATUSES.length)];
  }

  /** Whether this record fails with 1100 now. Records this once per content: only a first processing can fail. */
  internalErrorOnFirstProcessing(item: LeadspaceRequestItem): boolean {
    // external_id is excluded (in both places it may be sent): a resubmission may carry a new one and still be
    // "the same record". stableStringify drops undefined properties.
    const company = item.company ? { ...item.company, external_id: undefined } : item.company;
    const key = stableStringify({ ...item, company, external_id: undefined });
    const first = !this.processedOnce.has(key);
    this.processedOnce.add(key);
    const rate = this.faults.internalErrorRate ?? 0;
    return first && rate > 0 && unitHash(`1100|${key}`) < rate;
  }
}
