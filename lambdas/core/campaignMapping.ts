import type { EnrichedField, EnrichedValues } from './enrichedFields';

/** How a campaign field is filled: an enriched field, or the person's full name. */
export type FieldSource = EnrichedField | 'full_name';

/**
 * Campaign fields Leadflow fills without being told, by the field's name folded to letters and digits. Campaigns
 * name fields freely ("name", "Phone", "company_name"); a field not recognised here stays empty unless the job's
 * `export.fieldMapping` names its source.
 */
const DEFAULT_SOURCES: Record<string, readonly FieldSource[]> = {
  name: ['full_name'],
  fullname: ['full_name'],
  contactname: ['full_name'],
  firstname: ['person_first_name'],
  lastname: ['person_last_name'],
  email: ['person_email'],
  mail: ['person_email'],
  emailaddress: ['person_email'],
  phone: ['person_phone', 'company_phone'],
  phonenumber: ['person_phone', 'company_phone'],
  telephone: ['person_phone', 'company_phone'],
  mobile: ['person_phone'],
  title: ['person_title'],
  jobtitle: ['person_title'],
  company: ['company_name'],
  companyname: ['company_name'],
  account: ['company_name'],
  website: ['company_domain'],
  domain: ['company_domain'],
  city: ['person_city', 'company_city'],
  state: ['person_state', 'company_state'],
  country: ['person_country', 'company_country'],
  linkedin: ['person_linkedin_url'],
  industry: ['company_industry'],
};

const fold = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

function sourceValue(source: FieldSource, values: EnrichedValues): string | undefined {
  if (source === 'full_name') {
    const name = [values.person_first_name, values.person_last_name].filter((part) => part?.trim()).join(' ');
    return name || undefined;
  }
  const value = values[source]?.trim();
  return value || undefined;
}

/**
 * A lead's data for the campaign's fields: the job's mapping first, then the defaults by field name, the first
 * source with a value winning. Fields with no value are left out (the vendor's required check reports them).
 */
export function campaignData(fields: readonly string[], values: EnrichedValues, mapping: Readonly<Record<string, FieldSource>> = {}): Record<string, string> {
  const data: Record<string, string> = {};
  for (const field of fields) {
    const sources = mapping[field] !== undefined ? [mapping[field]] : (DEFAULT_SOURCES[fold(field)] ?? []);
    for (const source of sources) {
      const value = sourceValue(source, values);
      if (value !== undefined) {
        data[field] = value;
        break;
      }
    }
  }
  return data;
}

/** A lead's export outcome, as the output's column and the summary show it. */
export type ExportOutcome = 'exported' | `invalid for campaign: ${string}` | `failed: ${string}` | 'not exported: rejected';

/** What the export ledger holds for one lead of a job. */
export interface ExportEntry {
  /** `sending` between claim and answer; a final outcome after */
  state: 'sending' | 'done';
  outcome?: string;
  leadId?: string;
}

/** One line of the export outcomes (jobLayout.exportOutcomes) Merge reads, in lead order. */
export interface ExportLine {
  x: string;
  outcome: string;
}
