import type { Node } from 'constructs';

/**
 * Deployment settings of one Leadflow stack. Every value can be set with `cdk synth -c name=value` (or in
 * cdk.json); the defaults suit a production account.
 */
export interface LeadflowConfig {
  /**
   * How many batches of one job may be with a vendor at once (the distributed Map's MaxConcurrency). Leadspace's
   * backlog is held across all jobs by leadspaceBacklogLeads; 200 batches of 500 fill it alone.
   * @default 50
   */
  readonly maxConcurrentBatches: number;
  /**
   * Leadspace leads in flight at once across every running job of the account: Leadspace keeps at most 100,000
   * leads in its backlog. A batch that finds no room waits for one to be collected.
   * @default 100000
   */
  readonly leadspaceBacklogLeads: number;
  /**
   * Most bytes a job's input may hold once decompressed, in MiB: a small gzip can expand to gigabytes.
   * @default 1024
   */
  readonly maxInputMegabytes: number;
  /**
   * Most data rows a job's input may hold.
   * @default 2000000
   */
  readonly maxInputRows: number;
  /**
   * How long Await waits for a vendor callback before polling instead (the task's TimeoutSeconds).
   * @default 60
   */
  readonly pollIntervalSeconds: number;
  /**
   * Longest pause between two polls of the same batch.
   * @default 900
   */
  readonly backoffMaxSeconds: number;
  /**
   * A batch the vendor has not finished after this long is given up and its rows marked failed.
   * @default 21600 (6 hours)
   */
  readonly batchDeadlineSeconds: number;
  /**
   * A submission that ended without knowing whether the vendor accepted it (a 5XX or a timeout after the request
   * left) is not sent again at once: Leadflow waits this long for the vendor's callback naming the bulk, and adopts
   * it. Only when none comes is the round sent again, which can buy it twice if the vendor did accept it and calls
   * back later than this (docs/vendors.md, "At most once"). Longer is safer and slower after such a fault.
   * @default 3600
   */
  readonly uncertainSubmitGraceSeconds: number;
  /**
   * How long one HTTP request to a vendor may take before it is abandoned (a submission abandoned this way is
   * uncertain, see uncertainSubmitGraceSeconds). At most 30: reads are retried up to 4 times inside one Lambda call.
   * @default 30
   */
  readonly vendorRequestTimeoutSeconds: number;
  /**
   * A job execution still running after this long is stopped; what it has is merged and the job ends FAILED.
   * Rate-limited vendors set the pace of big jobs (LeadGenius: 5,000 objects an hour per key, across all jobs).
   * @default 72
   */
  readonly executionTimeoutHours: number;
  /**
   * Days after which lead data (inputs, batches, results, outputs) and job records expire.
   * @default 14
   */
  readonly leadDataExpiryDays: number;
  /**
   * Where alarm notifications go.
   * @default - no subscription: alarms still publish to the topic
   */
  readonly alarmEmail?: string;
  /**
   * Leadspace API base URL (HTTPS).
   * @default 'https://apigw.leadspace.com'
   */
  readonly leadspaceBaseUrl: string;
  /**
   * LeadGenius API base URL (HTTPS).
   * @default 'https://api.leadgenius.com'
   */
  readonly leadGeniusBaseUrl: string;
  /**
   * LeadGenius limits of your contract, per API key, held across all jobs by a shared limiter.
   * @default 5000 objects an hour, 1 status call a minute and 60 an hour (the documented limits)
   */
  readonly leadGeniusObjectsPerHour: number;
  readonly leadGeniusStatusPerMinute: number;
  readonly leadGeniusStatusPerHour: number;
  /**
   * Milliseconds every shared rate-limit window is widened by, for the time between a grant and the vendor
   * counting the call (network, clock skew). Larger is safer and slower.
   * @default 2000
   */
  readonly vendorLimitMarginMs: number;
  /**
   * HeroBase's fair-use limit per API user and minute (HeroBase does not publish it: set what your account allows).
   * Exports are paced to it across all jobs.
   * @default 60
   */
  readonly heroBaseRequestsPerMinute: number;
  /**
   * AggKnowledge API base URL (HTTPS). The vendor's document names none: set the one your contract gives.
   * @default 'https://api.aggknowledge.com'
   */
  readonly aggKnowledgeBaseUrl: string;
  /**
   * AggKnowledge `environment` path segment: `live` (billed) or `test` (the vendor's sandbox).
   * @default 'live'
   */
  readonly aggKnowledgeEnvironment: 'live' | 'test';
  /**
   * AggKnowledge requests a minute per API key, held across all jobs: Tier 3 (bulk enrich) and Tier 4 (batch status,
   * item pages, batch listing). The document names the tiers but not their rates: set what your contract says.
   * @default 60 and 300
   */
  readonly aggKnowledgeTier3PerMinute: number;
  readonly aggKnowledgeTier4PerMinute: number;
  /**
   * Days a vendor answer is reused across jobs before the vendor is asked (and paid) again. At most
   * leadDataExpiryDays: the answers are lead data, and leave with it.
   * @default 14
   */
  readonly cacheTtlDays: number;
  /**
   * Job API requests per second per API key (usage plan throttle).
   * @default 10
   */
  readonly apiRateLimit: number;
  /**
   * Job API burst per API key above the steady rate.
   * @default 20
   */
  readonly apiBurstLimit: number;
  /**
   * Job API requests per API key per month.
   * @default 100000
   */
  readonly apiMonthlyQuota: number;
  /**
   * Names of teams that get a job API key of their own (`-c teamApiKeys=sales,marketing`): a team's key lists,
   * reads, downloads and cancels only the jobs it created. The stack's own key (the ApiKeyId output) is the
   * operator's and sees every job, drop-folder jobs included.
   * @default [] (the operator's key only)
   */
  readonly teamApiKeys: readonly string[];
  /**
   * Puts an AWS WAF web ACL in front of the public REST API (`-c waf=true`): AWS managed rule groups and per-IP
   * rate limits on the job routes and the callback route (see lib/waf.ts). It is billed per month and per request,
   * so it is the operator's choice (README, "Security").
   * @default false
   */
  readonly waf: boolean;
  /**
   * With `waf`: requests one client IP may send to the job routes (every path but the callbacks) in any 5 minutes
   * before the WAF answers 429. 2,000 is 6.7 a second held for 5 minutes: far above what a client needs (one
   * request per job, then status polls and downloads), yet below the 3,000 the usage plan alone would let a key
   * send. Raise it when several clients share one address (a NAT).
   * @default 2000
   */
  readonly wafRateLimit: number;
  /**
   * With `waf`: requests one client IP may send to the callback route in any 5 minutes; a budget apart from the
   * job routes', so neither can use up the other. Leadspace calls back once per bulk, and at most 200 of its bulks
   * are in flight (leadspaceBacklogLeads / 500), well under it. LeadGenius posts one webhook per e-mail found when
   * a bulk finishes, so one bulk of up to 5,000 objects can send thousands at once; those past the limit are
   * refused, and that costs nothing: LeadGenius batches are polled on their schedule whatever the webhooks say,
   * and adopting a lost acceptance needs only one webhook naming the bulk, which the first 1,000 do
   * (docs/vendors.md, "At most once").
   * @default 1000
   */
  readonly wafCallbackRateLimit: number;
}

export const DEFAULT_CONFIG: LeadflowConfig = {
  maxConcurrentBatches: 50,
  pollIntervalSeconds: 60,
  backoffMaxSeconds: 900,
  batchDeadlineSeconds: 21_600,
  uncertainSubmitGraceSeconds: 3_600,
  leadspaceBacklogLeads: 100_000,
  maxInputMegabytes: 1_024,
  maxInputRows: 2_000_000,
  vendorRequestTimeoutSeconds: 30,
  executionTimeoutHours: 72,
  leadDataExpiryDays: 14,
  leadspaceBaseUrl: 'https://apigw.leadspace.com',
  leadGeniusBaseUrl: 'https://api.leadgenius.com',
  leadGeniusObjectsPerHour: 5_000,
  leadGeniusStatusPerMinute: 1,
  leadGeniusStatusPerHour: 60,
  vendorLimitMarginMs: 2_000,
  heroBaseRequestsPerMinute: 60,
  aggKnowledgeBaseUrl: 'https://api.aggknowledge.com',
  aggKnowledgeEnvironment: 'live',
  aggKnowledgeTier3PerMinute: 60,
  aggKnowledgeTier4PerMinute: 300,
  cacheTtlDays: 14,
  apiRateLimit: 10,
  apiBurstLimit: 20,
  apiMonthlyQuota: 100_000,
  teamApiKeys: [],
  waf: false,
  wafRateLimit: 2_000,
  wafCallbackRateLimit: 1_000,
};

/** Leadspace's backlog limit (100,000 leads) divided by its batch limit (500 records). */
export const MAX_CONCURRENT_BATCHES = 200;

type NumericKey = {
  [K in keyof LeadflowConfig]-?: LeadflowConfig[K] extends number ? K : never;
}[keyof LeadflowConfig];

type BooleanKey = {
  [K in keyof LeadflowConfig]-?: LeadflowConfig[K] extends boolean ? K : never;
}[keyof LeadflowConfig];

/** Whole-number bounds of each numeric setting (inclusive). */
const NUMERIC_BOUNDS: Record<NumericKey, { min: number; max: number }> = {
  maxConcurrentBatches: { min: 1, max: MAX_CONCURRENT_BATCHES },
  // Step Functions accepts task timeouts up to a year; a day is already far beyond any sensible poll interval.
  pollIntervalSeconds: { min: 1, max: 86_400 },
  backoffMaxSeconds: { min: 1, max: 86_400 },
  // A batch still unanswered after a day is a vendor problem to report, not to wait out.
  batchDeadlineSeconds: { min: 1, max: 86_400 },
  uncertainSubmitGraceSeconds: { min: 0, max: 86_400 },
  // At least one full batch (500 records) must fit, and more than the vendor keeps would only earn refusals.
  leadspaceBacklogLeads: { min: 500, max: 100_000 },
  maxInputMegabytes: { min: 1, max: 102_400 },
  maxInputRows: { min: 1, max: 100_000_000 },
  // Polling and token calls make up to 4 attempts, and must end within Submit's and Poll's 150 s (lib/workflow.ts).
  vendorRequestTimeoutSeconds: { min: 1, max: 30 },
  // Standard workflows run for up to a year (and a job must also end before its lead data expires: see below).
  executionTimeoutHours: { min: 1, max: 8_760 },
  // S3 lifecycle rules and DynamoDB TTL both count in whole days.
  leadDataExpiryDays: { min: 1, max: 3_650 },
  leadGeniusObjectsPerHour: { min: 1, max: 1_000_000 },
  leadGeniusStatusPerMinute: { min: 1, max: 10_000 },
  leadGeniusStatusPerHour: { min: 1, max: 600_000 },
  vendorLimitMarginMs: { min: 0, max: 600_000 },
  heroBaseRequestsPerMinute: { min: 1, max: 100_000 },
  aggKnowledgeTier3PerMinute: { min: 1, max: 100_000 },
  aggKnowledgeTier4PerMinute: { min: 1, max: 100_000 },
  cacheTtlDays: { min: 1, max: 365 },
  // API Gateway's account-level default is 10,000 requests per second; a per-key limit above it means nothing.
  apiRateLimit: { min: 1, max: 10_000 },
  apiBurstLimit: { min: 1, max: 5_000 },
  apiMonthlyQuota: { min: 1, max: 1_000_000_000 },
  // AWS WAF's own bounds for a rate-based rule's limit.
  wafRateLimit: { min: 10, max: 2_000_000_000 },
  wafCallbackRateLimit: { min: 10, max: 2_000_000_000 },
};

/** Throws one error listing every invalid setting, so a bad deployment fails before anything is built. */
export function validateConfig(config: LeadflowConfig): LeadflowConfig {
  return failOnProblems(configProblems(config), config);
}

function configProblems(config: LeadflowConfig): string[] {
  const problems: string[] = [];
  for (const [key, { min, max }] of Object.entries(NUMERIC_BOUNDS) as [NumericKey, { min: number; max: number }][]) {
    const value = config[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}, got ${String(value)}`);
    }
  }
  for (const key of ['leadspaceBaseUrl', 'leadGeniusBaseUrl', 'aggKnowledgeBaseUrl'] as const) {
    if (!isHttpsUrl(config[key])) problems.push(`${key} must be an https:// URL, got ${JSON.stringify(config[key])}`);
  }
  if (config.aggKnowledgeEnvironment !== 'live' && config.aggKnowledgeEnvironment !== 'test') {
    problems.push(`aggKnowledgeEnvironment must be "live" or "test", got ${JSON.stringify(config.aggKnowledgeEnvironment)}`);
  }
  if (config.cacheTtlDays > config.leadDataExpiryDays) {
    problems.push('cacheTtlDays must not exceed leadDataExpiryDays: cached vendor answers are lead data and must leave when the lead data does');
  }
  if (config.executionTimeoutHours > config.leadDataExpiryDays * 24) {
    problems.push('executionTimeoutHours must not exceed leadDataExpiryDays × 24: a job would outlive its own lead data');
  }
  for (const name of config.teamApiKeys) {
    // The name becomes part of a CloudFormation output's logical id: letters and digits only.
    if (!/^[A-Za-z][A-Za-z0-9]{0,31}$/.test(name))
      problems.push(`teamApiKeys: each name must be a letter then up to 31 letters or digits, got ${JSON.stringify(name)}`);
  }
  if (new Set(config.teamApiKeys.map((n) => n.toLowerCase())).size !== config.teamApiKeys.length) {
    problems.push('teamApiKeys: each team name may appear once');
  }
  if (typeof config.waf !== 'boolean') problems.push(`waf must be true or false, got ${JSON.stringify(config.waf)}`);
  if (config.alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(config.alarmEmail)) {
    problems.push(`alarmEmail must be an email address, got ${JSON.stringify(config.alarmEmail)}`);
  }
  return problems;
}

function failOnProblems(problems: string[], config: LeadflowConfig): LeadflowConfig {
  if (problems.length > 0) {
    throw new Error(`Invalid Leadflow configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/**
 * Reads the configuration from CDK context keys named like the settings. Values given with `-c` arrive as
 * strings, so numbers are parsed here; anything unparsable is reported by {@link validateConfig}.
 */
export function configFromContext(node: Node): LeadflowConfig {
  const unparsable: string[] = [];
  const numberAt = (key: NumericKey): number => {
    const raw: unknown = node.tryGetContext(key);
    if (raw === undefined || raw === null || raw === '') return DEFAULT_CONFIG[key];
    if (typeof raw === 'number') return raw;
    // Number(' ') is 0 and Number('1e2') is 100: accept plain decimal integers only.
    if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
    unparsable.push(`${key} must be a whole number, got ${JSON.stringify(raw)}`);
    return DEFAULT_CONFIG[key];
  };
  // `-c waf=true` arrives as the string 'true'; cdk.json may hold a real boolean. Anything else is refused rather
  // than read as false: a typo must not deploy the API without the firewall the operator asked for.
  const booleanAt = (key: BooleanKey): boolean => {
    const raw: unknown = node.tryGetContext(key);
    if (raw === undefined || raw === null || raw === '') return DEFAULT_CONFIG[key];
    if (typeof raw === 'boolean') return raw;
    if (typeof raw === 'string' && /^\s*(true|false)\s*$/i.test(raw)) return raw.trim().toLowerCase() === 'true';
    unparsable.push(`${key} must be true or false, got ${JSON.stringify(raw)}`);
    return DEFAULT_CONFIG[key];
  };
  const stringAt = (key: 'alarmEmail' | 'leadspaceBaseUrl' | 'leadGeniusBaseUrl' | 'aggKnowledgeBaseUrl' | 'aggKnowledgeEnvironment'): string | undefined => {
    const raw: unknown = node.tryGetContext(key);
    if (raw === undefined || raw === null || raw === '') return undefined;
    return typeof raw === 'string' ? raw.trim() : String(raw);
  };

  const alarmEmail = stringAt('alarmEmail');
  // From cdk.json a list; from `-c` a comma-separated string.
  const teams: unknown = node.tryGetContext('teamApiKeys');
  const teamApiKeys = Array.isArray(teams)
    ? teams.map(String)
    : typeof teams === 'string' && teams.trim() !== ''
      ? teams.split(',').map((name) => name.trim())
      : [];
  const config: LeadflowConfig = {
    maxConcurrentBatches: numberAt('maxConcurrentBatches'),
    pollIntervalSeconds: numberAt('pollIntervalSeconds'),
    backoffMaxSeconds: numberAt('backoffMaxSeconds'),
    batchDeadlineSeconds: numberAt('batchDeadlineSeconds'),
    uncertainSubmitGraceSeconds: numberAt('uncertainSubmitGraceSeconds'),
    leadspaceBacklogLeads: numberAt('leadspaceBacklogLeads'),
    maxInputMegabytes: numberAt('maxInputMegabytes'),
    maxInputRows: numberAt('maxInputRows'),
    vendorRequestTimeoutSeconds: numberAt('vendorRequestTimeoutSeconds'),
    executionTimeoutHours: numberAt('executionTimeoutHours'),
    leadDataExpiryDays: numberAt('leadDataExpiryDays'),
    apiRateLimit: numberAt('apiRateLimit'),
    apiBurstLimit: numberAt('apiBurstLimit'),
    apiMonthlyQuota: numberAt('apiMonthlyQuota'),
    leadspaceBaseUrl: stringAt('leadspaceBaseUrl') ?? DEFAULT_CONFIG.leadspaceBaseUrl,
    leadGeniusBaseUrl: stringAt('leadGeniusBaseUrl') ?? DEFAULT_CONFIG.leadGeniusBaseUrl,
    leadGeniusObjectsPerHour: numberAt('leadGeniusObjectsPerHour'),
    leadGeniusStatusPerMinute: numberAt('leadGeniusStatusPerMinute'),
    leadGeniusStatusPerHour: numberAt('leadGeniusStatusPerHour'),
    vendorLimitMarginMs: numberAt('vendorLimitMarginMs'),
    heroBaseRequestsPerMinute: numberAt('heroBaseRequestsPerMinute'),
    aggKnowledgeBaseUrl: stringAt('aggKnowledgeBaseUrl') ?? DEFAULT_CONFIG.aggKnowledgeBaseUrl,
    // Checked by configProblems: anything but live/test is reported there.
    aggKnowledgeEnvironment: (stringAt('aggKnowledgeEnvironment') ?? DEFAULT_CONFIG.aggKnowledgeEnvironment) as 'live' | 'test',
    aggKnowledgeTier3PerMinute: numberAt('aggKnowledgeTier3PerMinute'),
    aggKnowledgeTier4PerMinute: numberAt('aggKnowledgeTier4PerMinute'),
    cacheTtlDays: numberAt('cacheTtlDays'),
    teamApiKeys,
    waf: booleanAt('waf'),
    wafRateLimit: numberAt('wafRateLimit'),
    wafCallbackRateLimit: numberAt('wafCallbackRateLimit'),
    ...(alarmEmail !== undefined && { alarmEmail }),
  };
  return failOnProblems([...unparsable, ...configProblems(config)], config);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
