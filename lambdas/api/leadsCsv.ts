import { stringify } from 'csv-stringify/sync';
import type { Lead } from './schemas';

/** The columns of a set of leads: every key any lead has, in the order they first appear. */
export function columnsOf(leads: readonly Lead[]): string[] {
  const columns = new Set<string>();
  for (const lead of leads) for (const key of Object.keys(lead)) columns.add(key);
  return [...columns];
}

/**
 * JSON leads as the CSV file the pipeline reads, so JSON and CSV input share one path from here on. A lead
 * without a column gets an empty cell; null is empty too; numbers and booleans are written as JSON spells them.
 */
export function leadsToCsv(leads: readonly Lead[]): string {
  const columns = columnsOf(leads);
  const cell = (lead: Lead, column: string): string => {
    const value = Object.hasOwn(lead, column) ? lead[column] : null;
    return value === null || value === undefined ? '' : String(value);
  };
  return stringify([columns, ...leads.map((lead) => columns.map((column) => cell(lead, column)))]);
}
