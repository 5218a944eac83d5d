import { z } from 'zod';

/**
 * Handler configuration comes from environment variables set by the CDK stack (or the local runtime).
 * Only names and ARNs live here: secret values are read from Secrets Manager at run time.
 */
const EnvSchema = z.object({
  JOBS_TABLE: z.string().min(1),
  BATCHES_TABLE: z.string().min(1),
  DATA_BUCKET: z.string().min(1),
  LEADSPACE_SECRET_ID: z.string().min(1),
  CALLBACK_SIGNING_SECRET_ID: z.string().min(1),
  CALLBACK_BASE_URL: z.url(),
  LEADSPACE_BASE_URL: z.url().default('https://apigw.leadspace.com'),
  LEADGENIUS_SECRET_ID: z.string().min(1),
  LEADGENIUS_BASE_URL: z.url().default('https://api.leadgenius.com'),
  /** the contract's limits per API key; the defaults are the documented ones */
  LEADGENIUS_OBJECTS_PER_HOUR: z.coerce.number().int().min(1).default(5_000),
  LEADGENIUS_STATUS_PER_MINUTE: z.coerce.number().int().min(1).default(1),
  LEADGENIUS_STATUS_PER_HOUR: z.coerce.number().int().min(1).default(60),
  AGGKNOWLEDGE_SECRET_ID: z.string().min(1),
  AGGKNOWLEDGE_BASE_URL: z.url(),
  AGGKNOWLEDGE_ENVIRONMENT: z.enum(['live', 'test']).default('live'),
  /** requests a minute per key: Tier 3 (bulk enrich) and Tier 4 (every read), rates the document does not give */
  AGGKNOWLEDGE_TIER3_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  AGGKNOWLEDGE_TIER4_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** HeroBase credentials `{ username, password, baseUrl }` (one subdomain per customer: the URL is in the secret) */
  HEROBASE_SECRET_ID: z.string().min(1),
  /** HeroBase's fair-use limit per user and minute (not published: set what your account allows) */
  HEROBASE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** vendor answers across jobs (lambdas/aws/vendorCache.ts) */
  CACHE_TABLE: z.string().min(1),
  CACHE_TTL_DAYS: z.coerce.number().int().min(1).default(14),
  /** shared vendor rate limits (lambdas/aws/vendorRateLimiter.ts) */
  LIMITS_TABLE: z.string().min(1),
  /** Leadspace leads in flight across all jobs of one account (lambdas/aws/leadspaceBacklog.ts) */
  LEADSPACE_BACKLOG_LEADS: z.coerce.number().int().min(500).default(100_000),
  /** a job's input, bounded (lambdas/handlers/prepare.ts) */
  MAX_INPUT_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1_024 * 1_048_576),
  MAX_INPUT_ROWS: z.coerce.number().int().min(1).default(2_000_000),
  VENDOR_LIMIT_MARGIN_MS: z.coerce.number().int().min(0).default(2_000),
  POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).default(900),
  BATCH_DEADLINE_SECONDS: z.coerce.number().int().min(1).default(21_600),
  /** how long an uncertain submission waits for the vendor's callback before sending again (docs/vendors.md) */
  UNCERTAIN_SUBMIT_GRACE_SECONDS: z.coerce.number().int().min(0).default(3_600),
  /** one HTTP attempt to a vendor gives up after this long */
  VENDOR_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1).default(30_000),
  LEAD_DATA_EXPIRY_DAYS: z.coerce.number().int().min(1).default(14),
  STATE_MACHINE_ARN: z.string().min(1),
  /** the id of the job API's operator key, which sees every job (lambdas/api/caller.ts) */
  OPERATOR_API_KEY_ID: z.string().min(1),
  /** absent: no completion events (the local CLI without a bus) */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  WEBHOOK_SIGNING_SECRET_ID: z.string().min(1),
});

export type HandlerConfig = z.infer<typeof EnvSchema>;
type ConfigKey = keyof HandlerConfig;

/** Reads only the variables a handler needs, so each function can be given the least configuration. */
export function config<K extends ConfigKey>(...keys: K[]): Pick<HandlerConfig, K> {
  const result: Partial<HandlerConfig> = {};
  const bad: string[] = [];
  for (const key of keys) {
    const parsed = EnvSchema.shape[key].safeParse(process.env[key]);
    if (parsed.success) Object.assign(result, { [key]: parsed.data });
    else bad.push(key);
  }
  if (bad.length > 0) {
    throw new Error(`Leadflow is misconfigured: environment variable(s) ${bad.join(', ')} missing or invalid`);
  }
  return result as Pick<HandlerConfig, K>;
}
