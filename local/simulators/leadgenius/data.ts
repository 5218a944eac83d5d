import { createHash } from 'node:crypto';

/** One data[] item of a bulk job, after validation (middle defaults to ""). */
export interface LeadGeniusItem {
  first: string;
  middle?: string;
  last: string;
  domain: string;
}

/**
 * Deterministic stand-in for the vendor's email discovery, a pure function of the item so tests can predict the
 * simulator: by a hash of the normalized person, ~15% get no email, ~70% one (`first.last@domain`) and ~15% two
 * (also `flast@domain`). Names are reduced to ASCII letters and digits; a name with none gets no email.
 */
export function deriveLeadGeniusEmails(item: LeadGeniusItem): string[] {
  const first = localPart(item.first);
  const last = localPart(item.last);
  const domain = item.domain
    .trim()
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  if (!first || !last || !domain) return [];
  const key = [item.first, item.middle ?? '', item.last, domain].map((v) => v.trim().toLowerCase()).join('|');
  const bucket = createHash('sha256').update(`leadgenius|${key}`, 'utf8').digest().readUInt32BE(0) % 100;
  if (bucket < 15) return [];
  const primary = `${first}.${last}@${domain}`;
  return bucket < 85 ? [primary] : [primary, `${first[0]}${last}@${domain}`];
}

function localPart(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
