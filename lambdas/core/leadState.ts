import type { EnrichedField, EnrichedValues, RecordResult, RowStatus } from './enrichedFields';
import type { Lead, LeadField } from './lead';
import { isBlank, type PlanStep, type Vendor } from './plan';
import { isFreeMailAddress } from './workEmail';

/** Who filled a value: the input file itself, or a vendor. */
export type Source = 'input' | Vendor;

/** What one step of the plan did for a lead. */
export interface StepOutcome {
  vendor: Vendor;
  status: RowStatus;
  /** answered from the cross-job cache: nothing was sent or bought */
  cached?: true;
}

/**
 * One unique lead on its way through the plan: the best values known so far, who filled each, and what every
 * step that applied did. Stored as one JSON line per lead in S3 (lead data never leaves the bucket).
 */
export interface LeadState {
  /** external id (row number of the first occurrence) */
  x: string;
  values: EnrichedValues;
  sources: Partial<Record<EnrichedField, Source>>;
  steps: StepOutcome[];
  /** the batch of the step in progress that holds this lead */
  sb?: string;
  /**
   * the lead in `sb` whose answer this one shares: another lead of the job that asks the step's vendor exactly the
   * same question (e.g. the same name and domain for LeadGenius), sent once
   */
  sx?: string;
}

/** Where each input field lands among the enriched fields, so input values are kept (and never overwritten). */
const INPUT_FIELDS: Record<LeadField, EnrichedField> = {
  firstName: 'person_first_name',
  lastName: 'person_last_name',
  email: 'person_email',
  title: 'person_title',
  phone: 'person_phone',
  companyName: 'company_name',
  domain: 'company_domain',
  country: 'person_country',
  state: 'person_state',
  city: 'person_city',
  linkedinUrl: 'person_linkedin_url',
};

export function initialState(externalId: string, lead: Lead): LeadState {
  const values: EnrichedValues = {};
  const sources: LeadState['sources'] = {};
  for (const [field, target] of Object.entries(INPUT_FIELDS) as [LeadField, EnrichedField][]) {
    const value = lead[field];
    if (value === undefined) continue;
    values[target] = value;
    sources[target] = 'input';
  }
  return { x: externalId, values, sources, steps: [] };
}

/** The lead a vendor step receives: input values completed by what earlier steps found (a domain, a LinkedIn URL). */
export function leadOf(state: LeadState): Lead {
  const lead: Lead = {};
  for (const [field, source] of Object.entries(INPUT_FIELDS) as [LeadField, EnrichedField][]) {
    const value = state.values[source]?.trim();
    if (value) lead[field] = value;
  }
  return lead;
}

/**
 * Folds a step's answer into the state. Values fill blanks only (the waterfall: the first good answer wins, and
 * input values stay), unless the plan lets the step overwrite.
 */
export function applyStepResult(state: LeadState, step: PlanStep, result: RecordResult, options: { cached?: boolean } = {}): LeadState {
  const values = { ...state.values };
  const sources = { ...state.sources };
  for (const [field, value] of Object.entries(result.values) as [EnrichedField, string | undefined][]) {
    if (value === undefined || value.trim() === '') continue;
    if (!step.overwrite && !isBlank(values, field)) continue;
    // A free-mail address never replaces an email already there: only a work email is worth the swap.
    if (field === 'person_email' && isFreeMailAddress(value) && (values.person_email ?? '').trim() !== '') continue;
    values[field] = value;
    sources[field] = step.vendor;
  }
  const outcome: StepOutcome = { vendor: step.vendor, status: result.status, ...(options.cached ? { cached: true as const } : {}) };
  return { x: state.x, values, sources, steps: [...state.steps, outcome] };
}

/** Records a step that applied but did not run for this lead (the budget was spent, the job stopped). */
export function recordStepOutcome(state: LeadState, vendor: Vendor, status: RowStatus): LeadState {
  return { x: state.x, values: state.values, sources: state.sources, steps: [...state.steps, { vendor, status }] };
}

export const BUDGET_SKIPPED: RowStatus = 'skipped: budget';

/**
 * When an earlier step's answers are read again (`leadflow reprocess`), a lead's state is folded anew, and what the
 * next step decided for it is replayed, not decided again (nothing is bought): the batch it was sent in, the answer
 * the cache gave (its values are the ones that step's vendor filled; fill-if-blank keeps any value the earlier
 * answers now give), or the budget skip. `before` is the lead's state as that step first wrote it.
 */
export function replayStepDecision(folded: LeadState, before: LeadState, step: PlanStep): LeadState {
  let next = folded;
  const decided = before.steps.slice(folded.steps.length).find((s) => s.vendor === step.vendor);
  if (decided?.cached) {
    const values = Object.fromEntries(
      Object.entries(before.values).filter(([field]) => before.sources[field as EnrichedField] === step.vendor),
    ) as EnrichedValues;
    next = applyStepResult(next, step, { externalId: before.x, status: decided.status, values }, { cached: true });
  } else if (decided?.status === BUDGET_SKIPPED) {
    next = recordStepOutcome(next, step.vendor, BUDGET_SKIPPED);
  }
  return before.sb === undefined ? next : { ...next, sb: before.sb, ...(before.sx !== undefined && { sx: before.sx }) };
}
/** No step of the plan is for this lead (its rules left it out): nothing was skipped, so the job is not PARTIAL for it. */
export const NO_STEP_APPLIES: RowStatus = 'not applicable: no plan step applies to the row';

/**
 * The row's status across the plan. A step the budget skipped says so (the user capped spend and should see
 * where); otherwise the best answer any vendor gave; otherwise the first failure; otherwise not found.
 */
export function rowStatusOf(state: LeadState): RowStatus {
  const steps = state.steps;
  if (steps.length === 0) return NO_STEP_APPLIES;
  if (steps.some((s) => s.status === BUDGET_SKIPPED)) return BUDGET_SKIPPED;
  if (steps.some((s) => s.status === 'enriched')) return 'enriched';
  if (steps.some((s) => s.status === 'partially_enriched')) return 'partially_enriched';
  if (steps.some((s) => s.status === 'unmapped')) return 'unmapped';
  return steps.find((s) => /^(failed|rejected):/.test(s.status))?.status ?? 'not_found';
}

/** The provenance column: `field=source` for every field with a value, in output column order. */
export function provenanceCell(sources: LeadState['sources'], fields: readonly EnrichedField[]): string {
  return fields.flatMap((field) => (sources[field] ? [`${field}=${sources[field]}`] : [])).join(';');
}
