import type { Readable, Writable } from 'node:stream';
import { VENDORS, type Vendor } from '../../lambdas/core/plan';
import { decideTokenReminder, isoDay } from '../../lambdas/core/tokenRotation';
import { VENDOR_SECRET_ENV, VendorSecretInputError, describeToken, putVendorSecret, vendorSecretId, vendorSecretString } from '../../lambdas/aws/vendorSecrets';

/*
 * `leadflow secrets set <vendor>` and `leadflow secrets status`, against whatever Secrets Manager the default
 * credential chain and AWS_ENDPOINT_URL_SECRETS_MANAGER point at. The secret ids come from the same variables
 * the functions read (LEADSPACE_SECRET_ID, LEADGENIUS_SECRET_ID, AGGKNOWLEDGE_SECRET_ID).
 *
 * A credential is only ever read from stdin (never argv, which `ps` and shell history show) and is never
 * printed, logged or quoted in an error: output names the vendor, the new version id and dates only.
 */

/** A mistake of the user's (exit status 2 in bin/leadflow.ts): the message is safe to print as is. */
export class SecretsUsageError extends Error {
  override readonly name = 'SecretsUsageError';
}

const MAX_INPUT_BYTES = 64 * 1024;

export function parseVendor(value: string | undefined): Vendor {
  const vendor = VENDORS.find((v) => v === value?.trim().toLowerCase());
  if (!vendor) throw new SecretsUsageError(`secrets set expects a vendor: ${VENDORS.join(', ')}`);
  return vendor;
}

function secretIdFor(vendor: Vendor): string {
  const id = vendorSecretId(vendor);
  if (!id) throw new SecretsUsageError(`${VENDOR_SECRET_ENV[vendor]} is not set: export the ${vendor} secret's name or ARN first`);
  return id;
}

type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Everything on a piped stdin (bounded: a credential is small; a mistaken file is refused, not stored). */
async function readPiped(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new SecretsUsageError('The input on stdin is too large for a vendor credential');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf-8');
}

/** One line typed (or pasted) at a terminal, without echo, so the token stays out of the scrollback. */
function readHidden(input: TtyInput, vendor: Vendor): Promise<string> {
  process.stderr.write(`Paste the ${vendor} token or JSON credential and press Enter (input is hidden): `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new SecretsUsageError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
  });
}

/**
 * Stores a vendor credential read from `input` in the vendor's secret (a new AWSCURRENT version) and prints the
 * vendor, the version id and the date the new token is due for rotation.
 */
export async function setSecret(vendorName: string, input: Readable, out: Writable): Promise<void> {
  const vendor = parseVendor(vendorName);
  const secretId = secretIdFor(vendor);
  const tty = input as TtyInput;
  const text = tty.isTTY ? await readHidden(tty, vendor) : await readPiped(input);
  if (text.trim().length === 0) {
    throw new SecretsUsageError(
      `No ${vendor} credential on stdin. Pipe it in, e.g. \`pbpaste | leadflow secrets set ${vendor}\` or \`leadflow secrets set ${vendor} < credential.json\`; it is never taken as an argument.`,
    );
  }
  let secretString: string;
  try {
    secretString = vendorSecretString(vendor, text);
  } catch (error) {
    if (error instanceof VendorSecretInputError) throw new SecretsUsageError(error.message);
    throw error;
  }
  const { versionId } = await putVendorSecret(secretId, secretString);
  const token = await describeToken(secretId);
  const { dueDate } = decideTokenReminder({ lastChanged: token.lastChanged, now: token.lastChanged, version: token.version });
  out.write(`${vendor}: stored as version ${versionId}; rotate by ${isoDay(dueDate)}\n`);
}

const HEADER = ['Vendor', 'Last changed', 'Age (days)', 'Rotate by', 'Reminders sent'];

/** A table of every vendor credential's age and reminders (metadata only: no value is read). */
export async function secretsStatus(out: Writable, now: Date = new Date()): Promise<void> {
  const rows: string[][] = [];
  for (const vendor of VENDORS) {
    const secretId = vendorSecretId(vendor);
    if (!secretId) {
      rows.push([vendor, `not configured (${VENDOR_SECRET_ENV[vendor]} unset)`, '', '', '']);
      continue;
    }
    try {
      const token = await describeToken(secretId);
      const decision = decideTokenReminder({ lastChanged: token.lastChanged, now, version: token.version, record: token.record });
      const overdue = decision.daysLeft < 0 ? ' (overdue)' : '';
      const sent = decision.record.sent.length > 0 ? decision.record.sent.map((day) => `day ${day}`).join(', ') : 'none';
      rows.push([vendor, isoDay(token.lastChanged), String(decision.ageDays), isoDay(decision.dueDate) + overdue, sent]);
    } catch (error) {
      const name = (error as Error).name;
      rows.push([vendor, name === 'ResourceNotFoundException' ? 'secret not found' : `unavailable (${name})`, '', '', '']);
    }
  }
  const widths = HEADER.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  out.write(`${[line(HEADER), ...rows.map(line)].join('\n')}\n`);
}
