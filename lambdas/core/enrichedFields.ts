/**
 * The enriched values Leadflow writes back, vendor-neutral. Output columns are `enriched_<field>`.
 * Kept as one list so the CSV header is stable whichever vendors a job used.
 */
export const ENRICHED_FIELDS = [
  'person_first_name',
  'person_last_name',
  'person_email',
  'person_title',
  'person_department',
  'person_level',
  'person_phone',
  'person_linkedin_url',
  'person_country',
  'person_state',
  'person_city',
  'company_name',
  'company_domain',
  'company_industry',
  'company_sub_industry',
  'company_size_range',
  'company_employees',
  'company_revenue_range',
  'company_phone',
  'company_country',
  'company_state',
  'company_city',
  'company_linkedin_url',
  'company_vendor_id',
  'enrichment_level',
] as const;

export type EnrichedField = (typeof ENRICHED_FIELDS)[number];
export type EnrichedValues = Partial<Record<EnrichedField, string>>;

/**
 * Every output row carries exactly one of these. `rejected:`, `failed:` and `skipped:` (a step the plan wanted but
 * did not run, e.g. `skipped: budget`) carry a short reason that never
 * contains lead data (it names a field or a vendor code, never a value).
 */
export type RowStatus =
  | 'enriched'
  | 'partially_enriched'
  | 'not_found'
  /** the vendor answered, and billed, but nothing in the answer maps to a Leadflow field */
  | 'unmapped'
  | `rejected: ${string}`
  | `failed: ${string}`
  | `skipped: ${string}`
  /** no step of the plan was for this row: not work left undone */
  | `not applicable: ${string}`;

/** What a vendor step produced for one unique lead (keyed by the external id sent to the vendor). */
export interface RecordResult {
  externalId: string;
  status: RowStatus;
  values: EnrichedValues;
}
