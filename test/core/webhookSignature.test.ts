import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LEADFLOW_SIGNATURE_HEADER, signWebhook, verifyWebhook } from '../../lambdas/core/webhook/signature';

const SECRET = 'whsec_test_0123456789';
const BODY = JSON.stringify({ type: 'job.completed', data: { jobId: 'job-1', status: 'COMPLETED', rows: 20 } });
const T = 1_750_000_000;

function hex(secret: string, payload: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

describe('signWebhook', () => {
  it('exports the header name', () => {
    expect(LEADFLOW_SIGNATURE_HEADER).toBe('leadflow-signature');
  });

  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    expect(signWebhook(SECRET, BODY, T)).toBe(`t=${T},v1=${hex(SECRET, `${T}.${BODY}`)}`);
  });

  it('signs the UTF-8 bytes of the body', () => {
    const body = '{"note":"Zoë 😀"}';
    const expected = hex(SECRET, Buffer.concat([Buffer.from(`${T}.`), Buffer.from(body, 'utf8')]));
    expect(signWebhook(SECRET, body, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('changes with the timestamp, the body and the secret', () => {
    const base = signWebhook(SECRET, BODY, T);
    expect(signWebhook(SECRET, BODY, T + 1)).not.toBe(base);
    expect(signWebhook(SECRET, `${BODY} `, T)).not.toBe(base);
    expect(signWebhook(`${SECRET}x`, BODY, T)).not.toBe(base);
  });

  it.each([1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses the timestamp %s', (timestamp) => {
    expect(() => signWebhook(SECRET, BODY, timestamp)).toThrow(RangeError);
  });

  it('refuses an empty secret', () => {
    expect(() => signWebhook('', BODY, T)).toThrow(TypeError);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook(SECRET, BODY, T);

  it('accepts its own signature within the tolerance, on either side of the timestamp', () => {
    expect(verifyWebhook(SECRET, BODY, header, T)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, header, T + 300)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, header, T - 300)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, header, T + 12.7)).toBe(true);
  });

  it('rejects a tampered body, a tampered timestamp and another secret', () => {
    expect(verifyWebhook(SECRET, BODY.replace('20', '21'), header, T)).toBe(false);
    expect(verifyWebhook(SECRET, `${BODY}\n`, header, T)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header.replace(`t=${T}`, `t=${T + 1}`), T)).toBe(false);
    expect(verifyWebhook('another-secret', BODY, header, T)).toBe(false);
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    expect(verifyWebhook(SECRET, BODY, flipped, T)).toBe(false);
  });

  it('rejects stale and far-future timestamps (replays), with a configurable tolerance', () => {
    expect(verifyWebhook(SECRET, BODY, header, T + 301)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, T - 301)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, T + 3_600)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, T + 3_600, 7_200)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, header, T + 61, 60)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, header, Number.NaN)).toBe(false);
  });

  it('accepts any of several v1 signatures (secret rotation) and ignores other schemes', () => {
    const old = signWebhook('old-secret', BODY, T).split(',')[1];
    const current = header.split(',')[1];
    expect(verifyWebhook(SECRET, BODY, `t=${T},${old},${current}`, T)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, `t=${T},${current},${old}`, T)).toBe(true);
    expect(verifyWebhook(SECRET, BODY, `t=${T},${old}`, T)).toBe(false);
    expect(verifyWebhook(SECRET, BODY, `t=${T},v0=abc,${current}`, T)).toBe(true);
  });

  it('tolerates spaces around the parts and upper-case hex', () => {
    const [t, v1] = header.split(',');
    expect(verifyWebhook(SECRET, BODY, ` ${t} , ${v1?.toUpperCase().replace('V1=', 'v1=')} `, T)).toBe(true);
  });

  const v1 = header.split(',')[1] ?? '';
  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['no v1', `t=${T}`],
    ['no t', v1],
    ['only a v0', `t=${T},v0=${hex(SECRET, `${T}.${BODY}`)}`],
    ['a part without "="', `t=${T},${v1},junk`],
    ['a short v1', `t=${T},v1=00`],
    ['a non-hex v1', `t=${T},v1=${'z'.repeat(64)}`],
    ['a too long v1', `t=${T},v1=${hex(SECRET, `${T}.${BODY}`)}00`],
    ['a non-numeric t', `t=abc,${v1}`],
    ['a negative t', `t=-${T},${v1}`],
    ['an exponent t', `t=1.75e9,${v1}`],
    ['a fractional t', `t=${T}.0,${v1}`],
    ['an empty t', `t=,${v1}`],
    ['two timestamps', `t=${T},t=${T},${v1}`],
    ['a huge header', `t=${T},${v1},${'x=1,'.repeat(2_000)}`],
  ])('rejects a malformed header: %s', (_, value) => {
    expect(verifyWebhook(SECRET, BODY, value, T)).toBe(false);
  });

  it('refuses an empty secret instead of answering false', () => {
    expect(() => verifyWebhook('', BODY, header, T)).toThrow(TypeError);
  });
});
