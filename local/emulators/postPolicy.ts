import busboy from 'busboy';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { signingKey, type LocalCredentials } from './sigv4';

/*
 * S3's browser-based upload (a presigned POST), which s3rver takes without checking its policy: the S3 gate checks
 * the signature of the policy and every condition in it, as S3 does, before the file reaches s3rver. Only what
 * Leadflow's presigned POSTs use is accepted: eq and starts-with on fields, content-length-range, expiration.
 */

type Condition = Record<string, string> | [string, string, string] | ['content-length-range', number, number];

interface Refusal {
  status: number;
  code: string;
  message: string;
}

const refused = (message: string, code = 'AccessDenied', status = 403): Refusal => ({ status, code, message });

/** Fields S3 does not hold to the policy's conditions. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy']);

function checkPolicy(fields: Map<string, string>, bucket: string, credentials: LocalCredentials, nowMs: number): Refusal | { range: [number, number] } {
  const policy = fields.get('policy');
  const signature = fields.get('x-amz-signature') ?? '';
  const credential = (fields.get('x-amz-credential') ?? '').split('/');
  if (!policy || fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' || credential.length !== 5)
    return refused('The form carries no Signature Version 4 policy.');
  if (credential[0] !== credentials.accessKeyId) return refused('The access key is not one this machine issued.', 'InvalidAccessKeyId');
  const [, date, region, service] = credential as [string, string, string, string];
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, date, region, service))
    .update(policy, 'utf8')
    .digest('hex');
  if (signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    return refused("The policy signature does not match the one calculated with this machine's credentials.", 'SignatureDoesNotMatch');
  }
  let document: { expiration?: string; conditions?: Condition[] };
  try {
    document = JSON.parse(Buffer.from(policy, 'base64').toString('utf8')) as typeof document;
  } catch {
    return refused('The policy is not JSON.', 'InvalidPolicyDocument', 400);
  }
  if (!document.expiration || !(Date.parse(document.expiration) > nowMs)) return refused('Invalid according to Policy: Policy expired.');
  const values = new Map(fields);
  values.set('bucket', bucket);
  const covered = new Set<string>(['bucket']);
  let range: [number, number] = [0, Number.MAX_SAFE_INTEGER];
  for (const condition of document.conditions ?? []) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      range = [Number(condition[1]), Number(condition[2])];
      continue;
    }
    const [op, name, value] = Array.isArray(condition)
      ? [String(condition[0]).toLowerCase(), String(condition[1]).replace(/^\$/, '').toLowerCase(), String(condition[2])]
      : ['eq', Object.keys(condition)[0]!.toLowerCase(), String(Object.values(condition)[0])];
    const given = values.get(name) ?? '';
    const holds = op === 'eq' ? given === value : op === 'starts-with' ? given.startsWith(value) : false;
    if (!holds) return refused(`Invalid according to Policy: Policy Condition failed: ${name}`);
    covered.add(name);
  }
  for (const name of fields.keys()) {
    if (!EXEMPT.has(name) && !name.startsWith('x-ignore-') && !covered.has(name)) return refused(`Invalid according to Policy: Extra input fields: ${name}`);
  }
  return { range };
}

/**
 * Answers an unsigned multipart POST to a bucket as S3 would (the object stored, 204), or refuses it in S3's
 * XML; false for any other unsigned request, which the gate refuses itself. The file is spooled to a temporary
 * file while counted, so one over the policy's size range is refused before s3rver sees a byte of it.
 */
export function postUploadHandler(upstream: string, credentials: LocalCredentials, now: () => number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const bucket = /^\/([^/?]+)\/?(\?|$)/.exec(req.url ?? '')?.[1];
    if (req.method !== 'POST' || !bucket || !/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return false;
    const spool = join(tmpdir(), `leadflow-post-${randomUUID()}`);
    try {
      const outcome = await receive(req, bucket, credentials, now(), spool);
      if ('status' in outcome) {
        req.resume();
        res.writeHead(outcome.status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${outcome.code}</Code><Message>${outcome.message}</Message></Error>`);
        return true;
      }
      const status = await put(upstream, `/${bucket}/${outcome.key.split('/').map(encodeURIComponent).join('/')}`, outcome.contentType, spool);
      res.writeHead(status === 200 ? 204 : 502).end();
      return true;
    } finally {
      await rm(spool, { force: true });
    }
  };
}

async function receive(
  req: IncomingMessage,
  bucket: string,
  credentials: LocalCredentials,
  nowMs: number,
  spool: string,
): Promise<Refusal | { key: string; contentType: string }> {
  const fields = new Map<string, string>();
  const form = busboy({ headers: req.headers, limits: { fields: 30, fieldSize: 20_000, files: 1, parts: 32 } });
  return new Promise((resolve, reject) => {
    let fileSeen = false;
    form.on('field', (name, value) => {
      if (!fileSeen) fields.set(name.toLowerCase(), value);
    });
    form.on('file', (name, file) => {
      if (name !== 'file' || fileSeen) return void file.resume();
      fileSeen = true;
      const verdict = checkPolicy(fields, bucket, credentials, nowMs);
      if ('status' in verdict) {
        file.resume();
        return resolve(verdict);
      }
      const [min, max] = verdict.range;
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          done(size > max ? new Error('too large') : null, chunk);
        },
      });
      pipeline(file, counter, createWriteStream(spool)).then(
        async () => {
          const written = (await stat(spool)).size;
          if (written < min) return resolve(refused('Your proposed upload is smaller than the minimum allowed size', 'EntityTooSmall', 400));
          resolve({ key: fields.get('key') ?? '', contentType: fields.get('content-type') ?? 'binary/octet-stream' });
        },
        () => resolve(refused('Your proposed upload exceeds the maximum allowed size', 'EntityTooLarge', 400)),
      );
    });
    form.on('close', () => {
      if (!fileSeen) resolve(refused('POST requires exactly one file upload per request.', 'InvalidArgument', 400));
    });
    form.on('error', reject);
    req.pipe(form);
  });
}

/** Stores the spooled file in s3rver through its private socket. */
function put(socketPath: string, path: string, contentType: string, file: string): Promise<number> {
  return stat(file).then(
    ({ size }) =>
      new Promise((resolve, reject) => {
        const upstream = httpRequest({ socketPath, method: 'PUT', path, headers: { 'content-type': contentType, 'content-length': size } }, (answer) => {
          answer.resume();
          answer.on('end', () => resolve(answer.statusCode ?? 502));
        });
        upstream.on('error', reject);
        createReadStream(file).pipe(upstream);
      }),
  );
}
