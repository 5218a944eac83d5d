import type { EnrichedField, EnrichedValues } from '../../core/enrichedFields';
import { websiteToDomain } from '../websiteDomain';
import { foldKey, isRecord } from './readings';

/*
 * The person's fields under the names a vendor plausibly uses. The document shows no person at all, so every
 * name here is Leadflow's reading. Names are compared folded (case, `_`, `-` and spaces ignored: jobTitle =
 * job_title = JobTitle) and tried in the order listed; only non-blank text counts as a value.
 */

const FIRST = ['firstname', 'givenname', 'first'];
const LAST = ['lastname', 'familyname', 'surname', 'last'];
const FULL = ['fullname', 'name', 'displayname'];
// Not `headline`: it is the profile's free-text tagline ("Open to work", "CTO at Acme | Speaker"), not a job
// title, and a tagline in the title column would also make the row `enriched`.
const TITLE = ['title', 'jobtitle', 'currenttitle', 'currentjobtitle', 'position'];
// A work address first: `email` may be a private one, which is still better than none for an empty column.
const EMAIL = ['workemail', 'businessemail', 'professionalemail', 'email', 'emailaddress'];
const DEPARTMENT = ['department', 'jobdepartment'];
const LEVEL = ['seniority', 'senioritylevel', 'level', 'joblevel'];
const LINKEDIN = ['linkedinurl', 'linkedin', 'linkedinprofileurl', 'linkedinprofile', 'professionalsocialmediaurl'];
const LOCATION = ['location', 'address'];
const COUNTRY = ['country', 'countryname'];
const REGION = ['region', 'state', 'province', 'regionname'];
const LOCALITY = ['locality', 'city', 'town'];
const EMPLOYER = ['currentemployer', 'employer', 'company', 'organization', 'organisation', 'currentcompany', 'currentorganization'];
const EMPLOYER_NAME = ['name', 'companyname', 'displayname'];
const EMPLOYER_DOMAIN = ['domain', 'website', 'websiteurl', 'companydomain', 'companywebsite'];
const FLAT_EMPLOYER_NAME = ['companyname', 'employername', 'organizationname', 'organisationname', 'currentcompanyname', 'currentemployername'];
const FLAT_EMPLOYER_DOMAIN = ['companydomain', 'companywebsite', 'employerdomain', 'employerwebsite', 'organizationdomain', 'organizationwebsite'];

/** Key names that may be reported as "seen but not mapped": plain identifiers, never something shaped like data. */
const REPORTABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface PersonReading {
  values: EnrichedValues;
  /** Paths of the vendor's keys a value came from (`jobTitle`, `currentEmployer.name`). */
  fieldNames: string[];
  /** The person's top-level keys with a value that gave Leadflow nothing (names only). */
  ignoredFieldNames: string[];
}

interface Found {
  value: string;
  path: string;
  top: string;
}

/** Text under the first of `names` (folded) that holds one, with the key path it came from. */
function findText(object: Record<string, unknown>, names: readonly string[], container?: string): Found | undefined {
  for (const name of names) {
    for (const [key, raw] of Object.entries(object)) {
      if (foldKey(key) !== name || typeof raw !== 'string' || raw.trim() === '') continue;
      return { value: raw.trim(), path: container === undefined ? key : `${container}.${key}`, top: container ?? key };
    }
  }
  return undefined;
}

/** The first object under one of `names`, with its key. */
function findObject(object: Record<string, unknown>, names: readonly string[]): { value: Record<string, unknown>; key: string } | undefined {
  for (const name of names) {
    for (const [key, raw] of Object.entries(object)) if (foldKey(key) === name && isRecord(raw)) return { value: raw, key };
  }
  return undefined;
}

export function readPerson(person: Readonly<Record<string, unknown>> | null | undefined): PersonReading {
  const values: EnrichedValues = {};
  const used = new Set<string>();
  const paths: string[] = [];
  if (!person) return { values, fieldNames: [], ignoredFieldNames: [] };
  const put = (field: EnrichedField, found: Found | undefined, transform: (v: string) => string | undefined = (v) => v): void => {
    const value = found && transform(found.value);
    if (!found || !value) return;
    values[field] = value;
    paths.push(found.path);
    used.add(found.top);
  };
  const within = (container: { value: Record<string, unknown>; key: string } | undefined, names: readonly string[]) =>
    container && findText(container.value, names, container.key);

  const first = findText(person, FIRST);
  const last = findText(person, LAST);
  put('person_first_name', first);
  put('person_last_name', last);
  if (!first || !last) splitFullName(findText(person, FULL), first, last, put);
  put('person_email', findText(person, EMAIL));
  put('person_title', findText(person, TITLE));
  put('person_department', findText(person, DEPARTMENT));
  put('person_level', findText(person, LEVEL));
  put('person_linkedin_url', findText(person, LINKEDIN));

  const location = findObject(person, LOCATION);
  put('person_country', within(location, COUNTRY) ?? findText(person, COUNTRY));
  put('person_state', within(location, REGION) ?? findText(person, REGION));
  put('person_city', within(location, LOCALITY) ?? findText(person, LOCALITY));

  // The employer: an object ({ name, domain|website }), flat companyName/companyDomain keys, or just a name.
  const employer = findObject(person, EMPLOYER);
  put('company_name', within(employer, EMPLOYER_NAME) ?? findText(person, FLAT_EMPLOYER_NAME) ?? findText(person, EMPLOYER));
  put('company_domain', within(employer, EMPLOYER_DOMAIN) ?? findText(person, FLAT_EMPLOYER_DOMAIN), websiteToDomain);

  const ignoredFieldNames = Object.entries(person)
    .filter(([key, raw]) => !used.has(key) && REPORTABLE_KEY.test(key) && hasContent(raw))
    .map(([key]) => key)
    .sort();
  return { values, fieldNames: [...new Set(paths)].sort(), ignoredFieldNames };
}

/**
 * A full name fills only what the split names leave open, and only when the split is unambiguous: the other
 * part is known ("Mary Ann" + "Mary Ann Smith" → "Smith"), or the name is exactly two words. "Mary Ann Smith"
 * alone is not split: guessing where a first name ends would put wrong names on a lead.
 */
function splitFullName(
  full: Found | undefined,
  first: Found | undefined,
  last: Found | undefined,
  put: (field: EnrichedField, found: Found | undefined) => void,
): void {
  if (!full) return;
  const name = full.value.replace(/\s+/g, ' ');
  const part = (value: string): Found => ({ ...full, value });
  if (first && !last) {
    if (name.startsWith(`${first.value} `)) put('person_last_name', part(name.slice(first.value.length + 1)));
  } else if (last && !first) {
    if (name.endsWith(` ${last.value}`)) put('person_first_name', part(name.slice(0, -last.value.length - 1)));
  } else {
    const words = name.split(' ');
    if (words.length === 2) {
      put('person_first_name', part(words[0] as string));
      put('person_last_name', part(words[1] as string));
    }
  }
}

function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}
