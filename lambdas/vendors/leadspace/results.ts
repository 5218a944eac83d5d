import * as z from 'zod';
import type { EnrichedField, EnrichedValues, RecordResult, RowStatus } from '../../core/enrichedFields';
import { websiteToDomain } from '../websiteDomain';
import { VendorProtocolError } from '../errors';
import { describeIssuePaths } from '../zodIssues';

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
    external_id: text,
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

const echoedId = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v)));

export const LeadspaceResultSchema = z.looseObject({
  // Documented in lower case ("success", "failure"); compared in lower case whatever the vendor sends.
  status: z.string().transform((v) => v.trim().toLowerCase()),
  errors: z.array(LeadspaceRecordErrorSchema).nullish(),
  // The echo the property table documents (results[].external_id); the document's sample request nests the id in
  // `company`, so it may come back there too, or not at all (then results are matched by order).
  external_id: echoedId,
  company: z.looseObject({ external_id: echoedId }).nullish(),
  data: LeadspaceResultDataSchema.nullish(),
});

export const LeadspaceResultsBodySchema = z.looseObject({
  results: z.array(LeadspaceResultSchema),
  external_bulk_id: text,
});

type ParsedResult = z.infer<typeof LeadspaceResultSchema>;
/** A result whose external id is known (echoed, or taken from its position in the request). */
export type LeadspaceResult = ParsedResult & { external_id: string };
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

const DOCUMENTED_ENRICHMENT: Readonly<Record<string, string>> = Object.fromEntries(
  ['Person & Company Enriched', 'Person Enriched', 'Company Enriched', 'Not Enriched'].map((s) => [s.toLowerCase(), s]),
);

/** The documented enrichment_status values, keyed in lower case: the vendor's letter case is not relied on. */
const STATUS_BY_ENRICHMENT: Readonly<Record<string, RowStatus>> = {
  'person & company enriched': 'enriched',
  'person enriched': 'partially_enriched',
  'company enriched': 'partially_enriched',
  'not enriched': 'not_found',
};

export function toRecordResult(r: LeadspaceResult): RecordResult | LeadspaceRetry {
  // `status` is authoritative: a success that also lists errors still delivered data worth keeping.
  // Neither documented value: a result carrying data is read as a success, anything else as a failure.
  if (r.status === 'failure' || (r.status !== 'success' && !r.data)) return failureResult(r);
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
  const known = enrichmentStatus ? STATUS_BY_ENRICHMENT[enrichmentStatus.trim().toLowerCase()] : undefined;
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

  // In the document's spelling whatever the vendor's letter case, so the column reads the same from any dialect.
  const level = data?.enrichment_status?.trim();
  put('enrichment_level', (level && DOCUMENTED_ENRICHMENT[level.toLowerCase()]) ?? level);
  return values;
}

/**
 * Further shapes of the results body, tried in order when the documented one does not match: each turns a body into
 * the documented `{ results, external_bulk_id }`, or answers undefined. A new reading is added here when a vendor
 * answers in a shape no reading knows yet; `leadflow reprocess` then reads the answers it kept (docs/vendors.md).
 */
export const LEADSPACE_RESULTS_READINGS: Array<(body: unknown) => unknown> = [
  // The results list itself, without the object around it.
  (body) => (Array.isArray(body) ? { results: body } : undefined),
];

/** Where the vendor put each result's external id: the reading it used, for the logs. */
export interface LeadspaceResultsReading {
  externalId: Record<'item' | 'company' | 'data.company' | 'order', number>;
  statusValues: string[];
  unmatched: number;
}

export interface LeadspaceResultsRead {
  results: LeadspaceResult[];
  externalBulkId?: string;
  reading: LeadspaceResultsReading;
}

/**
 * Reads a kept 200 body of the polling endpoint. Throws VendorProtocolError (never quoting the body: it holds lead
 * data) when it is not the documented shape; the caller keeps the body, so it can be read again later.
 * `sentIds` are the external ids in the order they were sent: a result without an echoed id takes the id at its
 * position (the document says the echo comes only "if provided", and its sample places it elsewhere).
 */
export function readLeadspaceResults(body: string, sentIds: readonly string[] = []): LeadspaceResultsRead {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new VendorProtocolError({ vendor: 'leadspace', httpStatus: 200, message: 'Leadspace results body is not valid JSON' });
  }
  let parsed = LeadspaceResultsBodySchema.safeParse(json);
  for (const reading of LEADSPACE_RESULTS_READINGS) {
    if (parsed.success) break;
    const reshaped = reading(json);
    if (reshaped !== undefined) parsed = LeadspaceResultsBodySchema.safeParse(reshaped);
  }
  if (!parsed.success) {
    throw new VendorProtocolError({
      vendor: 'leadspace',
      httpStatus: 200,
      message: `Leadspace results body does not match the documented schema (fields: ${describeIssuePaths(parsed.error)})`,
    });
  }
  const reading: LeadspaceResultsReading = { externalId: { item: 0, company: 0, 'data.company': 0, order: 0 }, statusValues: [], unmatched: 0 };
  const known = new Set(sentIds);
  const results: LeadspaceResult[] = [];
  parsed.data.results.forEach((r, index) => {
    const echoes: [keyof LeadspaceResultsReading['externalId'], string | undefined][] = [
      ['item', r.external_id],
      ['company', r.company?.external_id],
      ['data.company', r.data?.company?.external_id ?? undefined],
    ];
    const echoed = echoes.find(([, id]) => id !== undefined && (known.size === 0 || known.has(id)));
    const [from, id] = echoed ?? ['order', sentIds[index]];
    if (id === undefined) {
      reading.unmatched += 1;
      return;
    }
    reading.externalId[from] += 1;
    // Only the documented words are logged: anything else is free text as far as Leadflow knows.
    const word = r.status === 'success' || r.status === 'failure' ? r.status : 'other';
    if (!reading.statusValues.includes(word)) reading.statusValues.push(word);
    results.push({ ...r, external_id: id });
  });
  const externalBulkId = parsed.data.external_bulk_id ?? undefined;
  return { results, ...(externalBulkId && { externalBulkId }), reading };
}
