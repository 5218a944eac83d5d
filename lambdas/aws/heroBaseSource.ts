import { stringify } from 'csv-stringify/sync';
import { heroBaseClient } from './herobase';
import { putObject } from './s3';
import type { JobOptions } from '../core/jobOptions';

/**
 * Reads a HeroBase lead search as the job's input: the CSV export, decoded with the charset HeroBase declares
 * (windows-1252 keeps Søren, Zoë and Jürgen only if decoded as such), stored as UTF-8 CSV with display headers
 * ("firstName", "phone", …), which column mapping recognises like any CRM export.
 */
export async function writeSearchAsInput(secretId: string, search: NonNullable<JobOptions['heroBaseSearch']>, bucket: string, key: string): Promise<void> {
  const client = await heroBaseClient(secretId);
  const csv = await client.exportCsv(search.name, {
    from: new Date(`${search.from}T00:00:00Z`),
    ...(search.to && { to: new Date(`${search.to}T00:00:00Z`) }),
    useSystemHeaders: false,
    encoding: search.encoding ?? 'utf-8',
  });
  await putObject(bucket, key, stringify([csv.header, ...csv.rows]), 'text/csv; charset=utf-8');
}
