import type { CountRange } from './estimate';
import { applyStepResult, leadOf, type LeadState } from './leadState';
import { isBlank, stepApplies, type PlanStep, type Vendor } from './plan';
import { CACHE_KEY_FIELDS, vendorCacheKey, type CachedAnswer } from './vendorCacheKey';
import { VENDOR_BATCH_SIZE } from './batchSize';

/* The estimate's rules (docs/estimate.md): how a plan step is counted before any vendor answers. */

/** A lead on its way through the estimate: the values known so far, and whether they are all it will have. */
export interface LeadForecast {
  state: LeadState;
  /** false once an earlier step would ask a vendor for it: what the vendor finds is not known yet */
  certain: boolean;
}

export type Applies = 'yes' | 'maybe' | 'no';

/** The step's question for one lead: whether the step applies, and its cache key when that is already known. */
export interface StepQuestion {
  applies: Applies;
  cacheKey?: string;
}

const range = (): CountRange => ({ min: 0, max: 0 });
const add = (r: CountRange, certainly: boolean) => {
  r.max += 1;
  if (certainly) r.min += 1;
};

/** The room a budget leaves a step: the least and the most, as earlier steps of the vendor may have spent it. */
export interface BudgetRoom {
  least: number;
  most: number;
}

/**
 * Counts one plan step over the leads, in file order, as PlanStep would decide them (lambdas/app/planStep.ts): the
 * budget lead by lead, shared records only behind a lead that is sent. For leads whose values are known this is
 * exact; for leads an earlier vendor has yet to answer, a range. Holds the cache keys it counts, as PlanStep does.
 */
export class StepTally {
  readonly counts = { leads: range(), cacheHits: range(), shared: range(), records: range(), overBudget: range() };
  /** keys certainly sent: a later lead asking the same is certainly shared */
  private readonly sent = new Set<string>();
  /** keys that may be sent: a later lead asking the same may be shared */
  private readonly maybeSent = new Set<string>();
  /** keys certainly left out by the budget: a later lead asking the same has no record to share, and is left out too */
  private readonly leftOut = new Set<string>();

  /**
   * `overwrittenBefore`: an earlier step may replace values, so an uncertain lead's key may still change.
   * `afterSameVendor`: an earlier step asks this vendor too, and its answers are cached before this step plans,
   * so any lead may find its answer there (the estimate counts the steps side by side, not one after the other).
   */
  constructor(
    readonly step: PlanStep,
    private readonly scope: string,
    private readonly overwrittenBefore: boolean,
    private readonly room: BudgetRoom = { least: Number.POSITIVE_INFINITY, most: Number.POSITIVE_INFINITY },
    private readonly afterSameVendor = false,
  ) {}

  question(lead: LeadForecast): StepQuestion {
    const { step } = this;
    const values = lead.state.values;
    if (lead.certain) {
      return stepApplies(step, values) ? { applies: 'yes', cacheKey: vendorCacheKey(step.vendor, leadOf(lead.state), this.scope) } : { applies: 'no' };
    }
    // Earlier answers only fill blanks: a value there stays, a blank may be filled.
    if (step.missing.length > 0 && step.missing.every((field) => !isBlank(values, field))) return { applies: 'no' };
    const certainly = step.missing.length === 0 && step.requires.every((field) => !isBlank(values, field));
    const keyKnown = !this.overwrittenBefore && CACHE_KEY_FIELDS[step.vendor].every((field) => !isBlank(values, field));
    return { applies: certainly ? 'yes' : 'maybe', ...(keyKnown && { cacheKey: vendorCacheKey(step.vendor, leadOf(lead.state), this.scope) }) };
  }

  /** Counts the lead with the cache's answer for its key (when looked up), and returns what the next step knows of it. */
  count(lead: LeadForecast, question: StepQuestion, cached: CachedAnswer | undefined): LeadForecast {
    if (question.applies === 'no') return lead;
    const certainly = question.applies === 'yes';
    const { counts } = this;
    add(counts.leads, certainly);
    const key = question.cacheKey;
    if (key !== undefined && cached) {
      add(counts.cacheHits, certainly);
      // Only a lead whose values are all known takes the answer as known: an earlier vendor may fill the same fields.
      if (!certainly || !lead.certain) return { state: lead.state, certain: false };
      return { state: applyStepResult(lead.state, this.step, { externalId: lead.state.x, ...cached }, { cached: true }), certain: true };
    }
    // Which question the vendor is asked is not known yet, or an earlier step of this vendor may have bought the
    // answer by then: a cache answer, a shared record or a new one.
    const settled = key !== undefined && certainly && !this.afterSameVendor;
    if (key === undefined || this.afterSameVendor) counts.cacheHits.max += 1;
    if (key !== undefined && this.sent.has(key)) add(counts.shared, settled);
    else if (key !== undefined && this.leftOut.has(key)) add(counts.overBudget, settled);
    else {
      if (key === undefined || this.maybeSent.has(key)) counts.shared.max += 1;
      this.countRecord(key, settled);
    }
    return { state: lead.state, certain: false };
  }

  /** A record to send, held to the budget's room as PlanStep holds it: in file order, over budget once it is spent. */
  private countRecord(key: string | undefined, settled: boolean): void {
    const { records, overBudget } = this.counts;
    const fits = records.min < this.room.least;
    const mayFit = records.max < this.room.most;
    if (settled && fits) {
      records.min += 1;
      if (mayFit) records.max += 1;
      this.sent.add(key!);
    } else if (settled && !mayFit) {
      add(overBudget, true);
      this.leftOut.add(key!);
    } else {
      // Sent if it applies and there is room, else left out: either may happen. The sends so far may fill the
      // budget already when the most they can be reaches it.
      const mayBeLeftOut = records.max >= this.room.least;
      if (mayFit) records.max += 1;
      if (mayBeLeftOut) overBudget.max += 1;
      if (key !== undefined) this.maybeSent.add(key);
    }
  }
}

export interface VendorLimits {
  leadGeniusObjectsPerHour: number;
  aggKnowledgeTier3PerMinute: number;
  leadspaceBacklogLeads: number;
}

/** How long the vendor's configured limits make a step of this many records take, and why. */
export function stepDuration(vendor: Vendor, records: CountRange, limits: VendorLimits): { durationSeconds: CountRange; durationBasis: string } {
  const scale = (f: (n: number) => number) => ({ min: f(records.min), max: f(records.max) });
  switch (vendor) {
    case 'leadgenius':
      // The shared limiter grants a full hour's objects at once, then the next hour's: 40,000 objects take 8 hours.
      return {
        durationSeconds: scale((n) => Math.ceil(n / limits.leadGeniusObjectsPerHour) * 3_600),
        durationBasis: `LeadGenius takes at most ${limits.leadGeniusObjectsPerHour.toLocaleString('en-US')} objects an hour (leadGeniusObjectsPerHour), across all jobs; plus its own processing time`,
      };
    case 'aggknowledge':
      return {
        durationSeconds: scale((n) => Math.ceil(Math.ceil(n / VENDOR_BATCH_SIZE.aggknowledge) / limits.aggKnowledgeTier3PerMinute) * 60),
        durationBasis: `AggKnowledge takes ${limits.aggKnowledgeTier3PerMinute.toLocaleString('en-US')} bulk requests of ${VENDOR_BATCH_SIZE.aggknowledge} a minute (aggKnowledgeTier3PerMinute); plus its own processing time`,
      };
    case 'leadspace':
      return {
        durationSeconds: range(),
        durationBasis: `Leadspace sets no rate: up to ${limits.leadspaceBacklogLeads.toLocaleString('en-US')} leads are with it at once (leadspaceBacklogLeads), in bulks of ${VENDOR_BATCH_SIZE.leadspace}; the time is its processing time, which Leadflow cannot know in advance`,
      };
  }
}
