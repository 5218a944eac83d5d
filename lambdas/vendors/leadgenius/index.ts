export {
  BULK_JOB_PATH,
  BULK_STATUS_PREFIX,
  LeadGeniusClient,
  readLeadGeniusStatus,
  type LeadGeniusAcceptanceReading,
  type LeadGeniusClientOptions,
  type SubmittedBulkJob,
} from './client';
export {
  LEADGENIUS_MAX_OBJECTS_PER_HOUR,
  toLeadGeniusBulkRequest,
  type LeadGeniusBulkRequest,
  type LeadGeniusOptions,
  type LeadGeniusRecord,
  type SubmitBulkInput,
} from './request';
export {
  LeadGeniusStatusBodySchema,
  type LeadGeniusBulkStatus,
  type LeadGeniusStatusBody,
  type LeadGeniusStatusResult,
} from './status';
export { MAX_ERROR_BODY_BYTES, readCappedText, speaksOfLimit } from './errorBody';
export {
  LeadGeniusWebhookSchema,
  parseLeadGeniusWebhook,
  splitWebhookId,
  type LeadGeniusWebhook,
  type LeadGeniusWebhookId,
  type LeadGeniusWebhookParse,
} from './webhook';
export { matchResults, normalizeDomain, normalizeName, type LeadGeniusFoundEmail, type MatchedResults } from './match';
export { DEFAULT_RETRY_POLICY, fullJitterDelayMs, type RetryPolicy } from '../retry';
export { VendorFatalError, VendorProtocolError, VendorTransientError, type VendorFatalCode } from '../errors';
