import { describe, expect, it } from 'vitest';
import { checkTokenAges, TokenAgeCheckFailed, type TokenAgeOutcome, type TokenAgePorts } from '../../lambdas/app/checkTokenAges';
import type { ReminderMessage, ReminderPublisher, TokenSecrets } from '../../lambdas/app/ports';
import type { Vendor } from '../../lambdas/core/plan';
import { formatReminderRecord, parseReminderRecord } from '../../lambdas/core/tokenRotation';
import { memoryLog } from './fakes';

const DAY = 86_400_000;
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:leadflow-alarms';
const SECRET_IDS: Record<Vendor, string> = { leadspace: 'leadflow/leadspace', leadgenius: 'leadflow/leadgenius', aggknowledge: 'leadflow/aggknowledge' };
/** each vendor's token written at a different time: LeadGenius 10 days after Leadspace, AggKnowledge 100 */
const LEADSPACE_CHANGED = new Date('2025-01-10T09:30:00.000Z');
const CHANGED: Record<Vendor, Date> = {
  leadspace: LEADSPACE_CHANGED,
  leadgenius: new Date(LEADSPACE_CHANGED.getTime() + 10 * DAY),
  aggknowledge: new Date(LEADSPACE_CHANGED.getTime() + 100 * DAY),
};
/** The secrets' values: held by the store, never given out by the port the check has. */
const VALUES: Record<Vendor, string> = {
  leadspace: JSON.stringify({ token: 'LS-TOKEN-zq8Hf3VbK9', programId: 'PRG-77' }),
  leadgenius: JSON.stringify({ apiKey: 'LG-KEY-p4Wm2XcR1t' }),
  aggknowledge: JSON.stringify({ apiKey: 'AK-KEY-u7Yn5EjQ0s' }),
};
const SECRET_TEXT = ['LS-TOKEN-zq8Hf3VbK9', 'PRG-77', 'LG-KEY-p4Wm2XcR1t', 'AK-KEY-u7Yn5EjQ0s'];

/** `days` (and `hours`) after Leadspace's token was written. */
const afterLeadspace = (days: number, hours = 0) => new Date(LEADSPACE_CHANGED.getTime() + days * DAY + hours * 3_600_000).toISOString();

/**
 * Vendor secrets in memory, as lambdas/aws/vendorSecrets.ts reads Secrets Manager: the current version and its date
 * from the metadata, the reminder record from a tag in its text form (so a record that does not survive the tag is
 * caught). A hook runs before each describe, for races.
 */
function memorySecrets() {
  const secrets = new Map(
    (Object.keys(SECRET_IDS) as Vendor[]).map((vendor) => {
      const name = SECRET_IDS[vendor];
      return [
        name,
        {
          arn: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-Ab12Cd`,
          name,
          version: `${vendor}-v1`,
          lastChanged: CHANGED[vendor],
          value: VALUES[vendor],
          tag: undefined as string | undefined,
        },
      ];
    }),
  );
  const describes = new Map<string, number>();
  const store = {
    secrets,
    beforeDescribe: undefined as ((id: string, n: number) => Promise<void>) | undefined,
    /** tag writes to refuse, as TagResource may (throttled, denied) */
    failingWrites: 0,
    tag: (vendor: Vendor) => secrets.get(SECRET_IDS[vendor])!.tag,
    /** a new token stored: a new AWSCURRENT version; the tag stays as it was */
    rotate: (vendor: Vendor, at: string) =>
      Object.assign(secrets.get(SECRET_IDS[vendor])!, { version: `${vendor}-v2`, lastChanged: new Date(at), value: '{"token":"new"}' }),
  };
  const port: TokenSecrets = {
    describeToken: async (id) => {
      const n = (describes.get(id) ?? 0) + 1;
      describes.set(id, n);
      await store.beforeDescribe?.(id, n);
      const secret = secrets.get(id);
      if (!secret) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' });
      return { arn: secret.arn, name: secret.name, version: secret.version, lastChanged: secret.lastChanged, record: parseReminderRecord(secret.tag) };
    },
    writeReminderRecord: async (arn, record) => {
      if (store.failingWrites > 0 && store.failingWrites--) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      const secret = [...secrets.values()].find((s) => s.arn === arn);
      if (!secret) throw Object.assign(new Error('no such secret'), { name: 'ResourceNotFoundException' });
      secret.tag = formatReminderRecord(record);
    },
  };
  return Object.assign(store, { port });
}

function setup() {
  const secrets = memorySecrets();
  const published: ReminderMessage[] = [];
  const ages: [Vendor, number][] = [];
  const log = memoryLog();
  const sent: ReminderPublisher = async (message) => void published.push(message);
  const ports: TokenAgePorts = {
    ...secrets.port,
    publish: sent,
    recordTokenAge: (vendor, ageDays) => void ages.push([vendor, ageDays]),
    log: log.log,
  };
  const check = (time: string) => checkTokenAges(ports, { secretIds: SECRET_IDS, alarmTopicArn: TOPIC }, { time });
  const publishWith = (publish: ReminderPublisher) => void (ports.publish = publish);
  return { check, secrets, published, ages, lines: log.lines, publishWith, sent };
}

const reminders = (outcomes: TokenAgeOutcome[]) => outcomes.filter((o) => o.reminder !== undefined).map((o) => [o.vendor, o.reminder]);

describe('Token age check', () => {
  it("records every vendor's token age and reports when each is due", async () => {
    const { check, ages } = setup();
    expect(await check(afterLeadspace(150, 2))).toEqual([
      { vendor: 'leadspace', ageDays: 150, dueDate: '2025-07-09', reminder: 150 },
      { vendor: 'leadgenius', ageDays: 140, dueDate: '2025-07-19' },
      { vendor: 'aggknowledge', ageDays: 50, dueDate: '2025-10-17' },
    ]);
    expect(ages).toEqual([
      ['leadspace', 150],
      ['leadgenius', 140],
      ['aggknowledge', 50],
    ]);
  });

  it('sends the reminders at 150, 170 and 180 days once per token, however often it runs, and afresh for a new token', async () => {
    const { check, secrets, published } = setup();
    const sentOn: string[] = [];
    // Twice a day, as a daily schedule plus a Lambda retry would.
    for (let day = 148; day <= 185; day++) {
      for (const hours of [0, 12])
        for (const [vendor, reminder] of reminders(await check(afterLeadspace(day, hours)))) sentOn.push(`day ${day}: ${vendor} ${reminder}`);
    }
    expect(sentOn).toEqual([
      'day 150: leadspace 150',
      'day 160: leadgenius 150',
      'day 170: leadspace 170',
      'day 180: leadspace 180',
      'day 180: leadgenius 170',
    ]);
    expect(published.map((m) => m.subject)).toEqual([
      'Leadflow: rotate the Leadspace token by 2025-07-09',
      'Leadflow: rotate the LeadGenius token by 2025-07-19',
      'Leadflow: rotate the Leadspace token by 2025-07-09',
      'Leadflow: rotate the Leadspace token now',
      'Leadflow: rotate the LeadGenius token by 2025-07-19',
    ]);
    expect(parseReminderRecord(secrets.tag('leadspace'))).toEqual({ version: 'leadspace-v1', sent: [150, 170, 180], superseded: [] });

    // Rotated on day 185: the new token is young, and its own reminders come 150 days later.
    const rotatedAt = afterLeadspace(185, 1);
    secrets.rotate('leadspace', rotatedAt);
    const young = await check(afterLeadspace(185, 2));
    expect(young.find((o) => o.vendor === 'leadspace')).toEqual({ vendor: 'leadspace', ageDays: 0, dueDate: '2026-01-10' });
    const later = (days: number) => new Date(Date.parse(rotatedAt) + days * DAY).toISOString();
    expect(reminders(await check(later(149))).filter(([vendor]) => vendor === 'leadspace')).toEqual([]);
    expect(reminders(await check(later(150))).filter(([vendor]) => vendor === 'leadspace')).toEqual([['leadspace', 150]]);
    expect(parseReminderRecord(secrets.tag('leadspace'))).toEqual({ version: 'leadspace-v2', sent: [150], superseded: [] });
  });

  it('sends only the latest reminder due when runs were missed, and never the earlier ones afterwards', async () => {
    const { check, published, secrets } = setup();
    expect(reminders(await check(afterLeadspace(175)))).toEqual([
      ['leadspace', 170],
      ['leadgenius', 150],
    ]);
    expect(reminders(await check(afterLeadspace(176)))).toEqual([]);
    expect(published).toHaveLength(2);
    expect(parseReminderRecord(secrets.tag('leadspace'))).toEqual({ version: 'leadspace-v1', sent: [170], superseded: [150] });
  });

  it('publishes nothing when the record read again just before publishing shows an overlapping run sent the reminder', async () => {
    const { check, secrets, published } = setup();
    const at = afterLeadspace(150, 2);
    let other: TokenAgeOutcome[] | undefined;
    // Between this run's two reads of the Leadspace secret, an overlapping run (a retry, a duplicate delivery) does all its work.
    secrets.beforeDescribe = async (id, n) => {
      if (id === SECRET_IDS.leadspace && n === 2) other = await check(at);
    };
    const outcomes = await check(at);
    expect(reminders(other!)).toEqual([['leadspace', 150]]);
    expect(reminders(outcomes)).toEqual([]);
    expect(published).toHaveLength(1);
    expect(parseReminderRecord(secrets.tag('leadspace'))).toEqual({ version: 'leadspace-v1', sent: [150], superseded: [] });
  });

  it('records a reminder only once it is sent: a failed publish is sent by the retry; a failed record is sent again rather than lost', async () => {
    const { check, secrets, published, publishWith, sent } = setup();
    const at = afterLeadspace(150, 2);
    publishWith(async () => Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' })));
    await expect(check(at)).rejects.toThrow('Token age check failed for leadspace');
    expect(secrets.tag('leadspace')).toBeUndefined();
    publishWith(sent);
    expect(reminders(await check(at))).toEqual([['leadspace', 150]]);
    expect(published).toHaveLength(1);

    // At 170 days the tag cannot be written once: the run fails, and its retry sends the reminder a second time.
    secrets.failingWrites = 1;
    await expect(check(afterLeadspace(170, 2))).rejects.toThrow('Token age check failed for leadspace');
    expect(parseReminderRecord(secrets.tag('leadspace'))?.sent).toEqual([150]);
    expect(reminders(await check(afterLeadspace(170, 3)))).toEqual([['leadspace', 170]]);
    // LeadGenius's 150 reminder, due in the failed run and recorded by it, is not sent again.
    expect(published.map((m) => `${m.subject.match(/the (\w+) token/)?.[1]} ${m.message.match(/Reminder for day (\d+)/)?.[1]}`)).toEqual([
      'Leadspace 150',
      'Leadspace 170',
      'LeadGenius 150',
      'Leadspace 170',
    ]);
    expect(await check(afterLeadspace(170, 4))).not.toContainEqual(expect.objectContaining({ reminder: 170 }));
  });

  it("checks every vendor when one fails, then fails naming it, and logs the error's name only", async () => {
    const { check, secrets, published, ages, lines } = setup();
    secrets.secrets.delete(SECRET_IDS.leadgenius);
    const run = check(afterLeadspace(150, 2));
    await expect(run).rejects.toBeInstanceOf(TokenAgeCheckFailed);
    await expect(run).rejects.toThrow(/^Token age check failed for leadgenius$/);
    expect(ages).toEqual([
      ['leadspace', 150],
      ['aggknowledge', 50],
    ]);
    expect(published.map((m) => m.subject)).toEqual(['Leadflow: rotate the Leadspace token by 2025-07-09']);
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({ message: 'Token age check failed', fields: { vendor: 'leadgenius', error: 'ResourceNotFoundException' } }),
    ]);
    expect(lines.filter((l) => l.level === 'info').map((l) => l.fields?.vendor)).toEqual(['leadspace', 'aggknowledge']);

    secrets.secrets.delete(SECRET_IDS.aggknowledge);
    await expect(check(afterLeadspace(151))).rejects.toThrow(/^Token age check failed for leadgenius, aggknowledge$/);
  });

  it('tells whoever rotates the token the vendor, its age, the due date and the secret to store it in, and never a secret value', async () => {
    const daily = setup();
    await daily.check(afterLeadspace(150, 2));
    await daily.check(afterLeadspace(180, 2));
    const [early, dueToday] = daily.published;
    expect(early!.topicArn).toBe(TOPIC);
    expect(early!.subject).toBe('Leadflow: rotate the Leadspace token by 2025-07-09');
    expect(early!.message).toContain('The Leadspace credential Leadflow uses is 150 days old (last changed 2025-01-10).');
    expect(early!.message).toContain('rotate it by 2025-07-09 (in 30 days).');
    expect(early!.message).toContain('leadflow secrets set leadspace');
    expect(early!.message).toContain('put it in the secret leadflow/leadspace.');
    expect(early!.message).toContain('Reminder for day 150 of 180');
    expect(dueToday!.subject).toBe('Leadflow: rotate the Leadspace token now');
    expect(dueToday!.message).toContain('is 180 days old');
    expect(dueToday!.message).toContain('rotate it today, 2025-07-09.');

    // Not checked until after the due date: Leadspace is overdue, LeadGenius gets its 170 reminder late.
    const missed = setup();
    await missed.check(afterLeadspace(183, 2));
    const [overdue, late] = missed.published;
    expect(overdue!.subject).toBe('Leadflow: rotate the Leadspace token now');
    expect(overdue!.message).toContain('is 183 days old');
    expect(overdue!.message).toContain('rotate it now: it was due on 2025-07-09.');
    expect(late!.subject).toBe('Leadflow: rotate the LeadGenius token by 2025-07-19');
    expect(late!.message).toContain('The LeadGenius credential Leadflow uses is 173 days old (last changed 2025-01-20).');
    expect(late!.message).toContain('rotate it by 2025-07-19 (in 7 days).');
    expect(late!.message).toContain('put it in the secret leadflow/leadgenius.');

    const everything = JSON.stringify([daily.published, daily.lines, missed.published, missed.lines]);
    for (const secret of SECRET_TEXT) expect(everything).not.toContain(secret);
  });
});
