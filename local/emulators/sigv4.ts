import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The credentials the local emulators accept: generated per process, known only to it (local/emulators/authGate.ts). */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export type Verdict =
  | { ok: true }
  | { ok: false; code: 'MissingAuthentication' | 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' | 'RequestExpired' | 'AccessDenied'; message: string };

export interface SignedRequest {
  method: string;
  /** the request target as sent: path and raw query */
  url: string;
  /** lower-cased names, as node gives them */
  headers: Record<string, string | string[] | undefined>;
  /** hex SHA-256 of the body when it was read (services whose bodies are small): the signature must cover it */
  bodySha256?: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far a header-signed request's x-amz-date may be from now, as AWS allows. */
const MAX_SKEW_MS = 15 * 60_000;
/** The longest a presigned URL may be valid, as AWS allows. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding, as SigV4's canonical query string wants it. */
const encode = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** "20261201T101500Z" → epoch ms, or NaN. */
function amzDateMs(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

/** Derived keys by secret and scope: four HMACs a request otherwise, for a key that changes once a day. */
const signingKeys = new Map<string, Buffer>();

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const scope = `${secret}\0${date}\0${region}\0${service}`;
  let key = signingKeys.get(scope);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    // A handful of scopes a day per runtime; the bound only guards against a client sending many.
    if (signingKeys.size >= 64) signingKeys.clear();
    signingKeys.set(scope, key);
  }
  return key;
}

const sameSignature = (given: string, expected: string): boolean =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

const header = (headers: SignedRequest['headers'], name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

function canonicalQuery(rawQuery: string, without?: string): string {
  if (rawQuery === '') return '';
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.indexOf('=');
      const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
      return [decode(name), decode(value)] as const;
    })
    .filter(([name]) => name !== without)
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

interface Parts {
  accessKeyId: string;
  scope: { date: string; region: string; service: string };
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

function parseCredential(credential: string): Pick<Parts, 'accessKeyId' | 'scope'> | undefined {
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request' || rest.length > 0) return undefined;
  return { accessKeyId, scope: { date, region, service } };
}

function verifyParts(request: SignedRequest, parts: Parts, payloadHash: string, without: string | undefined, credentials: LocalCredentials): Verdict {
  if (parts.accessKeyId !== credentials.accessKeyId) {
    return { ok: false, code: 'InvalidAccessKeyId', message: 'The access key is not one this machine issued.' };
  }
  if (parts.scope.date !== parts.amzDate.slice(0, 8))
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The credential scope does not match the request date.' };
  // The signature must cover the host, as AWS requires.
  if (!parts.signedHeaders.includes('host')) return { ok: false, code: 'SignatureDoesNotMatch', message: 'The signature must cover the host header.' };
  const [path = '/', query = ''] = splitTarget(request.url);
  const canonicalHeaders = parts.signedHeaders.map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, path, canonicalQuery(query, without), canonicalHeaders, parts.signedHeaders.join(';'), payloadHash].join('\n');
  const scope = `${parts.scope.date}/${parts.scope.region}/${parts.scope.service}/aws4_request`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = hmac(signingKey(credentials.secretAccessKey, parts.scope.date, parts.scope.region, parts.scope.service), stringToSign).toString('hex');
  return sameSignature(parts.signature, expected)
    ? { ok: true }
    : { ok: false, code: 'SignatureDoesNotMatch', message: "The request signature does not match the one calculated with this machine's credentials." };
}

function splitTarget(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)];
}

/**
 * Verifies an AWS Signature Version 4, in the Authorization header or in a presigned URL's query, against the
 * credentials of this machine, as AWS would: the canonical request rebuilt from what arrived, the date within 15
 * minutes (header) or the URL unexpired (query). Written here because npm has signers, not verifiers.
 */
export function verifySigV4(request: SignedRequest, credentials: LocalCredentials, nowMs: number): Verdict {
  const authorization = header(request.headers, 'authorization');
  const [, query = ''] = splitTarget(request.url);
  const params = new URLSearchParams(query);
  if (authorization !== undefined) {
    const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
    const credential = m && parseCredential(m[1]!);
    if (!m || !credential) return { ok: false, code: 'AccessDenied', message: 'The Authorization header is not an AWS Signature Version 4.' };
    const amzDate = header(request.headers, 'x-amz-date') ?? '';
    const at = amzDateMs(amzDate);
    if (Number.isNaN(at) || Math.abs(nowMs - at) > MAX_SKEW_MS)
      return { ok: false, code: 'RequestExpired', message: 'The request date is missing or more than 15 minutes from now.' };
    // A body that was read is hashed here: a stated hash must match it, as AWS checks (XAmzContentSHA256Mismatch).
    const stated = header(request.headers, 'x-amz-content-sha256');
    if (request.bodySha256 !== undefined && stated !== undefined && stated !== request.bodySha256) {
      return { ok: false, code: 'SignatureDoesNotMatch', message: 'The body does not match its stated SHA-256.' };
    }
    const payloadHash = request.bodySha256 ?? stated ?? sha256Hex('');
    return verifyParts(request, { ...credential, signedHeaders: m[2]!.split(';'), signature: m[3]!, amzDate }, payloadHash, undefined, credentials);
  }
  if (params.has('X-Amz-Signature')) {
    const credential = parseCredential(params.get('X-Amz-Credential') ?? '');
    const signature = params.get('X-Amz-Signature') ?? '';
    if (params.get('X-Amz-Algorithm') !== ALGORITHM || !credential || !/^[0-9a-f]{64}$/.test(signature)) {
      return { ok: false, code: 'AccessDenied', message: 'The presigned URL is not an AWS Signature Version 4.' };
    }
    const amzDate = params.get('X-Amz-Date') ?? '';
    const expires = Number(params.get('X-Amz-Expires'));
    const at = amzDateMs(amzDate);
    if (Number.isNaN(at) || !Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS) {
      return { ok: false, code: 'AccessDenied', message: 'The presigned URL has no valid date or expiry.' };
    }
    if (nowMs > at + expires * 1000 || at - nowMs > MAX_SKEW_MS) return { ok: false, code: 'RequestExpired', message: 'The presigned URL has expired.' };
    const signedHeaders = (params.get('X-Amz-SignedHeaders') ?? '').split(';');
    const payloadHash = params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
    return verifyParts(request, { ...credential, signedHeaders, signature, amzDate }, payloadHash, 'X-Amz-Signature', credentials);
  }
  return { ok: false, code: 'MissingAuthentication', message: "The request is not signed: this endpoint answers only this machine's Leadflow process." };
}
