export {
  AGGKNOWLEDGE_MAX_BATCHES_PAGE,
  AGGKNOWLEDGE_MAX_ITEMS_PAGE,
  AggKnowledgeClient,
  mergePages,
  readItemPage,
  type AggKnowledgeClientOptions,
  type FindBatchOptions,
  type ListBatchesOptions,
} from './client';
export {
  AGGKNOWLEDGE_ENVIRONMENTS,
  AGGKNOWLEDGE_MAX_BULK,
  toAggKnowledgeBulkRequest,
  type AggKnowledgeBulkRequest,
  type AggKnowledgeBulkRequestItem,
  type AggKnowledgeEnvironment,
  type AggKnowledgeMetadata,
  type AggKnowledgeRecord,
} from './request';
export {
  BatchListPageSchema,
  BatchStatusBodySchema,
  BatchSummarySchema,
  ItemPageBodySchema,
  ItemSchema,
  PersonSchema,
  type AggKnowledgeBatchList,
  type AggKnowledgeBatchState,
  type AggKnowledgeBatchStatus,
  type AggKnowledgeBatchSummary,
  type AggKnowledgeItem,
  type AggKnowledgeItemPage,
  type AggKnowledgeItemsReading,
  type AggKnowledgeListReading,
  type AggKnowledgePerson,
} from './schemas';
export { readBatchState, type CursorField, type ListWrapper } from './readings';
export { readPerson, type PersonReading } from './personFields';
export {
  AGGKNOWLEDGE_CORE_FIELDS,
  AGGKNOWLEDGE_STILL_UNAVAILABLE_STATUS,
  AGGKNOWLEDGE_UNMAPPED_STATUS,
  collectResults,
  countUnmapped,
  isRetry,
  isUnmatched,
  itemExternalId,
  stillFailingAfterRetry,
  toEnrichedValues,
  toFinalRecordResult,
  toRecordResult,
  type AggKnowledgeMapped,
  type AggKnowledgeRetry,
  type AggKnowledgeUnmatched,
  type CollectedResults,
} from './results';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry';
export { VendorFatalError, VendorProtocolError, VendorTransientError, type VendorFatalCode } from '../errors';
