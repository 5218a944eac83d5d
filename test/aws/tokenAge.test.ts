import { DescribeSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../local/emulators/secretsManager';
import type { ReminderMessage } from '../../lambdas/app/ports';

/*
 * The token-age function against the local Secrets Manager emulator (real SDK client, real JSON protocol), with
 * the clock fixed through event.time. SNS is replaced by a capturing publisher: @aws-sdk/client-sns is not a
 * dependency of this repository (see lambdas/aws/vendorSecrets.ts).
 */

const DAY = 86_400_000;
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:leadflow-alarms';
const VALUES = {
  leadspace: JSON.stringify({ token: 'LS-TOKEN-zq8Hf3VbK9', programId: 'PRG-77' }),
  leadgenius: JSON.stringify({ apiKey: 'LG-KEY-p4Wm2XcR1t' }),
  aggknowledge: JSON.stringify({ apiKey: 'AK-KEY-u7Yn5EjQ0s' }),
} as const;
type VendorName = keyof typeof VALUES;
/** the secrets of the current test: new names per test, so no tag carries over */
let SECRETS: Record<VendorName, { name: string }>;
let testNumber = 0;
const SECRET_VALUES = ['LS-TOKEN-zq8Hf3VbK9', 'PRG-77', 'LG-KEY-p4Wm2XcR1t', 'AK-KEY-u7Yn5EjQ0s'];
/** each vendor's token written at a different time */
const LEADSPACE_CHANGED = new Date('2025-01-10T09:30:00.000Z');
const LEADGENIUS_CHANGED = new Date(LEADSPACE_CHANGED.getTime() + 10 * DAY);
const AGGKNOWLEDGE_CHANGED = new Date(LEADSPACE_CHANGED.getTime() + 100 * DAY);

type Handler = (event?: { time?: string }) => Promise<{ vendor: string; ageDays: number; dueDate: string; reminder?: number }[]>;

let emulator: SecretsManagerEmulator;
let createHandler: (publish: (m: ReminderMessage) => Promise<void>) => Handler;
let secretsClient: typeof import('../../lambdas/aws/vendorSecrets').secretsManagerClient;
let published: ReminderMessage[];
let handler: Handler;
let stdout: string[];

const eventAt = (base: Date, days: number, hours = 0) => ({ time: new Date(base.getTime() + days * DAY + hours * 3_600_000).toISOString() });

function seedSecrets() {
  testNumber += 1;
  SECRETS = {
    leadspace: { name: `leadflow/leadspace-${testNumber}` },
    leadgenius: { name: `leadflow/leadgenius-${testNumber}` },
    aggknowledge: { name: `leadflow/aggknowledge-${testNumber}` },
  };
  for (const vendor of Object.keys(VALUES) as VendorName[]) emulator.seed(SECRETS[vendor].name, VALUES[vendor]);
  Object.assign(process.env, {
    LEADSPACE_SECRET_ID: SECRETS.leadspace.name,
    LEADGENIUS_SECRET_ID: SECRETS.leadgenius.name,
    AGGKNOWLEDGE_SECRET_ID: SECRETS.aggknowledge.name,
  });
  emulator.setLastChanged(SECRETS.leadspace.name, LEADSPACE_CHANGED);
  emulator.setLastChanged(SECRETS.leadgenius.name, LEADGENIUS_CHANGED);
  emulator.setLastChanged(SECRETS.aggknowledge.name, AGGKNOWLEDGE_CHANGED);
}

beforeAll(async () => {
  emulator = await startSecretsManagerEmulator('us-east-1');
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.url,
    ALARM_TOPIC_ARN: TOPIC,
    // Every log line the function writes is checked for secret values below.
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    // vitest.config.ts turns metrics off for the other suites; this one checks them.
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  // Imported after the environment is set: the logger and the metrics read it at import.
  ({ createTokenAgeHandler: createHandler } = (await import('../../lambdas/handlers/tokenAge')) as never);
  ({ secretsManagerClient: secretsClient } = await import('../../lambdas/aws/vendorSecrets'));
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  seedSecrets();
  published = [];
  handler = createHandler(async (message) => void published.push(message));
  stdout = [];
  // Captured, not passed through: EMF and DEBUG logs would bury the test report.
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
    stdout.push(chunk.toString());
    return true;
  }) as typeof process.stdout.write);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function reminderTag(name: string): Promise<string | undefined> {
  const described = await secretsClient().send(new DescribeSecretCommand({ SecretId: name }));
  return described.Tags?.find((tag) => tag.Key === 'leadflow:reminders')?.Value;
}

/** Runs the function twice a day (as a daily schedule plus a Lambda retry would) from `from` to `to` days after `base`. */
async function runTwiceDaily(base: Date, from: number, to: number) {
  const runs: { day: number; vendor: string; reminder: number }[] = [];
  for (let day = from; day <= to; day++) {
    for (const hours of [6, 18]) {
      for (const outcome of await handler(eventAt(base, day, hours))) {
        if (outcome.reminder !== undefined) runs.push({ day, vendor: outcome.vendor, reminder: outcome.reminder });
      }
    }
  }
  return runs;
}

describe('token age function', () => {
  it('sends nothing at 149 days', async () => {
    await handler(eventAt(LEADSPACE_CHANGED, 149, 23));
    expect(published).toEqual([]);
    expect(await reminderTag(SECRETS.leadspace.name)).toBeUndefined();
  });

  it('sends exactly one reminder at 150, 170 and 180 days over twice-daily runs from day 149 to 185', async () => {
    const sent = await runTwiceDaily(LEADSPACE_CHANGED, 149, 185);
    expect(sent).toEqual([
      { day: 150, vendor: 'leadspace', reminder: 150 },
      // LeadGenius' token is ten days younger: its 150-day reminder comes on Leadspace's day 160.
      { day: 160, vendor: 'leadgenius', reminder: 150 },
      { day: 170, vendor: 'leadspace', reminder: 170 },
      { day: 180, vendor: 'leadspace', reminder: 180 },
      { day: 180, vendor: 'leadgenius', reminder: 170 },
    ]);
    expect(published).toHaveLength(5);
    expect(published.every((m) => m.topicArn === TOPIC)).toBe(true);
    // The record survives in the tag, keyed by the token's version: writing it did not reset the token's age.
    expect(await reminderTag(SECRETS.leadspace.name)).toMatch(/^v=[0-9a-f-]{36} sent=150\/170\/180 superseded=$/);
    expect(await reminderTag(SECRETS.aggknowledge.name)).toBeUndefined();
  });

  it('a first run at day 200 sends one reminder (the 180 one), never the older ones later', async () => {
    const sent = await runTwiceDaily(LEADSPACE_CHANGED, 200, 203);
    expect(sent.filter((s) => s.vendor === 'leadspace')).toEqual([{ day: 200, vendor: 'leadspace', reminder: 180 }]);
    expect(await reminderTag(SECRETS.leadspace.name)).toMatch(/ sent=180 superseded=150\/170$/);
  });

  it('names the vendor, the token age and the due date, and never a secret value', async () => {
    await handler(eventAt(LEADSPACE_CHANGED, 170, 2));
    // Leadspace's token is 170 days old, LeadGenius' 160: one reminder each.
    expect(published.map((m) => m.subject)).toEqual([
      'Leadflow: rotate the Leadspace token by 2025-07-09',
      'Leadflow: rotate the LeadGenius token by 2025-07-19',
    ]);
    expect(published[1]!.message).toContain('LeadGenius credential Leadflow uses is 160 days old (last changed 2025-01-20)');
    const [message] = published;
    expect(message!.subject).toBe('Leadflow: rotate the Leadspace token by 2025-07-09');
    expect(message!.subject.length).toBeLessThanOrEqual(100);
    expect(message!.message).toContain('Leadspace credential Leadflow uses is 170 days old (last changed 2025-01-10)');
    expect(message!.message).toContain('rotate it by 2025-07-09 (in 10 days)');
    expect(message!.message).toContain('leadflow secrets set leadspace');
    expect(message!.message).toContain(`secret ${SECRETS.leadspace.name}`);
    for (const value of SECRET_VALUES) expect(JSON.stringify(published)).not.toContain(value);
  });

  it('says "now" once the token is overdue', async () => {
    await handler(eventAt(LEADSPACE_CHANGED, 181));
    expect(published[0]!.subject).toBe('Leadflow: rotate the Leadspace token now');
    expect(published[0]!.message).toContain('it was due on 2025-07-09');
  });

  it('emits TokenAgeDays per vendor as EMF with the Vendor dimension, and no secret or lead values', async () => {
    await handler(eventAt(LEADSPACE_CHANGED, 150, 1));
    const output = stdout.join('');
    const emf = output
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
          },
      );
    expect(emf).toHaveLength(3);
    expect(emf.map((e) => [e.Vendor, e.TokenAgeDays])).toEqual([
      ['leadspace', 150],
      ['leadgenius', 140],
      ['aggknowledge', 50],
    ]);
    for (const e of emf) {
      const [directive] = e._aws.CloudWatchMetrics;
      expect(directive!.Namespace).toBe('Leadflow');
      expect(directive!.Dimensions[0]).toEqual(expect.arrayContaining(['Vendor']));
      expect(directive!.Metrics).toEqual([{ Name: 'TokenAgeDays', Unit: 'Count' }]);
      expect(e.service).toBe('leadflow');
      expect(Object.keys(e).sort()).toEqual(['TokenAgeDays', 'Vendor', '_aws', 'service']);
    }
    // Logs (at DEBUG) and metrics alike: no secret value anywhere on stdout.
    expect(output).toMatch(/Token age checked/);
    for (const value of SECRET_VALUES) expect(output).not.toContain(value);
  });

  it('a failed publish records nothing, and the retry sends the reminder once', async () => {
    let fail = true;
    const flaky = createHandler(async (message) => {
      if (fail) throw new Error('SNS throttled');
      published.push(message);
    });
    await expect(flaky(eventAt(LEADSPACE_CHANGED, 150))).rejects.toThrow(/Token age check failed for leadspace/);
    expect(await reminderTag(SECRETS.leadspace.name)).toBeUndefined();
    fail = false;
    await flaky(eventAt(LEADSPACE_CHANGED, 150, 0.1));
    await flaky(eventAt(LEADSPACE_CHANGED, 150, 0.2));
    expect(published.map((m) => m.subject)).toEqual(['Leadflow: rotate the Leadspace token by 2025-07-09']);
  });

  it('rotating the token (a new version) resets the age and the reminders', async () => {
    await runTwiceDaily(LEADSPACE_CHANGED, 179, 181);
    expect(published.filter((m) => m.subject.includes('Leadspace'))).toHaveLength(2);
    const rotatedAt = new Date(LEADSPACE_CHANGED.getTime() + 181 * DAY);
    await secretsClient().send(new PutSecretValueCommand({ SecretId: SECRETS.leadspace.name, SecretString: JSON.stringify({ token: 'LS-TOKEN-new' }) }));
    emulator.setLastChanged(SECRETS.leadspace.name, rotatedAt);
    published = [];
    handler = createHandler(async (message) => void published.push(message));

    const [leadspace] = await handler(eventAt(rotatedAt, 0, 1));
    expect(leadspace).toEqual({ vendor: 'leadspace', ageDays: 0, dueDate: '2026-01-06' });
    expect(await runTwiceDaily(rotatedAt, 149, 151).then((s) => s.filter((r) => r.vendor === 'leadspace'))).toEqual([
      { day: 150, vendor: 'leadspace', reminder: 150 },
    ]);
  });

  it('checks every vendor when one secret is missing, then fails the run (for the alarm and the retry)', async () => {
    process.env.AGGKNOWLEDGE_SECRET_ID = 'leadflow/missing';
    try {
      await expect(handler(eventAt(LEADSPACE_CHANGED, 150))).rejects.toThrow(/failed for aggknowledge/);
      expect(published.map((m) => m.subject)).toEqual(['Leadflow: rotate the Leadspace token by 2025-07-09']);
      expect(stdout.join('').match(/"TokenAgeDays":/g)).toHaveLength(2);
    } finally {
      process.env.AGGKNOWLEDGE_SECRET_ID = SECRETS.aggknowledge.name;
    }
  });

  it('refuses to run without its configuration', async () => {
    const saved = process.env.ALARM_TOPIC_ARN;
    delete process.env.ALARM_TOPIC_ARN;
    try {
      await expect(handler(eventAt(LEADSPACE_CHANGED, 150))).rejects.toThrow(/ALARM_TOPIC_ARN missing or invalid/);
    } finally {
      process.env.ALARM_TOPIC_ARN = saved;
    }
  });
});
