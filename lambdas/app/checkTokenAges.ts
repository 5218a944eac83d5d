import { VENDORS, type Vendor } from '../core/plan';
import { ROTATION_DUE_DAYS, decideTokenReminder, isoDay, type ReminderDay, type TokenAgeDecision } from '../core/tokenRotation';
import type { Log, ReminderMessage, ReminderPublisher, TokenSecrets, TokenVersion } from './ports';

/** Which secrets to check and where reminders go (the token-age Lambda's environment: names only, never values). */
export interface TokenAgeEnv {
  secretIds: Record<Vendor, string>;
  alarmTopicArn: string;
}

/** A scheduled invocation: an EventBridge rule's event (with `time`) or a Scheduler target's input (maybe `{}`). */
export interface TokenAgeEvent {
  time?: string;
}

export interface TokenAgeOutcome {
  vendor: Vendor;
  ageDays: number;
  dueDate: string;
  reminder?: ReminderDay;
}

export class TokenAgeCheckFailed extends Error {
  override readonly name = 'TokenAgeCheckFailed';
}

const VENDOR_NAMES: Record<Vendor, string> = { leadspace: 'Leadspace', leadgenius: 'LeadGenius', aggknowledge: 'AggKnowledge' };

/** The reminder text: vendor, age and due date, and how to rotate. Never a secret value (this function reads none). */
export function reminderMessage(
  vendor: Vendor,
  token: Pick<TokenVersion, 'name' | 'lastChanged'>,
  decision: TokenAgeDecision,
  topicArn: string,
): ReminderMessage {
  const due = isoDay(decision.dueDate);
  const when = decision.daysLeft > 0 ? `by ${due} (in ${decision.daysLeft} days)` : decision.daysLeft === 0 ? `today, ${due}` : `now: it was due on ${due}`;
  return {
    topicArn,
    subject: `Leadflow: rotate the ${VENDOR_NAMES[vendor]} token ${decision.daysLeft > 0 ? `by ${due}` : 'now'}`,
    message: [
      `The ${VENDOR_NAMES[vendor]} credential Leadflow uses is ${decision.ageDays} days old (last changed ${isoDay(token.lastChanged)}).`,
      `Vendor tokens are to be rotated every ${ROTATION_DUE_DAYS} days: rotate it ${when}.`,
      '',
      `1. Create a new token in the ${VENDOR_NAMES[vendor]} portal.`,
      `2. Store it: pipe it into \`leadflow secrets set ${vendor}\`, or put it in the secret ${token.name}.`,
      '3. Revoke the old token once jobs run with the new one.',
      '',
      `Reminder for day ${decision.reminder} of ${ROTATION_DUE_DAYS}; each reminder is sent once per token.`,
    ].join('\n'),
  };
}

function nowOf(event: TokenAgeEvent | undefined): Date {
  const at = event?.time ? Date.parse(event.time) : Number.NaN;
  return new Date(Number.isFinite(at) ? at : Date.now());
}

/** What the check reads and writes: the vendor secrets' metadata, the alarm topic, the age metric. */
export interface TokenAgePorts extends TokenSecrets {
  publish: ReminderPublisher;
  recordTokenAge(vendor: Vendor, ageDays: number): void;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * The daily token-age check.
 *
 * For each vendor secret: the age of its current version as a `TokenAgeDays` metric (dimension Vendor), and at
 * 150, 170 and 180 days one reminder on the alarm topic. The reminders sent are recorded in a tag on the secret,
 * keyed by the secret's current version id, so daily runs and Lambda's retries send each one once per token, and
 * rotating the token (a new version) starts the record afresh.
 */
export async function checkTokenAges(ports: TokenAgePorts, env: TokenAgeEnv, event?: TokenAgeEvent): Promise<TokenAgeOutcome[]> {
  const now = nowOf(event);
  const logger = ports.log({ check: 'tokenAge' });
  const outcomes: TokenAgeOutcome[] = [];
  const failed: Vendor[] = [];
  // One vendor's failure (a missing secret, a throttled call) must not hide the others' ages and reminders.
  for (const vendor of VENDORS) {
    try {
      outcomes.push(await checkVendor(ports, vendor, env.secretIds[vendor], env.alarmTopicArn, now));
    } catch (error) {
      failed.push(vendor);
      logger.error('Token age check failed', { vendor, error: (error as Error).name });
    }
  }
  for (const outcome of outcomes) logger.info('Token age checked', { ...outcome });
  if (failed.length > 0) throw new TokenAgeCheckFailed(`Token age check failed for ${failed.join(', ')}`);
  return outcomes;
}

async function checkVendor(ports: TokenAgePorts, vendor: Vendor, secretId: string, topicArn: string, now: Date): Promise<TokenAgeOutcome> {
  const token = await ports.describeToken(secretId);
  const decision = decideTokenReminder({ lastChanged: token.lastChanged, now, version: token.version, record: token.record });

  ports.recordTokenAge(vendor, decision.ageDays);

  const outcome: TokenAgeOutcome = { vendor, ageDays: decision.ageDays, dueDate: isoDay(decision.dueDate) };
  if (decision.reminder === undefined) return outcome;

  /*
   * Read the record again right before publishing: a run that started earlier (a retry overlapping a slow
   * first attempt, or a duplicate scheduled delivery) may have sent this reminder since our first read.
   *
   * Publish first, then record: a failed publish leaves nothing recorded and the retry tries again; a
   * reminder is never recorded without having been sent.
   *
   * The window that remains: two runs that both pass this re-check before either writes the tag (well under a
   * second apart: a Describe, a Publish and a TagResource) both publish. Tags have no conditional write, so
   * closing it entirely would need a conditional store (a DynamoDB item) or a FIFO topic's deduplication; for a
   * daily reminder with at most a handful of e-mails a year, a very rare duplicate is the accepted cost. Also
   * accepted: if the TagResource call itself fails after a successful publish, the retry sends that reminder
   * again, which is preferred to losing it.
   */
  const fresh = await ports.describeToken(secretId);
  const recheck = decideTokenReminder({ lastChanged: fresh.lastChanged, now, version: fresh.version, record: fresh.record });
  if (recheck.reminder === undefined) return outcome;

  await ports.publish(reminderMessage(vendor, fresh, recheck, topicArn));
  await ports.writeReminderRecord(fresh.arn, recheck.record);
  return { ...outcome, ageDays: recheck.ageDays, dueDate: isoDay(recheck.dueDate), reminder: recheck.reminder };
}
