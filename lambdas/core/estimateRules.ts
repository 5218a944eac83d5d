import type { EnrichedField } from './enrichedFields';
import type { CountRange } from './estimate';
import { applyStepResult, leadOf, type LeadState } from './leadState';
import { isBlank, stepApplies, type PlanStep, type Vendor } from './plan';
import { vendorCacheKey, type CachedAnswer } from './vendorCacheKey';
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

/** The fields each vendor's cache key reads (lambdas/core/vendorCacheKey.ts): present, an earlier answer cannot change them. */
const KEY_FIELDS: Record<Vendor, readonly EnrichedField[]> = {
  leadspace: ['person_email', 'person_first_name', 'person_last_name'],
  leadgenius: ['person_first_name', 'person_last_name', 'company_domain'],
  aggknowledge: ['person_linkedin_url'],
};

const range = (): CountRange => ({ min: 0, max: 0 });
const add = (r: CountRange, certainly: boolean) => {
  r.max += 1;
  if (certainly) r.min += 1;
};

/**
 * Counts one plan step over the leads, one at a time, as PlanStep would decide them (lambdas/app/planStep.ts), for
 * leads whose values are known and, as ranges, for leads an earlier vendor has yet to answer. Holds the cache keys
 * of the records it counts as sent, as PlanStep does.
 */
export class StepTally {
  readonly counts = { leads: range(), cacheHits: range(), shared: range(), records: range() };
  private readonly sent = new Set<string>();

  /** `overwrittenBefore`: an earlier step may replace values, so an uncertain lead's key may still change */
  constructor(
    readonly step: PlanStep,
    private readonly scope: string,
    private readonly overwrittenBefore: boolean,
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
    const keyKnown = !this.overwrittenBefore && KEY_FIELDS[step.vendor].every((field) => !isBlank(values, field));
    return { applies: certainly ? 'yes' : 'maybe', ...(keyKnown && { cacheKey: vendorCacheKey(step.vendor, leadOf(lead.state), this.scope) }) };
  }

  /** Counts the lead with the cache's answer for its key (when looked up), and returns what the next step knows of it. */
  count(lead: LeadForecast, question: StepQuestion, cached: CachedAnswer | undefined): LeadForecast {
    if (question.applies === 'no') return lead;
    const certainly = question.applies === 'yes';
    const { counts } = this;
    add(counts.leads, certainly);
    if (question.cacheKey === undefined) {
      // Which question the vendor would be asked is not known yet: a cache answer, a shared record or a new one.
      counts.cacheHits.max += 1;
      counts.shared.max += 1;
      counts.records.max += 1;
      return { state: lead.state, certain: false };
    }
    if (cached) {
      add(counts.cacheHits, certainly);
      if (!certainly) return lead;
      return { state: applyStepResult(lead.state, this.step, { externalId: lead.state.x, ...cached }, { cached: true }), certain: lead.certain };
    }
    if (this.sent.has(question.cacheKey)) add(counts.shared, certainly);
    else {
      add(counts.records, certainly);
      // Only a lead certain to be sent makes later ones with its question shared for certain.
      if (certainly) this.sent.add(question.cacheKey);
    }
    return { state: lead.state, certain: false };
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

/**
 * A step's counts once the job's budget for the vendor is applied: `spent` is what earlier steps of the same vendor
 * would send (a range), so the room left is a range too.
 */
export function withinBudget(records: CountRange, budget: number | undefined, spent: CountRange): { records: CountRange; overBudget: CountRange } {
  if (budget === undefined) return { records, overBudget: range() };
  const most = Math.max(0, budget - spent.min);
  const least = Math.max(0, budget - spent.max);
  return {
    records: { min: Math.min(records.min, least), max: Math.min(records.max, most) },
    overBudget: { min: Math.max(0, records.min - most), max: Math.max(0, records.max - least) },
  };
}
