import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, type Readable } from 'node:stream';
import { s3Client } from './clients';
import type { ObjectWriter } from '../app/ports';
import { LeadFileError } from '../core/csv/leadFileError';
import { linesOf } from '../core/lines';

export async function readObject(bucket: string, key: string): Promise<Readable> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body as Readable;
}

/** S3 event records give an ETag bare, GetObject in quotes. */
export const bareETag = (etag: string): string => etag.replace(/^"|"$/g, '');

/**
 * The object's body and ETag; with `etag`, only that version of it. S3 answers 412 to If-Match when the object
 * was replaced, and the ETag of what came back is compared too (for stores that ignore If-Match): a replaced
 * object throws LeadFileError rather than be read in place of the one the job started with.
 */
export async function readObjectVersion(bucket: string, key: string, etag?: string): Promise<{ body: Readable; etag: string }> {
  const replaced = () =>
    new LeadFileError('The input file was replaced after the job started; Leadflow reads only the file it was given. Start a new job for the new file.');
  const out = await s3Client()
    .send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(etag !== undefined && { IfMatch: `"${etag}"` }) }))
    .catch((error: unknown) => {
      throw error instanceof Error &&
        (error.name === 'PreconditionFailed' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412)
        ? replaced()
        : error;
    });
  const got = bareETag(out.ETag ?? '');
  if (etag !== undefined && got !== etag) {
    (out.Body as Readable).destroy();
    throw replaced();
  }
  return { body: out.Body as Readable, etag: got };
}

export async function readJson<T>(bucket: string, key: string): Promise<T> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await out.Body!.transformToString('utf-8')) as T;
}

/** Undefined when the object does not exist, so callers can treat "not written yet" as a state. */
export async function readJsonIfExists<T>(bucket: string, key: string): Promise<T | undefined> {
  const text = await readTextIfExists(bucket, key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

export async function readTextIfExists(bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body!.transformToString('utf-8');
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

export async function* readJsonLines<T>(bucket: string, key: string): AsyncGenerator<T> {
  const body = (await readObject(bucket, key)).setEncoding('utf-8');
  for await (const line of linesOf(body as AsyncIterable<string>)) {
    if (line.trim() !== '') yield JSON.parse(line) as T;
  }
}

export async function readJsonLinesIfExists<T>(bucket: string, key: string): Promise<T[] | undefined> {
  try {
    const items: T[] = [];
    for await (const item of readJsonLines<T>(bucket, key)) items.push(item);
    return items;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

export async function putObject(bucket: string, key: string, body: string | Uint8Array, contentType: string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

export function putJson(bucket: string, key: string, value: unknown): Promise<void> {
  return putObject(bucket, key, JSON.stringify(value), 'application/json');
}

export function putJsonLines(bucket: string, key: string, values: readonly unknown[]): Promise<void> {
  return putObject(bucket, key, `${values.map((v) => JSON.stringify(v)).join('\n')}\n`, 'application/x-ndjson');
}

/**
 * A multipart upload fed chunk by chunk, so files of any size are written with flat memory.
 * `write` honours back-pressure: it resolves once the stream can take more.
 */
export function openObjectWriter(bucket: string, key: string, contentType: string): ObjectWriter {
  const body = new PassThrough();
  const upload = new Upload({
    client: s3Client(),
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
    queueSize: 2,
  });
  const done = upload.done();
  // Surface upload failures through write/end rather than as an unhandled rejection.
  done.catch(() => undefined);
  return {
    async write(chunk) {
      if (!body.write(chunk)) {
        await Promise.race([new Promise((resolve) => body.once('drain', resolve)), done]);
      }
    },
    async end() {
      body.end();
      await done;
    },
  };
}

/** Replaces `to` with a copy of `from`, inside the bucket (no data through the function). */
export async function copyObject(bucket: string, from: string, to: string): Promise<void> {
  await s3Client().send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${encodeURIComponent(from).replace(/%2F/g, '/')}` }));
}
