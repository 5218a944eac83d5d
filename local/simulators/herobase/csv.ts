import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { HeroBaseSimCampaign, HeroBaseSimLead } from './data';

/*
 * The CSV export (Leadflow's reading of the guide's parameters):
 *   useSystemHeaders=true (default): system column names: system_leadId, system_campaignCode, system_modifiedAt,
 *     then lead_<field> per data field.
 *   useSystemHeaders=false: display headers: "Lead ID", "Campaign", "Last modified" (translated per culture),
 *     then each field's label (or its name; labels are not translated).
 *   encoding=utf-8 (default, with a BOM, as Excel wants it) | windows-1252 (no BOM; characters it lacks become "?").
 *   culture: en-GB (default), en-US, da-DK, de-DE, sv-SE, nb-NO; it only changes the three display headers.
 * Comma-separated, CRLF line ends, modifiedAt as ISO 8601 UTC whatever the culture.
 */

export const CSV_ENCODINGS = ['utf-8', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

const SYSTEM_COLUMNS = ['system_leadId', 'system_campaignCode', 'system_modifiedAt'] as const;

const DISPLAY_COLUMNS: Record<string, readonly [string, string, string]> = {
  'en-gb': ['Lead ID', 'Campaign', 'Last modified'],
  'en-us': ['Lead ID', 'Campaign', 'Last modified'],
  'da-dk': ['Lead-id', 'Kampagne', 'Sidst ændret'],
  'de-de': ['Lead-ID', 'Kampagne', 'Zuletzt geändert'],
  'sv-se': ['Lead-id', 'Kampanj', 'Senast ändrad'],
  'nb-no': ['Lead-id', 'Kampanje', 'Sist endret'],
};

export const DEFAULT_CULTURE = 'en-GB';

export function isSupportedCulture(culture: string): boolean {
  return culture.toLowerCase() in DISPLAY_COLUMNS;
}

export function renderCsv(
  leads: readonly HeroBaseSimLead[],
  options: { useSystemHeaders: boolean; culture: string; campaigns: (code: string) => HeroBaseSimCampaign | undefined },
): string {
  const fields: string[] = [];
  for (const lead of leads) for (const name of Object.keys(lead.data)) if (!fields.includes(name)) fields.push(name);
  const header = options.useSystemHeaders
    ? [...SYSTEM_COLUMNS, ...fields.map((name) => `lead_${name}`)]
    : [...(DISPLAY_COLUMNS[options.culture.toLowerCase()] ?? DISPLAY_COLUMNS['en-gb'] ?? []), ...fields.map((name) => labelOf(name, leads, options.campaigns))];
  const rows = leads.map((lead) => [lead.leadId, lead.campaignCode, new Date(lead.modifiedAt).toISOString(), ...fields.map((name) => lead.data[name] ?? '')]);
  return stringify([header, ...rows], { record_delimiter: '\r\n' });
}

export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'windows-1252') return iconv.encode(text, 'windows-1252');
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

function labelOf(name: string, leads: readonly HeroBaseSimLead[], campaigns: (code: string) => HeroBaseSimCampaign | undefined): string {
  for (const lead of leads) {
    const label = campaigns(lead.campaignCode)?.fields.find((field) => field.name === name)?.label;
    if (label) return label;
  }
  return name;
}
