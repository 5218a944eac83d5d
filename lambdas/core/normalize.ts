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
const NOT_A_COMPANY_DOMAIN = new Set([
  'linkedin.com',
  'facebook.com',
  'twitter.com',
  'x.com',
  'instagram.com',
  'youtube.com',
]);

const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Reduces a website, URL or email address to the bare company domain: no scheme, `www.`, user, port, path, query
 * or trailing dot; lowercase. Internationalized domains stay in their Unicode form. Undefined when the result is
 * not a plausible domain or is a social network.
 */
export function normalizeDomain(value: string | undefined): string | undefined {
  let host = (value ?? '').trim().toLowerCase();
  host = host.replace(/^mailto:/, '').replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^\/\//, '');
  host = host.split(/[/?#\s]/)[0] ?? '';
  host = host.slice(host.lastIndexOf('@') + 1);
  host = host.replace(/:\d*$/, '').replace(/\.+$/, '').replace(/^www\d*\./, '');
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

const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq']);

function isNameSuffix(token: string): boolean {
  return NAME_SUFFIXES.has(token.toLowerCase().replace(/\./g, ''));
}

/**
 * Splits a full name into first and last name at the last space ("Mary Ann Smith" → "Mary Ann" + "Smith").
 * Two common export shapes are recognised first: "Smith, Mary" (last name first) and a trailing generational or
 * degree suffix ("John Smith Jr." → "John" + "Smith Jr."). A single word is a first name only.
 */
export function splitFullName(value: string | undefined): { firstName?: string; lastName?: string } {
  const name = normalizeText(value);
  if (name === undefined) return {};
  const lastFirst = /^([^,]+),\s*([^,]+)$/.exec(name);
  if (lastFirst && !isNameSuffix(lastFirst[2] ?? '')) {
    return { firstName: normalizeText(lastFirst[2]), lastName: normalizeText(lastFirst[1]) };
  }
  const tokens = name.replace(/,/g, ' ').split(/\s+/).filter((token) => token !== '');
  if (tokens.length === 1) return { firstName: tokens[0] };
  const lastLength = tokens.length >= 3 && isNameSuffix(tokens.at(-1) ?? '') ? 2 : 1;
  return {
    firstName: tokens.slice(0, -lastLength).join(' '),
    lastName: tokens.slice(-lastLength).join(' '),
  };
}
