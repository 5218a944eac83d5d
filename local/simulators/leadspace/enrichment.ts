import { sha256 } from './prng';
import { DEPARTMENTS, ENRICHMENT_STATUSES, INDUSTRIES, LEVELS, LOCATIONS, REVENUE_RANGES, SIZE_RANGES, TITLES, type EnrichmentStatus } from './referenceData';
import { present, type LeadspaceRequestItem } from './request';

/*
 * Deterministic stand-in for Leadspace's enrichment: a pure function of the item sent, so a test can compute
 * exactly what the simulator will answer. Person fields hang off a person hash; company fields off a company hash,
 * so colleagues at one company get the same company data, as they would from the real vendor.
 */

export interface SimulatedAddress {
  country?: string;
  state?: string;
  city?: string;
}

export interface SimulatedPhoneValidation {
  status: 'VALID' | 'UNKNOWN';
  normalize_value: string;
}

export interface SimulatedPerson {
  first_name?: string;
  last_name?: string;
  email?: string;
  title: string;
  department: string;
  level: string;
  phone: string;
  linkedin_profile: string;
  address: SimulatedAddress;
  data_validation?: { phone: SimulatedPhoneValidation };
}

export interface SimulatedCompany {
  name?: string;
  website?: string;
  ls_id: string;
  industry: string;
  sub_industry: string;
  size: { range: string; exact: number };
  revenue: { range: string };
  phone: string;
  address: SimulatedAddress;
  linkedin_profile?: string;
  data_validation?: { phone: SimulatedPhoneValidation };
}

/** results[].data for a record that was processed successfully. */
export interface LeadspaceEnrichmentData {
  enrichment_status: EnrichmentStatus;
  person?: SimulatedPerson;
  company?: SimulatedCompany;
}

export function deriveLeadspaceEnrichment(item: LeadspaceRequestItem): LeadspaceEnrichmentData {
  const first = present(item.person?.first_name);
  const last = present(item.person?.last_name);
  const email = present(item.person?.email);
  const inputName = present(item.company?.name);
  const domain = domainOf(item);
  const companyName = inputName ?? (domain ? nameFromDomain(domain) : undefined);

  const personKey = email ? email.toLowerCase() : [first, last, inputName ?? present(item.company?.website)].map((v) => (v ?? '').toLowerCase()).join('|');
  const personHash = sha256(`person|${personKey}`);
  const companyHash = sha256(`company|${domain ?? companyName?.toLowerCase() ?? personKey}`);

  const enrichment_status = statusFor(personHash.readUInt32BE(0) % 100);
  if (enrichment_status === ENRICHMENT_STATUSES.none) return { enrichment_status };

  const address = inputAddress(item) ?? pickLocation(companyHash);
  const withPerson = enrichment_status !== ENRICHMENT_STATUSES.company;
  const withCompany = enrichment_status !== ENRICHMENT_STATUSES.person;
  return {
    enrichment_status,
    ...(withPerson && { person: derivePerson(item, personHash, address, domain) }),
    ...(withCompany && { company: deriveCompany(item, companyHash, address, domain, companyName) }),
  };
}

// ~8% Not Enriched, ~10% Company Enriched, ~7% Person Enriched, the rest both.
function statusFor(bucket: number): EnrichmentStatus {
  if (bucket < 8) return ENRICHMENT_STATUSES.none;
  if (bucket < 18) return ENRICHMENT_STATUSES.company;
  if (bucket < 25) return ENRICHMENT_STATUSES.person;
  return ENRICHMENT_STATUSES.both;
}

function derivePerson(item: LeadspaceRequestItem, hash: Buffer, address: SimulatedAddress, domain: string | undefined): SimulatedPerson {
  const first = present(item.person?.first_name);
  const last = present(item.person?.last_name);
  const email = present(item.person?.email) ?? guessEmail(first, last, domain);
  const inputPhone = present(item.person?.phone);
  const handle = [asciiSlug(first ?? ''), asciiSlug(last ?? ''), hash.toString('hex').slice(0, 6)].filter(Boolean);
  return {
    ...(first && { first_name: first }),
    ...(last && { last_name: last }),
    ...(email && { email }),
    title: present(item.person?.title) ?? pick(TITLES, hash, 4),
    department: pick(DEPARTMENTS, hash, 8),
    level: pick(LEVELS, hash, 12),
    phone: formatPhone(hash, 16),
    linkedin_profile: `https://www.linkedin.com/in/${handle.join('-')}`,
    address,
    // The document: if a phone is provided, Phone Validation fields are provided in the response.
    ...(inputPhone && { data_validation: { phone: validatePhone(inputPhone) } }),
  };
}

function deriveCompany(
  item: LeadspaceRequestItem,
  hash: Buffer,
  address: SimulatedAddress,
  domain: string | undefined,
  name: string | undefined,
): SimulatedCompany {
  const [industry, sub_industry] = pick(INDUSTRIES, hash, 0);
  const sizeIndex = hash.readUInt32BE(4) % SIZE_RANGES.length;
  const [range, min, max] = SIZE_RANGES[sizeIndex] as (typeof SIZE_RANGES)[number];
  // Revenue follows size within one step either way, so the pair looks plausible.
  const revenueIndex = clamp(sizeIndex + (hash.readUInt32BE(12) % 3) - 1, 0, REVENUE_RANGES.length - 1);
  const inputPhone = present(item.company?.phone);
  const slug = name ? asciiSlug(name) : '';
  return {
    ...(name && { name }),
    ...(domain && { website: domain }),
    ls_id: hash.toString('hex').slice(0, 16),
    industry,
    sub_industry,
    size: { range, exact: min + (hash.readUInt32BE(8) % (max - min + 1)) },
    revenue: { range: REVENUE_RANGES[revenueIndex] as string },
    phone: inputPhone ?? formatPhone(hash, 20),
    address,
    ...(slug && { linkedin_profile: `https://www.linkedin.com/company/${slug}` }),
    ...(inputPhone && { data_validation: { phone: validatePhone(inputPhone) } }),
  };
}

/** The company's domain: the website given, else the email's domain, else a guess from the company name. */
function domainOf(item: LeadspaceRequestItem): string | undefined {
  const website = present(item.company?.website);
  if (website) {
    const host = website
      .toLowerCase()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/[/?#:].*$/, '')
      .replace(/^www\./, '');
    if (host) return host;
  }
  const emailDomain = present(item.person?.email)?.split('@')[1]?.toLowerCase();
  if (emailDomain) return emailDomain;
  const nameSlug = asciiSlug(present(item.company?.name) ?? '').replace(/-/g, '');
  return nameSlug ? `${nameSlug}.com` : undefined;
}

function nameFromDomain(domain: string): string | undefined {
  const label = domain.split('.')[0] ?? '';
  const words = label.split(/[-_]+/).filter(Boolean);
  return words.length ? words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join(' ') : undefined;
}

function guessEmail(first: string | undefined, last: string | undefined, domain: string | undefined): string | undefined {
  const local = [first, last]
    .map((part) => asciiSlug(part ?? '').replace(/-/g, ''))
    .filter(Boolean)
    .join('.');
  return local && domain ? `${local}@${domain}` : undefined;
}

function inputAddress(item: LeadspaceRequestItem): SimulatedAddress | undefined {
  const address = item.company?.address;
  const country = present(address?.country);
  const state = present(address?.state);
  const city = present(address?.city);
  if (!country && !state && !city) return undefined;
  // Echo only what was given: completing a partial address from the lists could pair London with Texas.
  return { ...(country && { country }), ...(state && { state }), ...(city && { city }) };
}

function pickLocation(hash: Buffer): SimulatedAddress {
  const [country, state, city] = pick(LOCATIONS, hash, 16);
  return { country, state, city };
}

function formatPhone(hash: Buffer, offset: number): string {
  const n = hash.readUInt32BE(offset);
  const area = 200 + (n % 800);
  const exchange = 200 + (Math.floor(n / 800) % 800);
  const line = String(Math.floor(n / 640_000) % 10_000).padStart(4, '0');
  return `+1 (${area}) ${exchange}-${line}`;
}

function validatePhone(phone: string): SimulatedPhoneValidation {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 10 ? { status: 'VALID', normalize_value: `+${digits}` } : { status: 'UNKNOWN', normalize_value: digits };
}

function pick<T>(list: readonly T[], hash: Buffer, offset: number): T {
  return list[hash.readUInt32BE(offset) % list.length] as T;
}

function asciiSlug(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
