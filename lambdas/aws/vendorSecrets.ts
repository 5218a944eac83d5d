import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import type { TokenAgeEnv } from '../app/checkTokenAges';
import type { ReminderPublisher, TokenVersion } from '../app/ports';
import type { Vendor } from '../core/plan';
import { formatReminderRecord, parseReminderRecord, type ReminderRecord } from '../core/tokenRotation';

/*
 * The vendor credentials' metadata (age, version, reminder record) and writing a new credential. Nothing here
 * reads a secret value: the token-age Lambda needs no secretsmanager:GetSecretValue, and the CLI only writes.
 */

/** The environment variable holding each vendor secret's ARN (or name): the same names as the pipeline's. */
export const VENDOR_SECRET_ENV = {
  leadspace: 'LEADSPACE_SECRET_ID',
  leadgenius: 'LEADGENIUS_SECRET_ID',
  aggknowledge: 'AGGKNOWLEDGE_SECRET_ID',
} as const satisfies Record<Vendor, string>;

/** The tag on each vendor secret recording the reminders sent for its current version. */
export const REMINDER_TAG = 'leadflow:reminders';

const secretId = z.string().trim().min(1);
const TokenAgeEnvSchema = z.object({
  LEADSPACE_SECRET_ID: secretId,
  LEADGENIUS_SECRET_ID: secretId,
  AGGKNOWLEDGE_SECRET_ID: secretId,
  ALARM_TOPIC_ARN: z.string().trim().startsWith('arn:'),
});

/** The token-age Lambda's configuration (the names only, never values). */
export function tokenAgeEnv(env: NodeJS.ProcessEnv = process.env): TokenAgeEnv {
  const parsed = TokenAgeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const keys = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
    throw new Error(`Leadflow is misconfigured: environment variable(s) ${keys.join(', ')} missing or invalid`);
  }
  const e = parsed.data;
  return {
    secretIds: { leadspace: e.LEADSPACE_SECRET_ID, leadgenius: e.LEADGENIUS_SECRET_ID, aggknowledge: e.AGGKNOWLEDGE_SECRET_ID },
    alarmTopicArn: e.ALARM_TOPIC_ARN,
  };
}

/** One vendor's secret id from the environment, or undefined when unset (the CLI reports it). */
export function vendorSecretId(vendor: Vendor, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const parsed = secretId.safeParse(env[VENDOR_SECRET_ENV[vendor]]);
  return parsed.success ? parsed.data : undefined;
}

let client: SecretsManagerClient | undefined;
/** Created on first use, after the local runtime or a test has set AWS_ENDPOINT_URL_SECRETS_MANAGER. */
export const secretsManagerClient = (): SecretsManagerClient => (client ??= new SecretsManagerClient({}));

/**
 * The current token version of a vendor secret and its reminder record.
 *
 * The age is taken from the AWSCURRENT version's CreatedDate, not from the secret's LastChangedDate: AWS
 * documents LastChangedDate as "the last date and time that this secret was modified in any way", which is not
 * only a new value (a description or policy edit, and possibly the reminder tag written here, move it too).
 * LastChangedDate, then CreatedDate, are the fallbacks when the version list has no date.
 */
export async function describeToken(id: string): Promise<TokenVersion> {
  const sm = secretsManagerClient();
  const described = await sm.send(new DescribeSecretCommand({ SecretId: id }));
  const arn = described.ARN ?? id;
  const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  let versionCreated: Date | undefined;
  if (current) {
    let nextToken: string | undefined;
    do {
      const page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn, MaxResults: 100, NextToken: nextToken }));
      versionCreated = page.Versions?.find((v) => v.VersionId === current)?.CreatedDate;
      nextToken = page.NextToken;
    } while (!versionCreated && nextToken);
  }
  const lastChanged = versionCreated ?? described.LastChangedDate ?? described.CreatedDate;
  if (!lastChanged) throw new Error(`Secret ${described.Name ?? id} reports no change date`);
  return {
    arn,
    name: described.Name ?? id,
    version: current ?? lastChanged.toISOString(),
    lastChanged,
    record: parseReminderRecord(described.Tags?.find((tag) => tag.Key === REMINDER_TAG)?.Value),
  };
}

/** Writes the reminder record on the secret (TagResource replaces the one tag, leaving the others alone). */
export async function writeReminderRecord(arn: string, record: ReminderRecord): Promise<void> {
  await secretsManagerClient().send(new TagResourceCommand({ SecretId: arn, Tags: [{ Key: REMINDER_TAG, Value: formatReminderRecord(record) }] }));
}

/** Stores a new value as the secret's AWSCURRENT version; returns the new version id. */
export async function putVendorSecret(id: string, secretString: string): Promise<{ arn: string; versionId: string }> {
  const out = await secretsManagerClient().send(new PutSecretValueCommand({ SecretId: id, SecretString: secretString }));
  return { arn: out.ARN ?? id, versionId: out.VersionId ?? '' };
}

/** A vendor credential as given to `leadflow secrets set`, refused for a reason that never quotes the input. */
export class VendorSecretInputError extends Error {
  override readonly name = 'VendorSecretInputError';
}

const nonEmpty = z.string().trim().min(1);
/* Strict: a misspelt key is refused here rather than ignored by the function. `baseUrl` as lambdas/aws/secretBaseUrl.ts checks it. */
const baseUrl = z.url().optional();
// The two methods Leadspace documents (docs/vendors.md): a perpetual token, or OAuth 2.0 with the program's secret.
const LeadspaceSecretSchema = z.union([
  z
    .strictObject({ token: nonEmpty, programId: nonEmpty.optional(), authScheme: z.enum(['bearer', 'basic']).optional(), baseUrl })
    .refine((s) => s.authScheme !== 'basic' || s.programId !== undefined),
  z.strictObject({ programId: nonEmpty, secret: nonEmpty, baseUrl }),
]);
const ApiKeySecretSchema = z.strictObject({ apiKey: nonEmpty, baseUrl });
// LeadGenius documents a plain-http base URL: http is allowed only when the secret says so explicitly.
const LeadGeniusSecretSchema = z.strictObject({ apiKey: nonEmpty, baseUrl, allowHttp: z.boolean().optional() });

const SHAPES: Record<Vendor, { schema: z.ZodType<object>; bareField: string; described: string }> = {
  leadspace: {
    schema: LeadspaceSecretSchema,
    bareField: 'token',
    described: '{"token": "…", "programId"?: "…", "authScheme"?: "bearer" | "basic"} or {"programId": "…", "secret": "…"} (OAuth 2.0)',
  },
  leadgenius: { schema: LeadGeniusSecretSchema, bareField: 'apiKey', described: '{"apiKey": "…", "baseUrl"?: "https://…", "allowHttp"?: true}' },
  aggknowledge: { schema: ApiKeySecretSchema, bareField: 'apiKey', described: '{"apiKey": "…", "baseUrl"?: "https://…"}' },
};

/**
 * The secret string to store for a vendor, from what was read on stdin: a JSON object of the vendor's shape, or
 * a bare token (API key) on its own. Error messages name the expected shape only: neither JSON.parse's message
 * nor zod's (both can quote the input) ever reaches the user.
 */
export function vendorSecretString(vendor: Vendor, text: string): string {
  const shape = SHAPES[vendor];
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new VendorSecretInputError(`No ${vendor} credential on stdin`);
  let candidate: unknown;
  if (trimmed.startsWith('{')) {
    try {
      candidate = JSON.parse(trimmed);
    } catch {
      throw new VendorSecretInputError(`The ${vendor} credential on stdin is not valid JSON; expected ${shape.described} or a bare ${shape.bareField}`);
    }
  } else {
    if (/\s/.test(trimmed) || trimmed.startsWith('"') || trimmed.startsWith('[')) {
      throw new VendorSecretInputError(`Expected a bare ${vendor} ${shape.bareField} (one word, no spaces) or a JSON object ${shape.described}`);
    }
    candidate = { [shape.bareField]: trimmed };
  }
  const parsed = shape.schema.safeParse(candidate);
  if (!parsed.success) throw new VendorSecretInputError(`The ${vendor} credential does not have the expected shape ${shape.described}`);
  return JSON.stringify(parsed.data);
}

let snsClient: SNSClient | undefined;

/** Publishes with the SNS client of the AWS SDK (endpoint from AWS_ENDPOINT_URL_SNS, as every client here). */
export const snsPublisher: ReminderPublisher = async ({ topicArn, subject, message }) => {
  snsClient ??= new SNSClient({});
  await snsClient.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
};
