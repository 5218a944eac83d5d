import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Value normalizers for single cells. Each takes the raw cell and returns the cleaned value, or undefined when
 * nothing usable is left. None of them validates beyond what it needs to clean: that is validate.ts's job.
 */

/**
 * What spreadsheets put in a cell to mean "nothing". Treated as empty so that "N/A" is neither sent to a vendor as
 * a name nor counted as an (invalid) email. Short words only: anything longer could be real data.
 */
const PLACEHOLDERS = new Set(['-', '--', '—', '.', '?', 'n/a', 'n.a.', 'none', 'null', 'nil', 'unknown', 'tbd']);

/** Blanks a cell that only says "nothing here"; other cells pass unchanged. */
export function withoutPlaceholder(value: string | undefined): string | undefined {
  return value !== undefined && PLACEHOLDERS.has(value.trim().toLowerCase()) ? undefined : value;
}

/** Trims and collapses runs of whitespace (including line breaks from multi-line cells) to one space. */
export function normalizeText(value: string | undefined): string | undefined {
  const text = (value ?? '').replace(/\s+/gu, ' ').trim();
  return text === '' ? undefined : text;
}

/** The phone is kept as the user wrote it: formats vary by country and the vendors parse them. */
export function normalizePhone(value: string | undefined): string | undefined {
  const phone = (value ?? '').trim();
  return phone === '' ? undefined : phone;
}

/**
 * Lowercases and unwraps an email: `mailto:` links, "Name <address>" forms, and lists ("a@x.com; b@x.com", which
 * some CRMs put in one cell: the first is the primary). An internationalized domain is converted to its ASCII
 * form, which is what the lead schema and the vendors accept.
 */
export function normalizeEmail(value: string | undefined): string | undefined {
  let email = (value ?? '').trim();
  const bracketed = /<([^<>]*)>/.exec(email);
  if (bracketed) email = bracketed[1] ?? '';
  email = email.replace(/^mailto:/i, '');
  email = (email.split(/[;,\s]+/).find((part) => part !== '') ?? '').toLowerCase();
  if (email === '') return undefined;
  const at = email.lastIndexOf('@');
  if (at > 0) {
    const asciiDomain = domainToASCII(email.slice(at + 1));
    if (asciiDomain !== '') email = `${email.slice(0, at)}@${asciiDomain}`;
  }
  return email;
}

/**
 * Hosts that are never the lead's company. A "URL" or "Website" column sometimes holds the person's social
 * profile, and sending linkedin.com as the company domain would enrich the lead as a LinkedIn employee.
 */
const NOT_A_COMPANY_DOMAIN = new Set(['linkedin.com', 'facebook.com', 'twitter.com', 'x.com', 'instagram.com', 'youtube.com']);

const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Reduces a website, URL or email address to the bare company domain: no scheme, `www.`, user, port, path, query
 * or trailing dot; lowercase. Internationalized domains stay in their Unicode form. Undefined when the result is
 * not a plausible domain or is a social network.
 */
export function normalizeDomain(value: string | undefined): string | undefined {
  let host = (value ?? '').trim().toLowerCase();
  host = host
    .replace(/^mailto:/, '')
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^\/\//, '');
  host = host.split(/[/?#\s]/)[0] ?? '';
  host = host.slice(host.lastIndexOf('@') + 1);
  host = host
    .replace(/:\d*$/, '')
    .replace(/\.+$/, '')
    .replace(/^www\d*\./, '');
  const ascii = host === '' ? '' : domainToASCII(host);
  if (!ASCII_DOMAIN.test(ascii) || NOT_A_COMPANY_DOMAIN.has(ascii)) return undefined;
  return domainToUnicode(ascii);
}

/**
 * Rewrites a LinkedIn profile link, however it was copied (no scheme, country subdomain, trailing slash, query,
 * locale suffix), to `https://www.linkedin.com/in/<slug>`. Anything else (a company page, free text) is kept as
 * given: it may still mean something to the user, and the vendors ignore what they cannot use.
 */
export function normalizeLinkedinUrl(value: string | undefined): string | undefined {
  const url = (value ?? '').trim();
  if (url === '') return undefined;
  const profile = /^(?:https?:\/\/)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com\/in\/([^/?#\s]+)(?:[/?#]\S*)?$/i.exec(url);
  return profile ? `https://www.linkedin.com/in/${profile[1]}` : url;
}

/** Titles written before a name, in the languages of the exports Leadflow reads (compared without dots, any case). */
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'rev',
  'hon',
  'herr',
  'frau',
  'hr',
  'fr',
  'mag',
  'dipl',
  'ing',
  'dipl-ing',
  'mme',
  'mlle',
  'sr',
  'sra',
  'srta',
  'dott',
  'dottssa',
  'sig',
  'sigra',
  'dhr',
  'mevr',
]);

/** Generational suffixes and degrees or certifications written after a name. Words that are also surnames ("Ma", "Ba") are left out. */
const POST_NOMINALS = new Set([
  'jr',
  'sr',
  'ii',
  'iii',
  'iv',
  'phd',
  'md',
  'mba',
  'cpa',
  'cfa',
  'esq',
  'dds',
  'rn',
  'pmp',
  'cissp',
  'msc',
  'bsc',
  'mph',
  'jd',
  'llm',
  'dvm',
  'frcs',
  'facs',
  'ceng',
]);

/** Lower-case particles that belong to the last name ("Jan van der Berg", "María de la Cruz"). */
const SURNAME_PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'la',
  'le',
  'da',
  'das',
  'dos',
  'du',
  'di',
  'ten',
  'ter',
  'zu',
  'bin',
  'al',
]);

const wordOf = (token: string) => token.toLowerCase().replace(/\./g, '');
// Emoji, their skin tones, joiners and variation selectors, and flags: decoration, never part of a name.
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is removed alone, joiners and selectors included
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\u200D\uFE0F]/gu;

/**
 * Splits a full name into first and last name as people type it: emoji dropped, honorifics before the name ("Dr.",
 * "Frau", "Prof. Dr.") and post-nominals after it or after a comma ("MBA", "Ph.D.", "Jr.", "III") left out,
 * "Smith, Mary" read last name first, and lower-case particles kept with the last name ("van der Berg"). Then at the
 * last word: "Mary Ann Smith" → "Mary Ann" + "Smith". A single word is a first name, or after a title a last name.
 * The cell itself is never changed: this feeds the vendors only.
 */
export function splitFullName(value: string | undefined): { firstName?: string; lastName?: string } {
  const name = normalizeText(value?.replace(EMOJI, ' '));
  if (name === undefined) return {};
  const parts = name
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  while (
    parts.length > 1 &&
    parts
      .at(-1)!
      .split(/\s+/)
      .every((token) => POST_NOMINALS.has(wordOf(token)))
  )
    parts.pop();
  const words = parts.map((part) => part.split(/\s+/));
  const titled = words.some((w) => w.length > 1 && HONORIFICS.has(wordOf(w[0]!)));
  for (const w of words) while (w.length > 1 && HONORIFICS.has(wordOf(w[0]!))) w.shift();
  // "Smith, Mary": the last name first. More commas than that is not a shape worth guessing.
  const tokens = words.length === 2 ? [...words[1]!, ...words[0]!] : words.flat();
  while (tokens.length > 1 && POST_NOMINALS.has(wordOf(tokens.at(-1)!))) tokens.pop();
  // "Dr. Smith": after a title, a single word is the last name.
  if (tokens.length === 1) return titled ? { lastName: tokens[0] } : { firstName: tokens[0] };
  let lastStart = tokens.length - 1;
  while (lastStart > 1 && SURNAME_PARTICLES.has(tokens[lastStart - 1]!)) lastStart -= 1;
  return { firstName: tokens.slice(0, lastStart).join(' '), lastName: tokens.slice(lastStart).join(' ') };
}
