import { createHash } from 'node:crypto';
import { parseLinkedInProfileUrl } from './linkedinUrl';

/** The identifiers of one bulk request, as the simulator validated them. */
export interface AggKnowledgePersonRequest {
  professionalSocialMediaUrl?: string;
  pdlId?: string;
  personId?: string;
}

/** The person shape the simulator returns (Leadflow's reading; the document does not show one). */
export interface AggKnowledgeSimPerson {
  id: string;
  pdlId: string;
  fullName: string;
  firstName: string;
  lastName: string;
  headline: string;
  title: string | null;
  seniority: string | null;
  department: string | null;
  location: { country: string; region: string; locality: string } | null;
  linkedinUrl: string;
  currentEmployer: { name: string; domain: string } | null;
  workEmail: string | null;
}

export type AggKnowledgeOutcome =
  | { outcome: 'found'; key: string; person: AggKnowledgeSimPerson }
  | { outcome: 'not_found'; key: string }
  | { outcome: 'invalid_input' };

const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Dennis', 'Frances', 'Ken', 'Radia', 'Edsger', 'Sophie'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Liskov', 'Ritchie', 'Allen', 'Thompson', 'Perlman', 'Wilson'];
const SENIORITY = ['Entry', 'Senior', 'Manager', 'Director', 'VP', 'C-Level'];
const DEPARTMENT = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Operations', 'Human Resources'];
const TITLE_BY_SENIORITY: Record<string, string> = {
  Entry: 'Associate',
  Senior: 'Senior Specialist',
  Manager: 'Manager',
  Director: 'Director',
  VP: 'Vice President',
  'C-Level': 'Chief Officer',
};
const EMPLOYERS = [
  { name: 'Acme Corp', domain: 'acme.com' },
  { name: 'Globex', domain: 'globex.io' },
  { name: 'Initech', domain: 'initech.net' },
  { name: 'Umbrella Analytics', domain: 'umbrella-analytics.com' },
  { name: 'Hooli', domain: 'hooli.xyz' },
];
const LOCATIONS = [
  { country: 'United States', region: 'California', locality: 'San Francisco' },
  { country: 'United States', region: 'New York', locality: 'New York' },
  { country: 'United Kingdom', region: 'England', locality: 'London' },
  { country: 'Germany', region: 'Berlin', locality: 'Berlin' },
  { country: 'France', region: 'Île-de-France', locality: 'Paris' },
];

const PERSON_ID_PREFIX = 'akp_';

/**
 * The identity a request resolves to, or undefined for a professionalSocialMediaUrl that is not a LinkedIn
 * person profile (such a request is invalid_input even when it also has another identifier: the simulator does
 * not guess which one the caller meant). Otherwise personId wins over pdlId, which wins over the URL.
 * A personId the simulator handed out (`akp_…`) resolves to the person it was handed out for.
 */
export function identityKey(request: AggKnowledgePersonRequest): string | undefined {
  let urlKey: string | undefined;
  if (request.professionalSocialMediaUrl !== undefined) {
    urlKey = parseLinkedInProfileUrl(request.professionalSocialMediaUrl)?.key;
    if (!urlKey) return undefined;
  }
  if (request.personId !== undefined) return fromPersonId(request.personId) ?? `person/${request.personId}`;
  if (request.pdlId !== undefined) return `pdl/${request.pdlId.toLowerCase()}`;
  return urlKey;
}

/**
 * Deterministic stand-in for the vendor's enrichment, a pure function of the request so tests can predict the
 * simulator: by a hash of the identity, ~15% are not found; of the found, ~10% have no current employer,
 * ~10% no title (both give partially enriched rows in Leadflow) and ~35% no work email.
 */
export function deriveAggKnowledgePerson(request: AggKnowledgePersonRequest): AggKnowledgeOutcome {
  const key = identityKey(request);
  if (key === undefined) return { outcome: 'invalid_input' };
  const hash = createHash('sha256').update(`aggknowledge|${key}`, 'utf8').digest();
  const at = (i: number) => hash.readUInt32BE(i * 4);
  if (at(0) % 100 < 15) return { outcome: 'not_found', key };

  const firstName = pick(FIRST, at(1));
  const lastName = pick(LAST, at(2));
  const seniority = pick(SENIORITY, at(3));
  const department = pick(DEPARTMENT, at(4));
  const traits = at(5) % 100;
  const hasEmployer = traits >= 10;
  const hasTitle = traits < 10 || traits >= 20;
  const hasEmail = hasEmployer && at(6) % 100 >= 35;
  const employer = hasEmployer ? pick(EMPLOYERS, at(7)) : null;
  const title = hasTitle ? `${TITLE_BY_SENIORITY[seniority]}, ${department}` : null;
  const hex = hash.toString('hex');
  const slug = key.startsWith('in/') ? key.slice(3) : `${ascii(firstName)}-${ascii(lastName)}-${hex.slice(0, 6)}`;
  return {
    outcome: 'found',
    key,
    person: {
      id: `${PERSON_ID_PREFIX}${Buffer.from(key, 'utf8').toString('base64url')}`,
      pdlId: hex.slice(8, 32),
      fullName: `${firstName} ${lastName}`,
      firstName,
      lastName,
      headline: title ? `${title} at ${employer?.name ?? 'a stealth startup'}` : 'Open to work',
      title,
      seniority: hasTitle ? seniority : null,
      department: hasTitle ? department : null,
      location: pick(LOCATIONS, at(6) >>> 8),
      linkedinUrl: `https://www.linkedin.com/in/${slug}`,
      currentEmployer: employer,
      workEmail: hasEmail && employer ? `${ascii(firstName)}.${ascii(lastName)}@${employer.domain}` : null,
    },
  };
}

function fromPersonId(personId: string): string | undefined {
  if (!personId.startsWith(PERSON_ID_PREFIX)) return undefined;
  const key = Buffer.from(personId.slice(PERSON_ID_PREFIX.length), 'base64url').toString('utf8');
  return /^(in|sales|recruiter|pdl|person)\/./.test(key) ? key : undefined;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

function ascii(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
