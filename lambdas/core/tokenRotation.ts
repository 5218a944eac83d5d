/*
 * When a vendor token is due for rotation, and which reminder to send about it. Pure: the clock, the token's
 * change date and the reminders already sent are all inputs, so the daily Lambda (lambdas/handlers/tokenAge.ts)
 * and `leadflow secrets status` (local/cli/secrets.ts) agree, and tests fix every date.
 *
 * Leadspace asks customers to rotate their perpetual token every six months; the same schedule is applied to
 * every vendor credential Leadflow stores.
 */

/** Days after a token's last change by which it should be rotated. */
export const ROTATION_DUE_DAYS = 180;

/** Token ages (whole days) at which a reminder goes out: twice ahead of the due date, then on it. */
export const REMINDER_DAYS = [150, 170, 180] as const;

export type ReminderDay = (typeof REMINDER_DAYS)[number];

const DAY_MS = 86_400_000;

/**
 * The reminders handled for one version of a token. `version` identifies the token version the record is about
 * (its Secrets Manager version id): a record for another version is stale and reads as empty, so rotating the
 * token resets the reminders without anyone clearing them.
 */
export interface ReminderRecord {
  version: string;
  /** reminders actually sent */
  sent: ReminderDay[];
  /** reminders skipped because a later one was due when they would have been sent: never sent afterwards */
  superseded: ReminderDay[];
}

export interface TokenAgeInput {
  /** when the current token version was written */
  lastChanged: Date;
  now: Date;
  /** the current token version (see ReminderRecord.version) */
  version: string;
  /** the record kept so far, for whichever version; absent when none was ever written */
  record?: ReminderRecord;
}

export interface TokenAgeDecision {
  /** whole days since the last change (0 if the change date is in the future, e.g. clock skew) */
  ageDays: number;
  /** last change + ROTATION_DUE_DAYS */
  dueDate: Date;
  /** whole days left until the due date; negative once overdue */
  daysLeft: number;
  /** the reminder to send in this run, if any: at most one */
  reminder?: ReminderDay;
  /** earlier reminders this run's reminder replaces (never to be sent for this version) */
  superseded: ReminderDay[];
  /** the record for the current version once `reminder` is sent (unchanged when there is nothing to send) */
  record: ReminderRecord;
}

const sorted = (days: Iterable<ReminderDay>): ReminderDay[] => [...new Set(days)].sort((a, b) => a - b);

/** The age, the due date and the one reminder (if any) due now and not handled yet for this token version. */
export function decideTokenReminder(input: TokenAgeInput): TokenAgeDecision {
  const changed = input.lastChanged.getTime();
  const ageDays = Math.max(0, Math.floor((input.now.getTime() - changed) / DAY_MS));
  const dueDate = new Date(changed + ROTATION_DUE_DAYS * DAY_MS);
  const daysLeft = ROTATION_DUE_DAYS - ageDays;
  const current: ReminderRecord =
    input.record && input.record.version === input.version
      ? { version: input.version, sent: sorted(input.record.sent), superseded: sorted(input.record.superseded) }
      : { version: input.version, sent: [], superseded: [] };
  const base = { ageDays, dueDate, daysLeft, superseded: [] as ReminderDay[], record: current };

  const due = REMINDER_DAYS.filter((day) => day <= ageDays);
  const latest = due.at(-1);
  if (latest === undefined) return base;
  const handled = [...current.sent, ...current.superseded];
  // The latest threshold reached is the only candidate: once it (or a later one) is handled, earlier ones are moot.
  if (handled.some((day) => day >= latest)) return base;
  const superseded = due.filter((day) => day < latest && !handled.includes(day));
  return {
    ...base,
    reminder: latest,
    superseded,
    record: { version: current.version, sent: sorted([...current.sent, latest]), superseded: sorted([...current.superseded, ...superseded]) },
  };
}

/*
 * The record's text form, kept in a Secrets Manager tag value: `v=<version> sent=150/170 superseded=150`.
 * Only characters every AWS tagging API accepts (letters, digits, spaces and + - = . _ : / @), and far below
 * the 256-character limit. The parser also reads `;` and `,` as separators.
 */
export function formatReminderRecord(record: ReminderRecord): string {
  return `v=${record.version} sent=${sorted(record.sent).join('/')} superseded=${sorted(record.superseded).join('/')}`;
}

/** The record in a tag value; undefined when absent or unreadable (treated as "nothing sent"). */
export function parseReminderRecord(value: string | undefined): ReminderRecord | undefined {
  if (!value) return undefined;
  const fields = new Map<string, string>();
  for (const part of value.split(/[;\s]+/)) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const version = fields.get('v');
  if (!version) return undefined;
  const days = (text: string | undefined): ReminderDay[] =>
    sorted(
      (text ?? '')
        .split(/[,/]/)
        .map((item) => Number(item.trim()))
        .filter((day): day is ReminderDay => (REMINDER_DAYS as readonly number[]).includes(day)),
    );
  return { version, sent: days(fields.get('sent')), superseded: days(fields.get('superseded')) };
}

/** 2025-07-09: the calendar day (UTC) of a date, for messages and tables. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
