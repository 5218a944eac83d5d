import * as z from 'zod';
import { ENRICHED_FIELDS, type EnrichedField, type EnrichedValues } from './enrichedFields';
import { isFreeMailAddress } from './workEmail';

/** The vendors a plan can name. */
export const VENDORS = ['leadspace', 'leadgenius', 'aggknowledge'] as const;
export type Vendor = (typeof VENDORS)[number];

const EnrichedFieldSchema = z.enum(ENRICHED_FIELDS);

/** One step of a plan as a user writes it: a vendor name alone takes that vendor's defaults. */
export const PlanStepSchema = z
  .object({
    vendor: z.enum(VENDORS),
    requires: z.array(EnrichedFieldSchema).optional().describe('Runs only for rows where all of these have a value'),
    missing: z.array(EnrichedFieldSchema).optional().describe('Runs only for rows where at least one of these is blank'),
    overwrite: z.boolean().optional().describe('Let this vendor replace values that are already there (default: fill if blank)'),
  })
  .strict();

export const PlanSchema = z
  .array(
    z.union([z.enum(VENDORS), PlanStepSchema], {
      // The union's own message says "Invalid input"; the caller needs the names that are valid.
      error: `must be one of ${VENDORS.join(', ')} (or a step object naming one)`,
    }),
  )
  .min(1)
  .max(6)
  .describe('Vendors to run, in order (a waterfall); default Leadspace, then LeadGenius, then AggKnowledge');

export type PlanInput = z.infer<typeof PlanSchema>;

/** A step with every rule spelled out. */
export interface PlanStep {
  vendor: Vendor;
  requires: readonly EnrichedField[];
  missing: readonly EnrichedField[];
  overwrite: boolean;
}

/**
 * What each vendor needs and what it is for. LeadGenius finds a work email from a name and a domain; AggKnowledge
 * reads a LinkedIn profile, so it only runs where person data (a title) is still missing.
 */
const VENDOR_DEFAULTS: Record<Vendor, Omit<PlanStep, 'vendor' | 'overwrite'>> = {
  leadspace: { requires: [], missing: [] },
  leadgenius: { requires: ['person_first_name', 'person_last_name', 'company_domain'], missing: ['person_email'] },
  aggknowledge: { requires: ['person_linkedin_url'], missing: ['person_title'] },
};

export const DEFAULT_PLAN: readonly Vendor[] = ['leadspace', 'leadgenius', 'aggknowledge'];

export function resolvePlan(plan: PlanInput | undefined): PlanStep[] {
  return (plan ?? DEFAULT_PLAN).map((step) => {
    const spec = typeof step === 'string' ? { vendor: step } : step;
    const defaults = VENDOR_DEFAULTS[spec.vendor];
    return {
      vendor: spec.vendor,
      requires: spec.requires ?? defaults.requires,
      missing: spec.missing ?? defaults.missing,
      overwrite: spec.overwrite ?? false,
    };
  });
}

/**
 * Whether a field counts as blank. A free-mail address (gmail.com, …) is no work email: a step that looks for
 * emails still runs for it, and may replace it.
 */
export function isBlank(values: EnrichedValues, field: EnrichedField): boolean {
  const value = values[field]?.trim() ?? '';
  if (value === '') return true;
  return field === 'person_email' && isFreeMailAddress(value);
}

/** Whether a lead with these values needs the step: everything it requires is there and something it fills is not. */
export function stepApplies(step: PlanStep, values: EnrichedValues): boolean {
  if (step.requires.some((field) => isBlank(values, field))) return false;
  return step.missing.length === 0 || step.missing.some((field) => isBlank(values, field));
}
