/**
 * Leadflow's custom metrics: names and namespace shared by the code that emits them and by the alarms and the
 * dashboard that read them (lib/monitoring.ts, lib/dashboard.ts). Dimensions carry vendors and statuses, never
 * lead data.
 */
export const METRICS_NAMESPACE = 'Leadflow';
export const METRIC = {
  vendorRequests: 'VendorRequests',
  vendorLatency: 'VendorLatency',
  vendorUnauthorized: 'VendorUnauthorized',
  vendorOutOfCredits: 'VendorOutOfCredits',
  vendorServerErrors: 'VendorServerErrors',
  callbackRejected: 'CallbackRejected',
  /** paid vendor answers Leadflow could not read (a whole answer) or map (a record): kept for leadflow reprocess */
  vendorAnswersNotUnderstood: 'VendorAnswersNotUnderstood',
  jobsEnded: 'JobsEnded',
  rowsProcessed: 'RowsProcessed',
  tokenAgeDays: 'TokenAgeDays',
} as const;

/**
 * Powertools adds the service as a dimension to every metric it emits: alarms and graphs must ask for it too,
 * since CloudWatch matches the exact set of dimensions.
 */
export const METRICS_SERVICE = 'leadflow';
