/**
 * Every deployment setting of Leadflow, once: its type, default and bounds, and the environment variable that
 * carries it to the handlers that read it. CDK context reads this table (lib/config.ts), so do the handlers'
 * environment (lambdas/aws/config.ts) and the local runtime, which synthesizes the same stack with other values
 * (local/stateMachine/localDeployment.ts). README "Configuration" lists them for users; a test holds it to this.
 */

/** A whole number from `min` to `max`; in the environment (when `env` is set) as the value × `envScale`. */
interface WholeSetting {
  readonly kind: 'whole';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly env?: string;
  /** handlers take a finer unit than people configure (MiB → bytes, seconds → milliseconds) */
  readonly envScale?: number;
}

/** An https:// URL. Handlers accept any URL: the local runtime points them at simulators on loopback. */
interface HttpsUrlSetting {
  readonly kind: 'httpsUrl';
  readonly default: string;
  readonly env: string;
}

interface ChoiceSetting {
  readonly kind: 'choice';
  readonly choices: readonly string[];
  readonly default: string;
  readonly env: string;
}

interface FlagSetting {
  readonly kind: 'flag';
  readonly default: boolean;
}

/** Team names: a list in cdk.json, comma-separated with `-c`. */
interface NamesSetting {
  readonly kind: 'names';
  readonly default: readonly string[];
}

/** Unset unless given. */
interface EmailSetting {
  readonly kind: 'email';
}

export type Setting = WholeSetting | HttpsUrlSetting | ChoiceSetting | FlagSetting | NamesSetting | EmailSetting;

/** Leadspace's backlog limit (100,000 leads) divided by its batch limit (500 records). */
const MAX_CONCURRENT_BATCHES = 200;

export const SETTINGS = {
  /**
   * How many batches of one job may be with a vendor at once (the distributed Map's MaxConcurrency). Leadspace's
   * backlog is held across all jobs by leadspaceBacklogLeads; 200 batches of 500 fill it alone.
   */
  maxConcurrentBatches: { kind: 'whole', default: 50, min: 1, max: MAX_CONCURRENT_BATCHES },
  /**
   * Leadspace leads in flight at once across every running job of the account: Leadspace keeps at most 100,000
   * leads in its backlog. A batch that finds no room waits for one to be collected. At least one full batch (500
   * records) must fit, and more than the vendor keeps would only earn refusals.
   */
  leadspaceBacklogLeads: { kind: 'whole', default: 100_000, min: 500, max: 100_000, env: 'LEADSPACE_BACKLOG_LEADS' },
  /** Most bytes a job's input may hold once decompressed, in MiB: a small gzip can expand to gigabytes. */
  maxInputMegabytes: { kind: 'whole', default: 1_024, min: 1, max: 102_400, env: 'MAX_INPUT_BYTES', envScale: 1_048_576 },
  /** Most data rows a job's input may hold. */
  maxInputRows: { kind: 'whole', default: 2_000_000, min: 1, max: 100_000_000, env: 'MAX_INPUT_ROWS' },
  /**
   * The first pause before polling a vendor that does not call back, and the start of the backoff (Leadspace, which
   * calls back, is awaited for awaitCallbackSeconds instead). A day is already far beyond any sensible interval.
   */
  pollIntervalSeconds: { kind: 'whole', default: 60, min: 1, max: 86_400, env: 'POLL_INTERVAL_SECONDS' },
  /**
   * How long Await waits for the callback of a vendor that calls back (Leadspace) before it polls: the callback is
   * the normal path, a poll the fallback for one that got lost. Longer than the vendor's usual processing time, so
   * that a batch costs one wait instead of a poll round every poll interval (docs/cost.md); a lost callback costs
   * this much delay per look. Step Functions bills the wait nothing.
   */
  awaitCallbackSeconds: { kind: 'whole', default: 900, min: 1, max: 86_400 },
  /** Longest pause between two polls of the same batch. */
  backoffMaxSeconds: { kind: 'whole', default: 900, min: 1, max: 86_400, env: 'BACKOFF_MAX_SECONDS' },
  /**
   * A batch the vendor has not finished after this long is given up and its rows marked failed. A batch still
   * unanswered after a day is a vendor problem to report, not to wait out.
   */
  batchDeadlineSeconds: { kind: 'whole', default: 21_600, min: 1, max: 86_400, env: 'BATCH_DEADLINE_SECONDS' },
  /**
   * A submission that ended without knowing whether the vendor accepted it (a 5XX or a timeout after the request
   * left) is not sent again at once: Leadflow waits this long for the vendor's callback naming the bulk, and adopts
   * it. Only when none comes is the round sent again, which can buy it twice if the vendor did accept it and calls
   * back later than this (docs/vendors.md, "At most once"). Longer is safer and slower after such a fault.
   */
  uncertainSubmitGraceSeconds: { kind: 'whole', default: 3_600, min: 0, max: 86_400, env: 'UNCERTAIN_SUBMIT_GRACE_SECONDS' },
  /**
   * How long one HTTP request to a vendor may take before it is abandoned (a submission abandoned this way is
   * uncertain, see uncertainSubmitGraceSeconds). At most 30: polling and token calls make up to 4 attempts, and
   * must end within Submit's and Poll's 150 s (lib/workflow.ts).
   */
  vendorRequestTimeoutSeconds: { kind: 'whole', default: 30, min: 1, max: 30, env: 'VENDOR_REQUEST_TIMEOUT_MS', envScale: 1_000 },
  /**
   * A job execution still running after this long is stopped; what it has is merged and the job ends FAILED.
   * Rate-limited vendors set the pace of big jobs (LeadGenius: 5,000 objects an hour per key, across all jobs).
   * Standard workflows run for up to a year; a job must also end before its lead data expires (lib/config.ts).
   */
  executionTimeoutHours: { kind: 'whole', default: 72, min: 1, max: 8_760 },
  /** Days after which lead data (inputs, batches, results, outputs) and job records expire. S3 lifecycle rules and DynamoDB TTL count in whole days. */
  leadDataExpiryDays: { kind: 'whole', default: 14, min: 1, max: 3_650, env: 'LEAD_DATA_EXPIRY_DAYS' },
  /** Where alarm notifications go; unset, the alarms still publish to the topic. */
  alarmEmail: { kind: 'email' },
  leadspaceBaseUrl: { kind: 'httpsUrl', default: 'https://apigw.leadspace.com', env: 'LEADSPACE_BASE_URL' },
  leadGeniusBaseUrl: { kind: 'httpsUrl', default: 'https://api.leadgenius.com', env: 'LEADGENIUS_BASE_URL' },
  /** LeadGenius limits of your contract, per API key, held across all jobs by a shared limiter; the defaults are the documented ones. */
  leadGeniusObjectsPerHour: { kind: 'whole', default: 5_000, min: 1, max: 1_000_000, env: 'LEADGENIUS_OBJECTS_PER_HOUR' },
  leadGeniusStatusPerMinute: { kind: 'whole', default: 1, min: 1, max: 10_000, env: 'LEADGENIUS_STATUS_PER_MINUTE' },
  leadGeniusStatusPerHour: { kind: 'whole', default: 60, min: 1, max: 600_000, env: 'LEADGENIUS_STATUS_PER_HOUR' },
  /**
   * Milliseconds every shared rate-limit window is widened by, for the time between a grant and the vendor
   * counting the call (network, clock skew). Larger is safer and slower.
   */
  vendorLimitMarginMs: { kind: 'whole', default: 2_000, min: 0, max: 600_000, env: 'VENDOR_LIMIT_MARGIN_MS' },
  /**
   * HeroBase's fair-use limit per API user and minute (HeroBase does not publish it: set what your account allows).
   * Exports are paced to it across all jobs.
   */
  heroBaseRequestsPerMinute: { kind: 'whole', default: 60, min: 1, max: 100_000, env: 'HEROBASE_REQUESTS_PER_MINUTE' },
  /** The vendor's document names no base URL: set the one your contract gives. */
  aggKnowledgeBaseUrl: { kind: 'httpsUrl', default: 'https://api.aggknowledge.com', env: 'AGGKNOWLEDGE_BASE_URL' },
  /** AggKnowledge `environment` path segment: `live` (billed) or `test` (the vendor's sandbox). */
  aggKnowledgeEnvironment: { kind: 'choice', choices: ['live', 'test'], default: 'live', env: 'AGGKNOWLEDGE_ENVIRONMENT' },
  /**
   * AggKnowledge requests a minute per API key, held across all jobs: Tier 3 (bulk enrich) and Tier 4 (batch status,
   * item pages, batch listing). The document names the tiers but not their rates: set what your contract says.
   */
  aggKnowledgeTier3PerMinute: { kind: 'whole', default: 60, min: 1, max: 100_000, env: 'AGGKNOWLEDGE_TIER3_PER_MINUTE' },
  aggKnowledgeTier4PerMinute: { kind: 'whole', default: 300, min: 1, max: 100_000, env: 'AGGKNOWLEDGE_TIER4_PER_MINUTE' },
  /**
   * Days a vendor answer is reused across jobs before the vendor is asked (and paid) again. At most
   * leadDataExpiryDays: the answers are lead data, and leave with it.
   */
  cacheTtlDays: { kind: 'whole', default: 14, min: 1, max: 365, env: 'CACHE_TTL_DAYS' },
  /** Job API requests per second per API key (usage plan throttle); API Gateway's account default is 10,000. */
  apiRateLimit: { kind: 'whole', default: 10, min: 1, max: 10_000 },
  /** Job API burst per API key above the steady rate. */
  apiBurstLimit: { kind: 'whole', default: 20, min: 1, max: 5_000 },
  /** Job API requests per API key per month. */
  apiMonthlyQuota: { kind: 'whole', default: 100_000, min: 1, max: 1_000_000_000 },
  /**
   * Names of teams that get a job API key of their own (`-c teamApiKeys=sales,marketing`): a team's key lists,
   * reads, downloads and cancels only the jobs it created. The stack's own key (the ApiKeyId output) is the
   * operator's and sees every job, drop-folder jobs included.
   */
  teamApiKeys: { kind: 'names', default: [] },
  /**
   * Puts an AWS WAF web ACL in front of the public REST API (`-c waf=true`): AWS managed rule groups and per-IP
   * rate limits on the job routes and the callback route (see lib/waf.ts). It is billed per month and per request,
   * so it is the operator's choice (README, "Security").
   */
  waf: { kind: 'flag', default: false },
  /**
   * With `waf`: requests one client IP may send to the job routes (every path but the callbacks) in any 5 minutes
   * before the WAF answers 429. 2,000 is 6.7 a second held for 5 minutes: far above what a client needs (one
   * request per job, then status polls and downloads), yet below the 3,000 the usage plan alone would let a key
   * send. Raise it when several clients share one address (a NAT). The bounds are AWS WAF's own.
   */
  wafRateLimit: { kind: 'whole', default: 2_000, min: 10, max: 2_000_000_000 },
  /**
   * With `waf`: requests one client IP may send to the callback route in any 5 minutes; a budget apart from the
   * job routes', so neither can use up the other. Leadspace calls back once per bulk, and at most 200 of its bulks
   * are in flight (leadspaceBacklogLeads / 500), well under it. LeadGenius posts one webhook per e-mail found when
   * a bulk finishes, so one bulk of up to 5,000 objects can send thousands at once; those past the limit are
   * refused, and that costs nothing: LeadGenius batches are polled on their schedule whatever the webhooks say,
   * and adopting a lost acceptance needs only one webhook naming the bulk, which the first 1,000 do
   * (docs/vendors.md, "At most once").
   */
  wafCallbackRateLimit: { kind: 'whole', default: 1_000, min: 10, max: 2_000_000_000 },
} as const satisfies Record<string, Setting>;

export type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;

type ValueOf<S> = S extends WholeSetting
  ? number
  : S extends HttpsUrlSetting
    ? string
    : S extends { kind: 'choice'; choices: readonly (infer C)[] }
      ? C
      : S extends FlagSetting
        ? boolean
        : S extends NamesSetting
          ? readonly string[]
          : string;

type Values = { readonly [K in SettingName]: ValueOf<Settings[K]> };
type OptionalName = { [K in SettingName]: Settings[K] extends EmailSetting ? K : never }[SettingName];

/** The value of every setting, as CDK context gives them (lib/config.ts); an e-mail setting may be unset. */
export type SettingValues = Omit<Values, OptionalName> & Partial<Pick<Values, OptionalName>>;

/** The settings a handler reads, by environment variable name. */
export type SettingEnvName = { [K in SettingName]: Settings[K] extends { env: infer E extends string } ? E : never }[SettingName];

/** Environment variable → its value's type in the handler (after envScale). */
export type SettingEnvValues = {
  [K in SettingName as Settings[K] extends { env: infer E extends string } ? E : never]: ValueOf<Settings[K]>;
};

/** Every setting as [name, definition]. */
export const settingEntries = Object.entries(SETTINGS) as [SettingName, Setting][];

/**
 * The environment variables that carry the named settings to a function, from the values the deployment was
 * configured with (in the handler's unit: see envScale).
 */
export function settingsEnvironment<E extends SettingEnvName>(values: SettingValues, ...names: E[]): Record<E, string> {
  const env: Record<string, string> = {};
  for (const [name, setting] of settingEntries) {
    if (!('env' in setting) || setting.env === undefined || !names.includes(setting.env as E)) continue;
    const value = values[name];
    env[setting.env] = setting.kind === 'whole' ? String((value as number) * (setting.envScale ?? 1)) : String(value);
  }
  return env as Record<E, string>;
}

/** Every setting a handler reads, by environment variable. */
export const SETTING_ENV_NAMES = settingEntries.flatMap(([, setting]) => ('env' in setting && setting.env ? [setting.env] : [])) as SettingEnvName[];
