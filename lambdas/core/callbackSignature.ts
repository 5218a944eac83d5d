import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CallbackTarget {
  vendor: string;
  jobId: string;
  batchId: string;
  round: number;
  /** unix seconds after which the URL is refused: the batch's deadline, so a leaked URL does not live forever */
  expiresAt: number;
}

const payload = (t: CallbackTarget) => `${t.vendor}/${t.jobId}/${t.batchId}/${t.round}/${t.expiresAt}`;

/**
 * Vendors cannot send our credentials, so each callback URL carries an HMAC-SHA256 of exactly the batch, round
 * and expiry it may report on: a leaked URL cannot be replayed against another batch, job or round, nor after the
 * batch's deadline.
 */
export function signCallback(key: string, target: CallbackTarget): string {
  return createHmac('sha256', key).update(payload(target)).digest('base64url');
}

/**
 * `keys` are the signing key's current and previous values (newest first), so rotating the key does not break
 * the callbacks of batches already in flight.
 */
export function verifyCallback(keys: readonly string[], target: CallbackTarget, signature: string, nowMs: number): boolean {
  if (!Number.isInteger(target.expiresAt) || target.expiresAt * 1000 < nowMs) return false;
  const given = Buffer.from(signature);
  return keys.some((key) => {
    const expected = Buffer.from(signCallback(key, target));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export function callbackUrl(baseUrl: string, key: string, target: CallbackTarget): string {
  const path = [target.vendor, target.jobId, target.batchId].map(encodeURIComponent).join('/');
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/callbacks/${path}`);
  url.searchParams.set('round', String(target.round));
  url.searchParams.set('exp', String(target.expiresAt));
  url.searchParams.set('sig', signCallback(key, target));
  return url.toString();
}
