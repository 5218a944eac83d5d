import { createHash } from 'node:crypto';
import type { EnrichedValues, RowStatus } from './enrichedFields';
import type { Lead } from './lead';
import { leadKey } from './leadKey';
import { normalizeLinkedinUrl } from './normalize';
import type { Vendor } from './plan';

const fold = (value: string | undefined) => (value ?? '').normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();

/**
 * The identity of what a vendor is asked: two leads with the same key get the same answer, so the answer can be
 * reused across jobs. Each vendor only reads some fields (LeadGenius a name and a domain, AggKnowledge a LinkedIn
 * URL), so only those count. `scope` separates answers that must not mix (AggKnowledge's test sandbox from live).
 * A SHA-256 hex digest: the cache is keyed without lead data.
 */
export function vendorCacheKey(vendor: Vendor, lead: Lead, scope = ''): string {
  let identity: string;
  switch (vendor) {
    case 'leadspace':
      // An email names a mailbox, which people can share (info@…): the name is part of who is asked about.
      identity = [leadKey(lead), fold(lead.firstName), fold(lead.lastName)].join('|');
      break;
    case 'leadgenius':
      identity = [lead.firstName, lead.lastName, lead.domain].map(fold).join('|');
      break;
    case 'aggknowledge':
      identity = fold(normalizeLinkedinUrl(lead.linkedinUrl));
      break;
  }
  return createHash('sha256').update(`${vendor}|${scope}|${identity}`, 'utf8').digest('hex');
}

/** A vendor's answer for one lead, without the job's external id: what the cross-job cache keeps. */
export interface CachedAnswer {
  status: RowStatus;
  values: EnrichedValues;
}

/** Only real answers are worth keeping across jobs: a failure may well succeed next time. */
export function isCacheable(status: RowStatus): boolean {
  return status === 'enriched' || status === 'partially_enriched' || status === 'not_found';
}
