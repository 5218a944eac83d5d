import type { HandlerConfig } from './config';

type Name = keyof HandlerConfig;
const names = <const T extends readonly Name[]>(...list: T): T => list;

/**
 * What each adapter that several functions build reads from the environment. A function that builds one gets
 * its variables (FUNCTION_ENV below), so the adapter finds them wherever it runs.
 */
export const ADAPTER_ENV = {
  leadspace: names('LEADSPACE_SECRET_ID', 'LEADSPACE_BASE_URL', 'VENDOR_REQUEST_TIMEOUT_MS'),
  leadspaceBacklog: names('LIMITS_TABLE', 'LEADSPACE_SECRET_ID', 'LEADSPACE_BACKLOG_LEADS'),
  leadgenius: names(
    'LEADGENIUS_SECRET_ID',
    'LEADGENIUS_BASE_URL',
    'LIMITS_TABLE',
    'POLL_INTERVAL_SECONDS',
    'LEADGENIUS_OBJECTS_PER_HOUR',
    'LEADGENIUS_STATUS_PER_MINUTE',
    'LEADGENIUS_STATUS_PER_HOUR',
    'VENDOR_LIMIT_MARGIN_MS',
  ),
  aggknowledge: names(
    'AGGKNOWLEDGE_SECRET_ID',
    'AGGKNOWLEDGE_BASE_URL',
    'AGGKNOWLEDGE_ENVIRONMENT',
    'AGGKNOWLEDGE_TIER3_PER_MINUTE',
    'AGGKNOWLEDGE_TIER4_PER_MINUTE',
    'LIMITS_TABLE',
    'VENDOR_LIMIT_MARGIN_MS',
  ),
};

/** Functions that serve batches of every vendor (lambdas/aws/vendorSteps; Leadspace's holds its backlog). */
const ANY_VENDOR = [...ADAPTER_ENV.leadspace, ...ADAPTER_ENV.leadspaceBacklog, ...ADAPTER_ENV.leadgenius, ...ADAPTER_ENV.aggknowledge];

/**
 * Each function's environment, declared once: its wiring reads exactly these (config(...), once per container),
 * and the stack sets exactly these (lib/workflow.ts, lib/job-api.ts, …), so neither can drift from the other.
 */
export const FUNCTION_ENV = {
  preflight: names('JOBS_TABLE', 'LEAD_DATA_EXPIRY_DAYS', 'HEROBASE_SECRET_ID', 'HEROBASE_REQUESTS_PER_MINUTE', 'LIMITS_TABLE', 'VENDOR_LIMIT_MARGIN_MS'),
  export: names(
    'JOBS_TABLE',
    'LEAD_DATA_EXPIRY_DAYS',
    'DATA_BUCKET',
    'HEROBASE_SECRET_ID',
    'HEROBASE_REQUESTS_PER_MINUTE',
    'LIMITS_TABLE',
    'CACHE_TABLE',
    'VENDOR_LIMIT_MARGIN_MS',
  ),
  prepare: names('JOBS_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'HEROBASE_SECRET_ID', 'MAX_INPUT_BYTES', 'MAX_INPUT_ROWS'),
  planStep: names(
    'JOBS_TABLE',
    'BATCHES_TABLE',
    'DATA_BUCKET',
    'LEAD_DATA_EXPIRY_DAYS',
    'CACHE_TABLE',
    'CACHE_TTL_DAYS',
    'AGGKNOWLEDGE_ENVIRONMENT',
    'LEADGENIUS_OBJECTS_PER_HOUR',
  ),
  submit: names(
    'JOBS_TABLE',
    'BATCHES_TABLE',
    'DATA_BUCKET',
    'CALLBACK_SIGNING_SECRET_ID',
    'CALLBACK_BASE_URL',
    'LEAD_DATA_EXPIRY_DAYS',
    'POLL_INTERVAL_SECONDS',
    'UNCERTAIN_SUBMIT_GRACE_SECONDS',
    'BATCH_DEADLINE_SECONDS',
    ...ANY_VENDOR,
  ),
  await: names('BATCHES_TABLE'),
  poll: names(
    'JOBS_TABLE',
    'BATCHES_TABLE',
    'DATA_BUCKET',
    'POLL_INTERVAL_SECONDS',
    'BACKOFF_MAX_SECONDS',
    'BATCH_DEADLINE_SECONDS',
    'LEAD_DATA_EXPIRY_DAYS',
    'CACHE_TABLE',
    'CACHE_TTL_DAYS',
    ...ANY_VENDOR,
  ),
  reprocess: names('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'CACHE_TABLE', 'CACHE_TTL_DAYS', ...ANY_VENDOR),
  batchFailed: names('JOBS_TABLE', 'BATCHES_TABLE', 'LEAD_DATA_EXPIRY_DAYS', ...ANY_VENDOR),
  merge: names('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'EVENT_BUS_NAME', ...ADAPTER_ENV.leadspaceBacklog),
  callback: names('BATCHES_TABLE', 'CALLBACK_SIGNING_SECRET_ID'),
  api: names(
    'JOBS_TABLE',
    'DATA_BUCKET',
    'STATE_MACHINE_ARN',
    'ESTIMATE_FUNCTION_NAME',
    'LEAD_DATA_EXPIRY_DAYS',
    'MAX_INPUT_BYTES',
    'OPERATOR_API_KEY_ID',
    // GET /tokens describes these secrets (their dates), never reads them
    'LEADSPACE_SECRET_ID',
    'LEADGENIUS_SECRET_ID',
    'AGGKNOWLEDGE_SECRET_ID',
  ),
  estimate: names(
    'DATA_BUCKET',
    'CACHE_TABLE',
    'CACHE_TTL_DAYS',
    'MAX_INPUT_BYTES',
    'MAX_INPUT_ROWS',
    'LEADGENIUS_OBJECTS_PER_HOUR',
    'AGGKNOWLEDGE_TIER3_PER_MINUTE',
    'AGGKNOWLEDGE_ENVIRONMENT',
    'LEADSPACE_BACKLOG_LEADS',
  ),
  ingest: names('JOBS_TABLE', 'DATA_BUCKET', 'STATE_MACHINE_ARN', 'LEAD_DATA_EXPIRY_DAYS'),
  webhook: names('JOBS_TABLE', 'WEBHOOK_SIGNING_SECRET_ID', 'LEAD_DATA_EXPIRY_DAYS'),
};

export type FunctionName = keyof typeof FUNCTION_ENV;

/** A function's variables, each once (adapters share some). */
export function environmentNames(fn: FunctionName): Name[] {
  return [...new Set<Name>(FUNCTION_ENV[fn])];
}
