import { seededRandom } from '../../seededRandom';
import type { SimUserRights } from './rights';

export interface HeroBaseSimUser extends SimUserRights {
  username: string;
  password: string;
  /** Shown by /api/myaccount. Default false. */
  logRequestData?: boolean;
}

export interface HeroBaseSimField {
  name: string;
  /** The vendor's type name (varchar, text, phone, email, …). */
  type: string;
  /** A JavaScript regex source; a present value must match it (RegExp.test, like .NET's IsMatch). */
  regex: string;
  required: boolean;
  /** The display header of the column in a CSV export with useSystemHeaders=false. Default: the name. */
  label?: string;
}

export interface HeroBaseSimCampaign {
  code: string;
  name: string;
  projectName: string;
  /** Default true. */
  active?: boolean;
  fields: HeroBaseSimField[];
}

/** A lead as a search lists it. */
export interface HeroBaseSimLeadInput {
  /** Default: assigned by the simulator. */
  leadId?: string;
  campaignCode: string;
  /** ISO 8601 or epoch milliseconds. */
  modifiedAt: string | number;
  data: Record<string, string>;
}

export interface HeroBaseSimSearch {
  name: string;
  description?: string;
  /** Fixed leads of the search. */
  leads?: HeroBaseSimLeadInput[];
  /** The search also lists every lead imported into these campaigns (modified when imported). */
  campaignCodes?: string[];
}

/** A stored lead: what exports and leadsIn() return. */
export interface HeroBaseSimLead {
  leadId: string;
  campaignCode: string;
  /** Epoch milliseconds. */
  modifiedAt: number;
  data: Record<string, string>;
}

/** The name of the search the simulator creates when none are given. */
export const SEEDED_SEARCH_NAME = 'All leads';
export const SEEDED_BASE_TIME = Date.UTC(2024, 2, 1);
/** Seeded leads are modified 6 hours apart from SEEDED_BASE_TIME. */
export const SEEDED_STEP_MS = 6 * 3_600_000;

// The first three are always the first three leads: names that Windows-1252 and UTF-8 encode differently.
const FIRST = ['Søren', 'Zoë', 'Jürgen', 'Åsa', 'Renée', 'Björn', 'François', 'Mette', 'Anna', 'Lars', 'Siobhán', 'Niels'];
const LAST = ['Østergaard', 'Brontë', 'Müller', 'Ångström', 'Lefèvre', 'Jensen', 'Nielsen', 'Hansen', 'Weiß', 'Larsen'];
const CITIES = ['København', 'Århus', 'Köln', 'Malmö', 'Zürich', 'Odense', 'Aalborg', 'München'];

/**
 * Deterministic leads for the seeded search: `count` leads spread over the given campaigns in turn, modified
 * 6 hours apart from 2024-03-01T00:00Z. Data keys: firstName, lastName, phone, email, city.
 */
export function seededLeads(seed: number, count: number, campaignCodes: readonly string[]): HeroBaseSimLeadInput[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const codes = campaignCodes.length ? campaignCodes : ['DEFAULT'];
  return Array.from({ length: count }, (_, i) => {
    const firstName = i < 3 ? (FIRST[i] as string) : pick(FIRST);
    const lastName = i < 3 ? (LAST[i] as string) : pick(LAST);
    const local = `${ascii(firstName)}.${ascii(lastName)}`;
    return {
      campaignCode: codes[i % codes.length] as string,
      modifiedAt: SEEDED_BASE_TIME + i * SEEDED_STEP_MS,
      data: {
        firstName,
        lastName,
        phone: `+45 ${String(20_000_000 + Math.floor(random() * 79_999_999))}`,
        email: `${local}@example.com`,
        city: pick(CITIES),
      },
    };
  });
}

function ascii(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'oe')
    .replace(/Ø/g, 'Oe')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
