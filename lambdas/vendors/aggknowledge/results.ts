import type { EnrichedField, EnrichedValues, RecordResult, RowStatus } from '../../core/enrichedFields';
import { websiteToDomain } from '../websiteDomain';
import type { AggKnowledgeItem, AggKnowledgePerson } from './schemas';

/*
 * Items → Leadflow row results. Pure. Only vendor codes and Leadflow ids reach a status; never the vendor's
 * error message (free text that may quote the submitted URL) and never a person's value outside `values`.
 */

/** A retryable failure ("temporarily_unavailable" and the like): worth one resubmission, in a new bulk. */
export interface AggKnowledgeRetry {
  retry: string; // the externalId to resubmit
}

/** An item whose metadata carries no usable externalId: reported (by item id), never matched by guesswork. */
export interface AggKnowledgeUnmatched {
  unmatched: string; // the vendor's item id
}

export type AggKnowledgeMapped = RecordResult | AggKnowledgeRetry | AggKnowledgeUnmatched;

export const AGGKNOWLEDGE_STILL_UNAVAILABLE_STATUS: RowStatus = 'failed: aggknowledge temporarily unavailable';

/** The fields that make a row `enriched`; a successful item missing any of them is `partially_enriched`. */
export const AGGKNOWLEDGE_CORE_FIELDS: readonly EnrichedField[] = ['person_first_name', 'person_last_name', 'person_title', 'company_name'];

const CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

/**
 * One item → its row result.
 * - success: `enriched` when the person has first and last name, a title and a current employer (what a lead
 *   needs to be worked); `partially_enriched` when some of those are missing; `not_found` when nothing usable
 *   came back (a success without a person).
 * - failure, not retryable: `not_found` for code not_found, else `failed: aggknowledge <code>`.
 * - failure, retryable: `{ retry: externalId }`; after the one resubmission, use stillFailingAfterRetry.
 * - no externalId in the metadata: `{ unmatched: itemId }`.
 */
export function toRecordResult(item: AggKnowledgeItem): AggKnowledgeMapped {
  const externalId = itemExternalId(item);
  if (externalId === undefined) return { unmatched: item.id };
  if (item.isSuccess) {
    const values = toEnrichedValues(item.person);
    return { externalId, status: statusFor(values), values };
  }
  const code = errorCode(item);
  // The document defines isRetryable for failures only as "retryable with the same input".
  if (item.isRetryable) return { retry: externalId };
  if (code === 'not_found') return { externalId, status: 'not_found', values: {} };
  return { externalId, status: `failed: aggknowledge ${code}`, values: {} };
}

/** For a record that came back retryable again after its one resubmission. */
export function stillFailingAfterRetry(externalId: string): RecordResult {
  return { externalId, status: AGGKNOWLEDGE_STILL_UNAVAILABLE_STATUS, values: {} };
}

/** For the resubmission's items: a retryable answer is final this time. */
export function toFinalRecordResult(item: AggKnowledgeItem): RecordResult | AggKnowledgeUnmatched {
  const mapped = toRecordResult(item);
  return isRetry(mapped) ? stillFailingAfterRetry(mapped.retry) : mapped;
}

export function isRetry(mapped: AggKnowledgeMapped): mapped is AggKnowledgeRetry {
  return 'retry' in mapped;
}

export function isUnmatched(mapped: AggKnowledgeMapped): mapped is AggKnowledgeUnmatched {
  return 'unmatched' in mapped;
}

export interface CollectedResults {
  /** One per externalId, in item order. */
  results: RecordResult[];
  /** externalIds to resubmit once. */
  retry: string[];
  /** Item ids that map to no row: no externalId, another submission's key, or a second item for the same row. */
  unmatched: string[];
}

/**
 * Maps a batch's items. With `submissionKey`, items carrying another key are reported unmatched (they belong to
 * another submission). The first item for an externalId wins; a later one is reported, not merged.
 */
export function collectResults(items: readonly AggKnowledgeItem[], submissionKey?: string): CollectedResults {
  const out: CollectedResults = { results: [], retry: [], unmatched: [] };
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.metadata?.submissionKey;
    if (submissionKey !== undefined && key !== submissionKey) {
      out.unmatched.push(item.id);
      continue;
    }
    const mapped = toRecordResult(item);
    if (isUnmatched(mapped)) {
      out.unmatched.push(mapped.unmatched);
      continue;
    }
    const externalId = isRetry(mapped) ? mapped.retry : mapped.externalId;
    if (seen.has(externalId)) {
      out.unmatched.push(item.id);
      continue;
    }
    seen.add(externalId);
    if (isRetry(mapped)) out.retry.push(mapped.retry);
    else out.results.push(mapped);
  }
  return out;
}

/** The externalId Leadflow put in the request metadata, when the item echoes one. */
export function itemExternalId(item: AggKnowledgeItem): string | undefined {
  const value = item.metadata?.externalId;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function toEnrichedValues(person: AggKnowledgePerson | null | undefined): EnrichedValues {
  const values: EnrichedValues = {};
  if (!person) return values;
  const put = (field: EnrichedField, raw: string | null | undefined): void => {
    const value = (raw ?? '').trim();
    if (value) values[field] = value;
  };
  put('person_first_name', person.firstName);
  put('person_last_name', person.lastName);
  put('person_email', person.workEmail);
  // `title` is the job title; `headline` is the profile's free-text tagline, not a title, so it is not used.
  put('person_title', person.title);
  put('person_department', person.department);
  put('person_level', person.seniority);
  put('person_linkedin_url', person.linkedinUrl);
  put('person_country', person.location?.country);
  put('person_state', person.location?.region);
  put('person_city', person.location?.locality);
  put('company_name', person.currentEmployer?.name);
  put('company_domain', websiteToDomain(person.currentEmployer?.domain));
  return values;
}

function statusFor(values: EnrichedValues): RowStatus {
  if (Object.keys(values).length === 0) return 'not_found';
  return AGGKNOWLEDGE_CORE_FIELDS.every((field) => values[field] !== undefined) ? 'enriched' : 'partially_enriched';
}

/** The vendor's error code when it is a plain token; anything else is not put into a status. */
function errorCode(item: AggKnowledgeItem): string {
  const code = item.error?.code?.trim();
  return code && CODE.test(code) ? code.toLowerCase() : 'unknown_error';
}
