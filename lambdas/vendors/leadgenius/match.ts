import type { LeadGeniusRecord } from './request';

/** A found email as the status endpoint (first/middle/last/email) or a webhook (also domain) reports it. */
export interface LeadGeniusFoundEmail {
  first: string;
  middle?: string | null;
  last: string;
  email: string;
  domain?: string;
}

export interface MatchedResults {
  /** Every record's external id → the distinct emails found for it (empty when none), in record order. */
  emailsByExternalId: Map<string, string[]>;
  /** Results that match no record (they should not happen; kept so the caller can count or log them). */
  unmatched: LeadGeniusFoundEmail[];
}

/**
 * Maps vendor results back to our records. The vendor echoes the person, never an id of ours, so the key is
 * (first, middle, last, domain), normalized: trimmed, case-folded, Unicode NFC, domain without "www." and a
 * trailing dot. Records sharing a key all receive the emails found for it.
 *
 * Status results carry no domain: the email's domain stands in for it. When that finds nothing (the vendor may
 * answer with another domain of the same company), the name alone is used, but only if the records with that
 * name all share one domain; otherwise the result is reported unmatched rather than guessed.
 */
export function matchResults(records: readonly LeadGeniusRecord[], results: readonly LeadGeniusFoundEmail[]): MatchedResults {
  const emailsByExternalId = new Map<string, string[]>(records.map((r) => [r.externalId, []]));
  const byKey = new Map<string, string[]>();
  const byName = new Map<string, { domains: Set<string>; ids: string[] }>();
  for (const r of records) {
    const name = nameKey(r.first, r.middle, r.last);
    const domain = normalizeDomain(r.domain);
    push(byKey, `${name}|${domain}`, r.externalId);
    const entry = byName.get(name) ?? { domains: new Set<string>(), ids: [] };
    entry.domains.add(domain);
    entry.ids.push(r.externalId);
    byName.set(name, entry);
  }

  const unmatched: LeadGeniusFoundEmail[] = [];
  for (const result of results) {
    const name = nameKey(result.first, result.middle, result.last);
    const domain = normalizeDomain(result.domain ?? result.email.slice(result.email.lastIndexOf('@') + 1));
    let ids = byKey.get(`${name}|${domain}`);
    if (!ids && result.domain === undefined) {
      const sameName = byName.get(name);
      if (sameName?.domains.size === 1) ids = sameName.ids;
    }
    if (!ids) {
      unmatched.push(result);
      continue;
    }
    const email = result.email.trim();
    for (const id of ids) {
      const emails = emailsByExternalId.get(id) as string[];
      if (!emails.some((e) => e.toLowerCase() === email.toLowerCase())) emails.push(email);
    }
  }
  return { emailsByExternalId, unmatched };
}

export function normalizeName(value: string | null | undefined): string {
  return (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function normalizeDomain(value: string): string {
  return value
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

function nameKey(first: string, middle: string | null | undefined, last: string): string {
  return [first, middle, last].map(normalizeName).join('|');
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
