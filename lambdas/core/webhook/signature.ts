import { createHmac, timingSafeEqual } from 'node:crypto';

/** The request header that carries the signature. */
export const LEADFLOW_SIGNATURE_HEADER = 'leadflow-signature';

/** Headers are short; anything longer is not ours and is not worth splitting. */
const MAX_HEADER_CHARS = 4096;
const TIMESTAMP = /^\d{1,12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Signs a webhook body Stripe-style: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 *
 * The timestamp is inside the MAC so that a captured request cannot be replayed later with a fresh `t`; receivers
 * reject timestamps outside a tolerance. The MAC covers the body's UTF-8 bytes exactly as sent: receivers must
 * verify the raw body, not a re-serialized parse of it.
 *
 * @throws TypeError for an empty secret, RangeError for a timestamp that is not whole, non-negative seconds
 *   (both are bugs of the caller, not of the receiver).
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError('The webhook timestamp must be whole, non-negative Unix seconds.');
  }
  return `t=${timestamp},v1=${mac(secret, body, timestamp).toString('hex')}`;
}

/**
 * Checks a signature header as a receiver would: true only when the header is well formed, its timestamp is within
 * `toleranceSeconds` of `nowSeconds` (either side: clocks drift both ways), and one of its `v1` signatures matches.
 * Several `v1` entries are allowed, as Stripe does, so that a secret can be rotated without a gap; unknown schemes
 * (`v0=`) are ignored. The MACs are compared in constant time, and every candidate is compared, so the time taken
 * does not reveal which one matched or how much of it.
 *
 * @throws TypeError for an empty secret (a configuration bug must not look like a forged request).
 */
export function verifyWebhook(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parsed = parseHeader(header);
  if (!parsed) return false;
  // Written so that NaN (a bad clock value) fails the check instead of passing it.
  if (!(Math.abs(nowSeconds - parsed.timestamp) <= toleranceSeconds)) return false;
  const expected = mac(secret, body, parsed.timestamp);
  let matched = false;
  for (const candidate of parsed.signatures) matched = timingSafeEqual(candidate, expected) || matched;
  return matched;
}

function mac(secret: string, body: string, timestamp: number): Buffer {
  if (secret === '') throw new TypeError('The webhook signing secret is empty.');
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest();
}

/** `t=…,v1=…[,v1=…]`, spaces around parts tolerated; undefined for anything else. */
function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | undefined {
  if (typeof header !== 'string' || header.length > MAX_HEADER_CHARS) return undefined;
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 0) return undefined;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't') {
      // Two timestamps would make it ambiguous which one was signed.
      if (timestamp !== undefined || !TIMESTAMP.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!SHA256_HEX.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}
