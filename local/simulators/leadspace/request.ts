import * as z from 'zod';

/*
 * The bulk request as the vendor document defines it. Every documented string may be null (the document's own
 * sample sends nulls), and unknown properties are tolerated, as a real API would.
 */

const text = z.string().nullish();

const AddressSchema = z.looseObject({ country: text, state: text, city: text }).nullish();

export const BulkItemSchema = z.looseObject({
  person: z.looseObject({ first_name: text, last_name: text, email: text, title: text, phone: text }).nullish(),
  company: z
    .looseObject({
      name: text,
      website: text,
      phone: text,
      address: AddressSchema,
      // The document's sample request nests external_id here, contradicting its own property table.
      external_id: text,
    })
    .nullish(),
  custom_fields: z.array(z.looseObject({ name: text, value: text })).nullish(),
  external_id: text,
});

export const BulkRequestSchema = z.looseObject({
  data: z.array(BulkItemSchema),
  external_bulk_id: text,
  callbackUrl: text,
});

export type BulkRequest = z.infer<typeof BulkRequestSchema>;

/** One data[] item as a client sends it; a plain interface so callers can pass their own request types. */
export interface LeadspaceRequestItem {
  person?: {
    first_name?: string | null;
    last_name?: string | null;
    email?: string | null;
    title?: string | null;
    phone?: string | null;
  } | null;
  company?: {
    name?: string | null;
    website?: string | null;
    phone?: string | null;
    address?: { country?: string | null; state?: string | null; city?: string | null } | null;
    external_id?: string | null;
  } | null;
  external_id?: string | null;
}

export const MAX_BULK_ITEMS = 500;

/** A field counts as provided only when it has visible content. */
export function present(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The echo value for results[].external_id: item level per the property table, else the sample's place. */
export function externalIdOf(item: LeadspaceRequestItem): string | null {
  return item.external_id ?? item.company?.external_id ?? null;
}

/**
 * The documented minimum for a bulk to be accepted: Company Name (account enrichment), or First Name, Last Name
 * and one of Company Name/Email Address/Website (person enrichment).
 */
export function meetsMinimumInput(item: LeadspaceRequestItem): boolean {
  return Boolean(present(item.company?.name)) || meetsPersonMinimum(item);
}

/**
 * Record-level "advanced validation" (error 1200). The document's own example tags records without first and
 * last names as Invalid Input, so an account-only record (company name alone) passes the bulk check above yet
 * still fails here. Names containing digits are rejected too.
 */
export function failsAdvancedValidation(item: LeadspaceRequestItem): boolean {
  if (!meetsPersonMinimum(item)) return true;
  return /\d/.test(`${item.person?.first_name ?? ''}${item.person?.last_name ?? ''}`);
}

function meetsPersonMinimum(item: LeadspaceRequestItem): boolean {
  const { person, company } = item;
  return Boolean(present(person?.first_name) && present(person?.last_name) && (present(company?.name) || present(person?.email) || present(company?.website)));
}
