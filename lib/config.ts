import type { Node } from 'constructs';
import { type Setting, type SettingName, type SettingValues, settingEntries } from '../lambdas/core/settings';

/**
 * Deployment settings of one Leadflow stack. Every value can be set with `cdk synth -c name=value` (or in
 * cdk.json); the defaults suit a production account. Names, types, defaults, bounds and what each one means are
 * in lambdas/core/settings.ts, the one table the handlers and the local runtime read too.
 */
export type LeadflowConfig = SettingValues;

export const DEFAULT_CONFIG: LeadflowConfig = Object.fromEntries(
  settingEntries.flatMap(([name, setting]) => ('default' in setting ? [[name, setting.default]] : [])),
) as unknown as LeadflowConfig;

// The name becomes part of a CloudFormation output's logical id: letters and digits only.
const TEAM_NAME = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Throws one error listing every invalid setting, so a bad deployment fails before anything is built. */
export function validateConfig(config: LeadflowConfig): LeadflowConfig {
  return failOnProblems(configProblems(config), config);
}

function configProblems(config: LeadflowConfig): string[] {
  const problems: string[] = [];
  const values = config as unknown as Record<SettingName, unknown>;
  for (const [name, setting] of settingEntries) {
    const value = values[name];
    switch (setting.kind) {
      case 'whole':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < setting.min || value > setting.max) {
          problems.push(`${name} must be a whole number from ${setting.min} to ${setting.max}, got ${String(value)}`);
        }
        break;
      case 'httpsUrl':
        if (typeof value !== 'string' || !isHttpsUrl(value)) problems.push(`${name} must be an https:// URL, got ${JSON.stringify(value)}`);
        break;
      case 'choice':
        if (!setting.choices.includes(value as string)) {
          problems.push(`${name} must be ${setting.choices.map((c) => `"${c}"`).join(' or ')}, got ${JSON.stringify(value)}`);
        }
        break;
      case 'flag':
        if (typeof value !== 'boolean') problems.push(`${name} must be true or false, got ${JSON.stringify(value)}`);
        break;
      case 'names': {
        const names = value as readonly string[];
        for (const each of names) {
          if (!TEAM_NAME.test(each)) problems.push(`${name}: each name must be a letter then up to 31 letters or digits, got ${JSON.stringify(each)}`);
        }
        if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) problems.push(`${name}: each team name may appear once`);
        break;
      }
      case 'email':
        if (value !== undefined && (typeof value !== 'string' || !EMAIL.test(value)))
          problems.push(`${name} must be an email address, got ${JSON.stringify(value)}`);
        break;
    }
  }
  if (config.cacheTtlDays > config.leadDataExpiryDays) {
    problems.push('cacheTtlDays must not exceed leadDataExpiryDays: cached vendor answers are lead data and must leave when the lead data does');
  }
  if (config.executionTimeoutHours > config.leadDataExpiryDays * 24) {
    problems.push('executionTimeoutHours must not exceed leadDataExpiryDays × 24: a job would outlive its own lead data');
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
  const config: Record<string, unknown> = {};
  for (const [name, setting] of settingEntries) {
    const raw: unknown = node.tryGetContext(name);
    const unset = raw === undefined || raw === null || raw === '';
    const fallback = 'default' in setting ? setting.default : undefined;
    const refuse = (what: string) => {
      unparsable.push(`${name} must be ${what}, got ${JSON.stringify(raw)}`);
      return fallback;
    };
    const value = unset ? fallback : fromContext(setting.kind, raw, refuse);
    if (value !== undefined) config[name] = value;
  }
  const parsed = config as unknown as LeadflowConfig;
  return failOnProblems([...unparsable, ...configProblems(parsed)], parsed);
}

function fromContext(kind: Setting['kind'], raw: unknown, refuse: (what: string) => unknown): unknown {
  switch (kind) {
    case 'whole':
      if (typeof raw === 'number') return raw;
      // Number(' ') is 0 and Number('1e2') is 100: accept plain decimal integers only.
      if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
      return refuse('a whole number');
    // `-c waf=true` arrives as the string 'true'; cdk.json may hold a real boolean. Anything else is refused rather
    // than read as false: a typo must not deploy the API without the firewall the operator asked for.
    case 'flag':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^\s*(true|false)\s*$/i.test(raw)) return raw.trim().toLowerCase() === 'true';
      return refuse('true or false');
    // From cdk.json a list; from `-c` a comma-separated string.
    case 'names':
      if (Array.isArray(raw)) return raw.map(String);
      if (String(raw).trim() === '') return [];
      return String(raw)
        .split(',')
        .map((name) => name.trim());
    default:
      return typeof raw === 'string' ? raw.trim() : String(raw);
  }
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}
