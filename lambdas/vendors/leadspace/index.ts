export {
  LeadspaceClient,
  type LeadspaceClientOptions,
  type LeadspaceResultsState,
  type SubmitBulkInput,
  type SubmittedBulk,
} from './client';
export {
  DEFAULT_REFRESH_MARGIN_MS,
  LEADSPACE_TOKEN_PATH,
  LeadspaceTokenCache,
  clearLeadspaceTokenCache,
  leadspaceOAuthTokenProvider,
  requestAccessToken,
  type GrantedToken,
  type LeadspaceOAuthCredentials,
  type LeadspaceOAuthOptions,
  type LeadspaceTokenProvider,
} from './oauth';
export {
  LEADSPACE_BULK_STATUSES,
  isBulkId,
  leadspacePollingPath,
  parseLeadspaceCallback,
  type LeadspaceBulkStatus,
  type LeadspaceCallback,
  type LeadspaceCallbackParse,
} from './callback';
export { VendorFatalError, VendorProtocolError, VendorTransientError, type VendorFatalCode } from '../errors';
export {
  LEADSPACE_MAX_BULK_RECORDS,
  toLeadspaceBulkItem,
  toLeadspaceBulkRequest,
  type LeadspaceAddress,
  type LeadspaceBulkItem,
  type LeadspaceBulkRequest,
} from './request';
export {
  LEADSPACE_INTERNAL_ERROR,
  LEADSPACE_INVALID_INPUT,
  LEADSPACE_STILL_INTERNAL_ERROR_STATUS,
  LeadspaceResultSchema,
  LeadspaceResultsBodySchema,
  isRetry,
  LEADSPACE_RESULTS_READINGS,
  readLeadspaceResults,
  stillFailingAfterRetry,
  toFinalRecordResult,
  toRecordResult,
  websiteToDomain,
  type LeadspaceResult,
  type LeadspaceResultData,
  type LeadspaceResultsBody,
  type LeadspaceResultsRead,
  type LeadspaceResultsReading,
  type LeadspaceRetry,
} from './results';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry';
