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
  jobsEnded: 'JobsEnded',
  rowsProcessed: 'RowsProcessed',
  tokenAgeDays: 'TokenAgeDays',
} as const;
