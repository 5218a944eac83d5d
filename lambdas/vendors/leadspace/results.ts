import { z } from 'zod';
import type { EnrichedField, EnrichedValues, RecordResult, RowStatus } from '../../core/enrichedFields';
import { websiteToDomain } from '../websiteDomain';

export { websiteToDomain };

/*
 * The 200 body of GET /v3/enrichment/results/<bulk id>. Deliberately lenient: the vendor documents dozens of
 * optional, nullable fields and adds more over time, so only what Leadflow maps is described and everything
 * else passes through untouched. A field we do not use must never make a whole bulk unreadable.
 */

const text = z.string().nullish();
const count = z.union([z.number(), z.string()]).nullish();

const AddressSchema = z.looseObject({ country: text, state: text, city: text }).nullish();

const PersonSchema = z
  .looseObject({
    first_name: text,
    last_name: text,
    email: text,
    title: text,
    department: text,
    level: text,
    phone: text,
    linkedin_profile: text,
    address: AddressSchema,
  })
  .nullish();

const CompanySchema = z
  .looseObject({
    name: text,
    website: text,
    industry: text,
    sub_industry: text,
    size: z.looseObject({ range: text, exact: count }).nullish(),
    revenue: z.looseObject({ range: text, exact: count }).nullish(),
    phone: text,
    address: AddressSchema,
    linkedin_profile: text,
    ls_id: text,
  })
  .nullish();

export const LeadspaceResultDataSchema = z.looseObject({
  enrichment_status: text,
  person: PersonSchema,
  company: CompanySchema,
});

export const LeadspaceRecordErrorSchema = z.looseObject({
  // Documented as an integer; a numeric string is accepted because it carries the same meaning.
  code: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  description: text,
});

export const LeadspaceResultSchema = z.looseObject({
  status: z.enum(['success', 'failure']),
  errors: z.array(LeadspaceRecordErrorSchema).nullish(),
  // Required although the vendor only echoes it "if provided": Leadflow always sends one, and a result that
  // cannot be mapped back to its input row is useless.
  external_id: z.string(),
  data: LeadspaceResultDataSchema.nullish(),
});

export const LeadspaceResultsBodySchema = z.looseObject({
  results: z.array(LeadspaceResultSchema),
  external_bulk_id: text,
});

export type LeadspaceResult = z.infer<typeof LeadspaceResultSchema>;
export type LeadspaceResultData = z.infer<typeof LeadspaceResultDataSchema>;
export type LeadspaceResultsBody = z.infer<typeof LeadspaceResultsBodySchema>;

/** Record-level error codes from the vendor document. */
export const LEADSPACE_INTERNAL_ERROR = 1100;
export const LEADSPACE_INVALID_INPUT = 1200;

export const LEADSPACE_STILL_INTERNAL_ERROR_STATUS: RowStatus = 'failed: leadspace 1100 internal error';

/** A record that hit error 1100: the vendor calls it internal, so it is worth one resubmission. */
export interface LeadspaceRetry {
  retry: true;
  externalId: string;
}

const STATUS_BY_ENRICHMENT: Readonly<Record<string, RowStatus>> = {
  'Person & Company Enriched': 'enriched',
  'Person Enriched': 'partially_enriched',
  'Company Enriched': 'partially_enriched',
  'Not Enriched': 'not_found',
};

export function toRecordResult(r: LeadspaceResult): RecordResult | LeadspaceRetry {
  // `status` is authoritative: a success that also lists errors still delivered data worth keeping.
  if (r.status === 'failure') return failureResult(r);
  const values = toEnrichedValues(r.data);
  return { externalId: r.external_id, status: statusFor(r.data?.enrichment_status, values), values };
}

/** For the second (last) attempt: a record still failing with 1100 becomes a plain failure. */
export function toFinalRecordResult(r: LeadspaceResult): RecordResult {
  const mapped = toRecordResult(r);
  return isRetry(mapped) ? stillFailingAfterRetry(mapped.externalId) : mapped;
}

export function stillFailingAfterRetry(externalId: string): RecordResult {
  return { externalId, status: LEADSPACE_STILL_INTERNAL_ERROR_STATUS, values: {} };
}

export function isRetry(mapped: RecordResult | LeadspaceRetry): mapped is LeadspaceRetry {
  return 'retry' in mapped;
}

function failureResult(r: LeadspaceResult): RecordResult | LeadspaceRetry {
  const codes = (r.errors ?? []).map((e) => e.code);
  // Invalid input wins over an internal error: resubmitting the same bad input cannot succeed.
  if (codes.includes(LEADSPACE_INVALID_INPUT)) {
    return { externalId: r.external_id, status: 'rejected: invalid input', values: {} };
  }
  if (codes.includes(LEADSPACE_INTERNAL_ERROR)) return { retry: true, externalId: r.external_id };
  const status: RowStatus = codes.length ? `failed: leadspace ${codes[0]}` : 'failed: leadspace failure without error code';
  return { externalId: r.external_id, status, values: {} };
}

function statusFor(enrichmentStatus: string | null | undefined, values: EnrichedValues): RowStatus {
  const known = enrichmentStatus ? STATUS_BY_ENRICHMENT[enrichmentStatus] : undefined;
  if (known) return known;
  // An undocumented enrichment_status: judge by what actually came back rather than failing the row.
  const keys = Object.keys(values);
  const hasPerson = keys.some((k) => k.startsWith('person_'));
  const hasCompany = keys.some((k) => k.startsWith('company_'));
  if (hasPerson && hasCompany) return 'enriched';
  return hasPerson || hasCompany ? 'partially_enriched' : 'not_found';
}

function toEnrichedValues(data: LeadspaceResultData | null | undefined): EnrichedValues {
  const values: EnrichedValues = {};
  const put = (field: EnrichedField, raw: string | number | null | undefined): void => {
    const value = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : (raw ?? '').trim();
    if (value) values[field] = value;
  };
  const person = data?.person;
  const company = data?.company;

  put('person_first_name', person?.first_name);
  put('person_last_name', person?.last_name);
  put('person_email', person?.email);
  put('person_title', person?.title);
  put('person_department', person?.department);
  put('person_level', person?.level);
  put('person_phone', person?.phone);
  put('person_linkedin_url', person?.linkedin_profile);
  put('person_country', person?.address?.country);
  put('person_state', person?.address?.state);
  put('person_city', person?.address?.city);

  put('company_name', company?.name);
  put('company_domain', websiteToDomain(company?.website));
  put('company_industry', company?.industry);
  put('company_sub_industry', company?.sub_industry);
  put('company_size_range', company?.size?.range);
  put('company_employees', company?.size?.exact);
  put('company_revenue_range', company?.revenue?.range);
  put('company_phone', company?.phone);
  put('company_country', company?.address?.country);
  put('company_state', company?.address?.state);
  put('company_city', company?.address?.city);
  put('company_linkedin_url', company?.linkedin_profile);
  put('company_vendor_id', company?.ls_id);

  put('enrichment_level', data?.enrichment_status);
  return values;
}
