import { createHash } from 'node:crypto';
import type { Lead } from './lead';

/**
 * Legal-form words dropped from the end of a company name, so "Acme, Inc." and "ACME Inc" are one company.
 * Only trailing words: "Co" inside a name ("Co Op Foods") is part of it.
 */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'as',
  'asa',
  'aps',
  'oy',
  'pty',
  'pte',
  'kk',
  'pvt',
  'sl',
  'se',
]);

/**
 * The dedupe key of a lead: two rows that are the same person give the same key, so the vendor is paid once.
 * The person is their email when there is one; otherwise first name, last name and company (domain if known,
 * else the company name without punctuation and legal form). A SHA-256 hex digest, so keys can be stored and
 * logged without exposing the lead.
 */
export function leadKey(lead: Lead): string {
  const email = lead.email?.trim().toLowerCase();
  const identity = email ? email : [comparable(lead.firstName), comparable(lead.lastName), companyIdentity(lead)].join('|');
  return createHash('sha256').update(identity, 'utf8').digest('hex');
}

function comparable(value: string | undefined): string {
  return (value ?? '').normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function companyIdentity(lead: Lead): string {
  const domain = comparable(lead.domain);
  return domain !== '' ? domain : normalizeCompanyName(lead.companyName);
}

/** "Acme, Inc." → "acme"; "Müller & Söhne GmbH" → "müller söhne". */
export function normalizeCompanyName(name: string | undefined): string {
  const words = comparable(name)
    // Dots and apostrophes join ("S.A." → "sa", "O'Brien's" → "obriens"); other punctuation separates words.
    .replace(/[.'’]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop();
  return words.join(' ');
}
