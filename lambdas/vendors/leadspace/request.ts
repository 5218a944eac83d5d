import type { BatchRecord } from '../../core/lead';

/** The vendor's hard limit on data[] per bulk request. */
export const LEADSPACE_MAX_BULK_RECORDS = 500;

export interface LeadspaceAddress {
  country?: string;
  state?: string;
  city?: string;
}

/** One data[] item of POST /enrichment/enrich/bulk, as the property table of the vendor document defines it. */
export interface LeadspaceBulkItem {
  person?: { first_name?: string; last_name?: string; email?: string; title?: string; phone?: string };
  company?: { name?: string; website?: string; address?: LeadspaceAddress };
  // Item level, as in the property table (data[].external_id); the document's sample nests it in company,
  // which contradicts the table.
  external_id: string;
}

export interface LeadspaceBulkRequest {
  data: LeadspaceBulkItem[];
  external_bulk_id: string;
  callbackUrl?: string;
}

export function toLeadspaceBulkItem(record: BatchRecord): LeadspaceBulkItem {
  const { lead } = record;
  const person = compact({
    first_name: lead.firstName,
    last_name: lead.lastName,
    email: lead.email,
    title: lead.title,
    phone: lead.phone,
  });
  const address = compact({ country: lead.country, state: lead.state, city: lead.city });
  const company = compact({ name: lead.companyName, website: lead.domain, address });
  return {
    ...(person && { person }),
    ...(company && { company }),
    external_id: record.externalId,
  };
}

export function toLeadspaceBulkRequest(input: { records: readonly BatchRecord[]; externalBulkId: string; callbackUrl?: string }): LeadspaceBulkRequest {
  return {
    data: input.records.map(toLeadspaceBulkItem),
    external_bulk_id: input.externalBulkId,
    ...(input.callbackUrl !== undefined && { callbackUrl: input.callbackUrl }),
  };
}

/**
 * Drops absent fields, and returns undefined when nothing is left, so the vendor never receives empty strings or
 * empty objects it might count as "provided".
 */
function compact<T extends object>(fields: T): Partial<T> | undefined {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined && value !== '');
  return entries.length ? (Object.fromEntries(entries) as Partial<T>) : undefined;
}
