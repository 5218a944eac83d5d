import { describe, expect, it } from 'vitest';
import {
  REMINDER_DAYS,
  ROTATION_DUE_DAYS,
  decideTokenReminder,
  formatReminderRecord,
  parseReminderRecord,
  type ReminderDay,
  type ReminderRecord,
} from '../../lambdas/core/tokenRotation';

const DAY = 86_400_000;
const CHANGED = new Date('2025-01-10T09:30:00.000Z');
const V1 = 'version-1';
const at = (days: number, hours = 0) => new Date(CHANGED.getTime() + days * DAY + hours * 3_600_000);

/** Runs the decision daily (twice a day) from `from` to `to`, keeping the record as the handler does. */
function runDaily(from: number, to: number, record?: ReminderRecord, version = V1) {
  const sent: { day: number; reminder: ReminderDay }[] = [];
  for (let day = from; day <= to; day++) {
    for (const hours of [0, 12]) {
      const decision = decideTokenReminder({ lastChanged: CHANGED, now: at(day, hours), version, record });
      if (decision.reminder !== undefined) {
        sent.push({ day, reminder: decision.reminder });
        record = decision.record;
      }
    }
  }
  return { sent, record };
}

describe('decideTokenReminder', () => {
  it('exports the thresholds and the rotation period', () => {
    expect(REMINDER_DAYS).toEqual([150, 170, 180]);
    expect(ROTATION_DUE_DAYS).toBe(180);
  });

  it('computes the age in whole days and the due date 180 days after the change', () => {
    const decision = decideTokenReminder({ lastChanged: CHANGED, now: at(149, 23.9), version: V1 });
    expect(decision.ageDays).toBe(149);
    expect(decision.dueDate.toISOString()).toBe('2025-07-09T09:30:00.000Z');
    expect(decision.daysLeft).toBe(31);
    expect(decideTokenReminder({ lastChanged: CHANGED, now: at(-2), version: V1 }).ageDays).toBe(0);
  });

  it('sends nothing at 149 days', () => {
    const decision = decideTokenReminder({ lastChanged: CHANGED, now: at(149, 23), version: V1 });
    expect(decision.reminder).toBeUndefined();
    expect(decision.record).toEqual({ version: V1, sent: [], superseded: [] });
  });

  it('sends the 150 reminder at 150 days, and nothing more on reruns at 150, 151 … 169', () => {
    const first = decideTokenReminder({ lastChanged: CHANGED, now: at(150), version: V1 });
    expect(first.reminder).toBe(150);
    expect(first.superseded).toEqual([]);
    expect(first.record).toEqual({ version: V1, sent: [150], superseded: [] });
    expect(decideTokenReminder({ lastChanged: CHANGED, now: at(150, 1), version: V1, record: first.record }).reminder).toBeUndefined();
    expect(runDaily(150, 169, first.record).sent).toEqual([]);
  });

  it('sends exactly one reminder at 150, 170 and 180 across daily runs', () => {
    const { sent, record } = runDaily(140, 240);
    expect(sent).toEqual([
      { day: 150, reminder: 150 },
      { day: 170, reminder: 170 },
      { day: 180, reminder: 180 },
    ]);
    expect(record).toEqual({ version: V1, sent: [150, 170, 180], superseded: [] });
  });

  it('at 175 with the 150 never sent, sends the 170 one and records 150 as superseded (never sent later)', () => {
    const decision = decideTokenReminder({ lastChanged: CHANGED, now: at(175), version: V1 });
    expect(decision.reminder).toBe(170);
    expect(decision.superseded).toEqual([150]);
    expect(decision.record).toEqual({ version: V1, sent: [170], superseded: [150] });
    expect(runDaily(175, 179, decision.record).sent).toEqual([]);
    expect(runDaily(175, 200, decision.record).sent).toEqual([{ day: 180, reminder: 180 }]);
  });

  it('at 200 with nothing sent, sends exactly one reminder, the 180 one, and never the older ones', () => {
    const decision = decideTokenReminder({ lastChanged: CHANGED, now: at(200), version: V1 });
    expect(decision.reminder).toBe(180);
    expect(decision.superseded).toEqual([150, 170]);
    expect(decision.daysLeft).toBe(-20);
    expect(runDaily(200, 400, decision.record).sent).toEqual([]);
  });

  it('sends nothing for a threshold below one already handled, even if it was never recorded', () => {
    const record: ReminderRecord = { version: V1, sent: [170], superseded: [] };
    expect(decideTokenReminder({ lastChanged: CHANGED, now: at(172), version: V1, record }).reminder).toBeUndefined();
  });

  it('starts afresh for a new token version (rotation resets the record)', () => {
    const { record } = runDaily(140, 200);
    expect(record?.sent).toEqual([150, 170, 180]);
    const rotated = new Date(at(200).getTime());
    // Right after rotation: age 0, nothing due, the stale record is not carried over.
    const fresh = decideTokenReminder({ lastChanged: rotated, now: at(200, 1), version: 'version-2', record });
    expect(fresh.ageDays).toBe(0);
    expect(fresh.reminder).toBeUndefined();
    expect(fresh.record).toEqual({ version: 'version-2', sent: [], superseded: [] });
    // 150 days after the rotation the cycle runs again.
    const again = decideTokenReminder({ lastChanged: rotated, now: new Date(rotated.getTime() + 150 * DAY), version: 'version-2', record });
    expect(again.reminder).toBe(150);
  });
});

describe('reminder record text', () => {
  it('round-trips through the tag format, using only characters every AWS tagging API accepts', () => {
    const record: ReminderRecord = { version: 'a1b2c3d4-0000-4000-8000-123456789abc', sent: [170, 180], superseded: [150] };
    const text = formatReminderRecord(record);
    expect(text).toBe('v=a1b2c3d4-0000-4000-8000-123456789abc sent=170/180 superseded=150');
    expect(text).toMatch(/^[\p{L}\p{N} +\-=._:/@]*$/u);
    expect(text.length).toBeLessThanOrEqual(256);
    expect(parseReminderRecord(text)).toEqual(record);
    expect(formatReminderRecord({ version: '2025-01-10T09:30:00.000Z', sent: [], superseded: [] })).toBe('v=2025-01-10T09:30:00.000Z sent= superseded=');
  });

  it('reads the semicolon/comma form and ignores junk', () => {
    expect(parseReminderRecord('v=2025-01-10T09:30:00.000Z;sent=150,170')).toEqual({ version: '2025-01-10T09:30:00.000Z', sent: [150, 170], superseded: [] });
    expect(parseReminderRecord('v=x sent=150/999/abc')).toEqual({ version: 'x', sent: [150], superseded: [] });
    expect(parseReminderRecord('sent=150')).toBeUndefined();
    expect(parseReminderRecord('')).toBeUndefined();
    expect(parseReminderRecord(undefined)).toBeUndefined();
  });
});
