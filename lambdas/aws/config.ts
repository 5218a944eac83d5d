import * as z from 'zod';
import { type Setting, type SettingEnvValues, settingEntries } from '../core/settings';

/**
 * Handler configuration comes from environment variables set by the CDK stack (or the local runtime). Settings
 * (limits, intervals, vendor URLs) are defined once in lambdas/core/settings.ts, with the same defaults and bounds
 * as the CDK context; the rest here names the deployment's resources. Only names and ARNs: secret values are read
 * from Secrets Manager at run time.
 */
const ResourceSchema = z.object({
  JOBS_TABLE: z.string().min(1),
  BATCHES_TABLE: z.string().min(1),
  DATA_BUCKET: z.string().min(1),
  LEADSPACE_SECRET_ID: z.string().min(1),
  CALLBACK_SIGNING_SECRET_ID: z.string().min(1),
  CALLBACK_BASE_URL: z.url(),
  LEADGENIUS_SECRET_ID: z.string().min(1),
  AGGKNOWLEDGE_SECRET_ID: z.string().min(1),
  /** HeroBase credentials `{ username, password, baseUrl }` (one subdomain per customer: the URL is in the secret) */
  HEROBASE_SECRET_ID: z.string().min(1),
  /** vendor answers across jobs (lambdas/aws/vendorCache.ts) */
  CACHE_TABLE: z.string().min(1),
  /** shared vendor rate limits (lambdas/aws/vendorRateLimiter.ts) */
  LIMITS_TABLE: z.string().min(1),
  STATE_MACHINE_ARN: z.string().min(1),
  /** the estimate function the job API invokes for POST /jobs?dryRun=true */
  ESTIMATE_FUNCTION_NAME: z.string().min(1),
  /** the id of the job API's operator key, which sees every job (lambdas/api/caller.ts) */
  OPERATOR_API_KEY_ID: z.string().min(1),
  /** absent: no completion events (the local CLI without a bus) */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  WEBHOOK_SIGNING_SECRET_ID: z.string().min(1),
});

/** A setting as its environment variable carries it: the same default and bounds, in the handler's unit. */
function envSchema(setting: Setting): z.ZodType {
  switch (setting.kind) {
    case 'whole': {
      const scale = setting.envScale ?? 1;
      return z.coerce
        .number()
        .int()
        .min(setting.min * scale)
        .max(setting.max * scale)
        .default(setting.default * scale);
    }
    // Any URL: locally the vendors are simulators on loopback; the stack only deploys https:// (lib/config.ts).
    case 'httpsUrl':
      return z.url().default(setting.default);
    case 'choice':
      return z.enum(setting.choices as [string, ...string[]]).default(setting.default);
    default:
      throw new Error(`a ${setting.kind} setting has no environment variable`);
  }
}

const SCHEMAS: Record<string, z.ZodType> = {
  ...ResourceSchema.shape,
  ...Object.fromEntries(settingEntries.flatMap(([, setting]) => ('env' in setting && setting.env ? [[setting.env, envSchema(setting)]] : []))),
};

export type HandlerConfig = z.infer<typeof ResourceSchema> & SettingEnvValues;
type ConfigKey = keyof HandlerConfig;

/**
 * Reads only the variables a handler needs, so each function can be given the least configuration. Handlers call
 * it once per container (lambdas/aws/wiring), not per invocation.
 */
export function config<K extends ConfigKey>(...keys: K[]): Pick<HandlerConfig, K> {
  const result: Partial<HandlerConfig> = {};
  const bad: string[] = [];
  for (const key of keys) {
    const parsed = SCHEMAS[key]!.safeParse(process.env[key]);
    if (parsed.success) Object.assign(result, { [key]: parsed.data });
    else bad.push(key);
  }
  if (bad.length > 0) {
    throw new Error(`Leadflow is misconfigured: environment variable(s) ${bad.join(', ')} missing or invalid`);
  }
  return result as Pick<HandlerConfig, K>;
}
