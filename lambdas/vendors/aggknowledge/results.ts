import type { EnrichedField, EnrichedValues, RecordResult, RowStatus } from '../../core/enrichedFields';
import { readPerson } from './personFields';
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

/**
 * A successful item (billed: the vendor bills successes) of which Leadflow can map no field: the vendor named its
 * fields in a way this reading does not know. Not `not_found`, which would hide a paid-for answer; the raw item
 * stays in the batch's stored raw results.
 */
export const AGGKNOWLEDGE_UNMAPPED_STATUS: RowStatus = 'unmapped';

/** The fields that make a row `enriched`; a successful item missing any of them is `partially_enriched`. */
export const AGGKNOWLEDGE_CORE_FIELDS: readonly EnrichedField[] = ['person_first_name', 'person_last_name', 'person_title', 'company_name'];

const CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

/**
 * One item → its row result.
 * - success: `enriched` when the person has first and last name, a title and a current employer (what a lead
 *   needs to be worked); `partially_enriched` when some of those are missing; `unmapped` when no field could be
 *   mapped (no person, or only names Leadflow does not read).
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
  /** Successful items of this submission, duplicates and unmatched ones included: what the vendor bills. */
  billed: number;
  /** Results with status `unmapped` (successful, billed, nothing Leadflow could map). */
  unmapped: number;
  /** The person keys values came from, over the whole batch (names only): which field names the vendor used. */
  fieldNames: string[];
  /** Person keys with content that gave Leadflow nothing (names only, at most 20): where an unmapped value hides. */
  ignoredFieldNames: string[];
}

const MAX_IGNORED_NAMES = 20;

/**
 * Maps a batch's items. With `submissionKey`, items carrying another key are reported unmatched (they belong to
 * another submission). The first item for an externalId wins; a later one is reported, not merged.
 */
export function collectResults(items: readonly AggKnowledgeItem[], submissionKey?: string): CollectedResults {
  const out: CollectedResults = { results: [], retry: [], unmatched: [], billed: 0, unmapped: 0, fieldNames: [], ignoredFieldNames: [] };
  const seen = new Set<string>();
  const fieldNames = new Set<string>();
  const ignored = new Set<string>();
  for (const item of items) {
    const key = item.metadata?.submissionKey;
    if (submissionKey !== undefined && key !== submissionKey) {
      out.unmatched.push(item.id);
      continue;
    }
    if (item.isSuccess) {
      out.billed += 1;
      const reading = readPerson(item.person);
      for (const name of reading.fieldNames) fieldNames.add(name);
      for (const name of reading.ignoredFieldNames) ignored.add(name);
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
  out.unmapped = countUnmapped(out.results);
  out.fieldNames = [...fieldNames].sort();
  out.ignoredFieldNames = [...ignored].sort().slice(0, MAX_IGNORED_NAMES);
  return out;
}

export function countUnmapped(results: readonly RecordResult[]): number {
  return results.filter((result) => result.status === AGGKNOWLEDGE_UNMAPPED_STATUS).length;
}

/** The externalId Leadflow put in the request metadata, when the item echoes one. */
export function itemExternalId(item: AggKnowledgeItem): string | undefined {
  const value = item.metadata?.externalId;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The values Leadflow maps from a person, under whichever names the vendor used (personFields.ts). */
export function toEnrichedValues(person: AggKnowledgePerson | null | undefined): EnrichedValues {
  return readPerson(person).values;
}

function statusFor(values: EnrichedValues): RowStatus {
  if (Object.keys(values).length === 0) return AGGKNOWLEDGE_UNMAPPED_STATUS;
  return AGGKNOWLEDGE_CORE_FIELDS.every((field) => values[field] !== undefined) ? 'enriched' : 'partially_enriched';
}

/** The vendor's error code when it is a plain token; anything else is not put into a status. */
function errorCode(item: AggKnowledgeItem): string {
  const code = item.error?.code?.trim();
  return code && CODE.test(code) ? code.toLowerCase() : 'unknown_error';
}
