import { createHash } from 'node:crypto';
import type { EnrichedField, EnrichedValues, RowStatus } from './enrichedFields';
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

/** The cache scope of a vendor's answers: AggKnowledge's sandbox answers must never serve live jobs. */
export function cacheScope(vendor: Vendor, aggKnowledgeEnvironment: string): string {
  return vendor === 'aggknowledge' ? aggKnowledgeEnvironment : '';
}

/**
 * The enriched fields behind what vendorCacheKey reads of a lead, per vendor: with all of them present, an earlier
 * answer (which only fills blanks) cannot change the key. Kept beside the key so that the two change together.
 */
export const CACHE_KEY_FIELDS: Record<Vendor, readonly EnrichedField[]> = {
  leadspace: ['person_email', 'person_first_name', 'person_last_name'],
  leadgenius: ['person_first_name', 'person_last_name', 'company_domain'],
  aggknowledge: ['person_linkedin_url'],
};

/** A vendor's answer for one lead, without the job's external id: what the cross-job cache keeps. */
export interface CachedAnswer {
  status: RowStatus;
  values: EnrichedValues;
}

/** Only real answers are worth keeping across jobs: a failure may well succeed next time. */
export function isCacheable(status: RowStatus): boolean {
  return status === 'enriched' || status === 'partially_enriched' || status === 'not_found';
}
