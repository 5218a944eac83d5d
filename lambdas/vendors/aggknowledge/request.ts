/** The `environment` path segment: `live` (billed) or `test` (the vendor's sandbox). */
export type AggKnowledgeEnvironment = 'live' | 'test';
export const AGGKNOWLEDGE_ENVIRONMENTS: readonly AggKnowledgeEnvironment[] = ['live', 'test'];

/** Requests per bulk enrich call (Leadflow's reading: the document names no limit for the bulk body). */
export const AGGKNOWLEDGE_MAX_BULK = 1_000;

/**
 * One record Leadflow sends. At least one identifier is required. `externalId` travels as request metadata (a
 * Leadflow row id, not lead data) and comes back on the item, which is how results map back to rows.
 */
export interface AggKnowledgeRecord {
  externalId: string;
  linkedinUrl?: string;
  pdlId?: string;
  personId?: string;
}

/** What Leadflow puts in every request's metadata: ids only, never lead values. */
export interface AggKnowledgeMetadata {
  externalId: string;
  /** The same for every request of one submission; lets findBatch recognise a batch after an ambiguous submit. */
  submissionKey: string;
}

export interface AggKnowledgeBulkRequestItem {
  professionalSocialMediaUrl?: string;
  pdlId?: string;
  personId?: string;
  metadata: AggKnowledgeMetadata;
}

/** The body of POST /v2/{environment}/person/bulk. */
export interface AggKnowledgeBulkRequest {
  requests: AggKnowledgeBulkRequestItem[];
}

/**
 * Builds the bulk body. Caller bugs (no records, too many, a record without identifier, an empty id) are
 * RangeErrors naming the index, never a value: batches are cut and validated before they reach the adapter.
 */
export function toAggKnowledgeBulkRequest(records: readonly AggKnowledgeRecord[], submissionKey: string): AggKnowledgeBulkRequest {
  const count = records.length;
  if (count === 0 || count > AGGKNOWLEDGE_MAX_BULK) {
    throw new RangeError(`submitBulk takes 1 to ${AGGKNOWLEDGE_MAX_BULK} records per batch (got ${count})`);
  }
  if (!submissionKey.trim()) throw new RangeError('submitBulk needs a non-empty submissionKey');
  return {
    requests: records.map((record, index) => {
      if (!record.externalId.trim()) throw new RangeError(`records[${index}].externalId must not be empty`);
      const linkedinUrl = present(record.linkedinUrl);
      const pdlId = present(record.pdlId);
      const personId = present(record.personId);
      if (!linkedinUrl && !pdlId && !personId) {
        throw new RangeError(`records[${index}] needs linkedinUrl, pdlId or personId`);
      }
      return {
        ...(linkedinUrl && { professionalSocialMediaUrl: linkedinUrl }),
        ...(pdlId && { pdlId }),
        ...(personId && { personId }),
        metadata: { externalId: record.externalId, submissionKey },
      };
    }),
  };
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
