import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CallbackTarget {
  vendor: string;
  jobId: string;
  batchId: string;
  round: number;
}

const payload = (t: CallbackTarget) => `${t.vendor}/${t.jobId}/${t.batchId}/${t.round}`;

/**
 * Vendors cannot send our credentials, so each callback URL carries an HMAC-SHA256 of exactly the batch and
 * round it may report on: a leaked URL cannot be replayed against another batch, job or round.
 */
export function signCallback(key: string, target: CallbackTarget): string {
  return createHmac('sha256', key).update(payload(target)).digest('base64url');
}

export function verifyCallback(key: string, target: CallbackTarget, signature: string): boolean {
  const expected = Buffer.from(signCallback(key, target));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function callbackUrl(baseUrl: string, key: string, target: CallbackTarget): string {
  const path = [target.vendor, target.jobId, target.batchId].map(encodeURIComponent).join('/');
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/callbacks/${path}`);
  url.searchParams.set('round', String(target.round));
  url.searchParams.set('sig', signCallback(key, target));
  return url.toString();
}
