/*
 * The local emulators answer only this process: S3, DynamoDB, Secrets Manager, Step Functions and EventBridge
 * refuse anonymous requests and requests signed with other credentials, as AWS would, while the runtime's own
 * clients and the presigned URLs it hands out keep working. Nothing an attacker on this machine sends reads lead
 * data, starts a job, hands out a signing key or settles a task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { startS3Emulator } from '../../local/emulators/s3';
import { generateCredentials } from '../../local/emulators/authGate';
import { LocalRuntime, type JobRun } from '../../local/runtime';
import { s3Client } from '../../lambdas/aws/clients';
import { JobsRepository } from '../../lambdas/aws/jobsRepository';
import { readObjectVersion } from '../../lambdas/aws/s3';
import { tempDir, writeLeadFile } from './support';

let runtime: LocalRuntime;
let run: JobRun;
let bucket: string;
let enrichedKey: string;

const endpoint = (service: 'S3' | 'DYNAMODB' | 'SECRETS_MANAGER' | 'SFN' | 'EVENTBRIDGE') => process.env[`AWS_ENDPOINT_URL_${service}`]!;
const region = 'us-east-1';
/** The right access key with a wrong secret, and a key this machine never issued. */
const forged = () => [
  { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: 'not-the-secret' },
  { accessKeyId: 'AKIAFORGED0000000000', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },
];

beforeAll(async () => {
  runtime = await LocalRuntime.start();
  run = await runtime.runJob(writeLeadFile(tempDir(), 30, 5));
  bucket = process.env.DATA_BUCKET!;
  enrichedKey = run.job.outputs!.enrichedCsv!;
});

afterAll(async () => {
  await runtime?.close();
});

/** The error name an SDK call fails with, or 'ok'. */
const jobCount = async () => (await new JobsRepository(process.env.JOBS_TABLE!, 14).list({ limit: 1000 })).jobs.length;
const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'ok',
    (error: Error) => error.name,
  );

describe('the local S3', () => {
  it('refuses an anonymous read of a result and an anonymous drop into inbox/; no job starts', async () => {
    const read = await fetch(`${endpoint('S3')}/${bucket}/${enrichedKey}`);
    expect(read.status).toBe(403);
    expect(await read.text()).not.toContain('@');
    const jobsBefore = await jobCount();
    const drop = await fetch(`${endpoint('S3')}/${bucket}/inbox/planted.csv`, { method: 'PUT', body: 'Email\nx@example.com\n' });
    expect(drop.status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await jobCount()).toBe(jobsBefore);
    expect(await outcome(s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: 'inbox/planted.csv' })))).toBe('NoSuchKey');
  });

  it("refuses requests signed with a wrong secret or an unknown key, and answers the runtime's own", async () => {
    for (const credentials of forged()) {
      const client = new S3Client({ endpoint: endpoint('S3'), region, credentials, forcePathStyle: true });
      expect(await outcome(client.send(new GetObjectCommand({ Bucket: bucket, Key: enrichedKey })))).not.toBe('ok');
      expect(await outcome(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'inbox/forged.csv', Body: 'Email\n' })))).not.toBe('ok');
    }
    expect(await outcome(s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: enrichedKey })))).toBe('ok');
  });

  it('honours its own presigned URLs, not one edited to another key, nor one presigned with other credentials', async () => {
    const url = await getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: enrichedKey }), { expiresIn: 60 });
    expect((await fetch(url)).status).toBe(200);
    const other = run.job.outputs!.summary!;
    expect((await fetch(url.replace(encodeURI(enrichedKey), encodeURI(other)))).status).toBe(403);
    const [wrong] = forged();
    const foreign = new S3Client({ endpoint: endpoint('S3'), region, credentials: wrong!, forcePathStyle: true });
    expect((await fetch(await getSignedUrl(foreign, new GetObjectCommand({ Bucket: bucket, Key: enrichedKey }), { expiresIn: 60 }))).status).toBe(403);
  });
});

describe('the local DynamoDB, Secrets Manager, Step Functions and EventBridge', () => {
  const anonymous = (service: 'DYNAMODB' | 'SECRETS_MANAGER' | 'SFN' | 'EVENTBRIDGE', target: string, body: unknown) =>
    fetch(endpoint(service), { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body: JSON.stringify(body) });

  it('refuse anonymous requests: no table read, no signing key handed out, no task settled, no event put', async () => {
    const attempts = [
      await anonymous('DYNAMODB', 'DynamoDB_20120810.Scan', { TableName: process.env.JOBS_TABLE }),
      await anonymous('SECRETS_MANAGER', 'secretsmanager.GetSecretValue', { SecretId: process.env.CALLBACK_SIGNING_SECRET_ID }),
      await anonymous('SFN', 'AWSStepFunctions.SendTaskSuccess', { taskToken: 'x', output: '{}' }),
      await anonymous('EVENTBRIDGE', 'AWSEvents.PutEvents', { Entries: [{ Source: 'leadflow', DetailType: 'Leadflow Job Completed', Detail: '{}' }] }),
    ];
    for (const response of attempts) {
      expect([400, 403]).toContain(response.status);
      const body = (await response.json()) as { __type: string };
      expect(body.__type).toMatch(/UnrecognizedClientException|MissingAuthentication/);
    }
    expect(runtime.events.filter((e) => e.source === 'leadflow' && JSON.stringify(e.detail) === '{}')).toEqual([]);
  });

  it("refuse requests signed with other credentials, and answer the runtime's own", async () => {
    for (const credentials of forged()) {
      const dynamodb = new DynamoDBClient({ endpoint: endpoint('DYNAMODB'), region, credentials });
      expect(await outcome(dynamodb.send(new ScanCommand({ TableName: process.env.JOBS_TABLE })))).toMatch(/UnrecognizedClient|InvalidSignature/);
      const secrets = new SecretsManagerClient({ endpoint: endpoint('SECRETS_MANAGER'), region, credentials });
      expect(await outcome(secrets.send(new GetSecretValueCommand({ SecretId: process.env.CALLBACK_SIGNING_SECRET_ID })))).toMatch(
        /UnrecognizedClient|InvalidSignature/,
      );
    }
    expect(await outcome(new DynamoDBClient({}).send(new ScanCommand({ TableName: process.env.JOBS_TABLE })))).toBe('ok');
    expect(await outcome(new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.CALLBACK_SIGNING_SECRET_ID })))).toBe('ok');
  });

  it('refuse a genuine signature replayed with another body', async () => {
    let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
    const client = new DynamoDBClient({});
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; hostname: string; port?: number; path: string; body: string };
        captured = { url: `http://${request.hostname}:${request.port}${request.path}`, headers: { ...request.headers }, body: request.body };
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await client.send(new ScanCommand({ TableName: process.env.JOBS_TABLE, Limit: 1 }));
    // The same length, so only the signed body hash can tell.
    const body = captured!.body.replace('"Limit":1', '"Limit":9');
    expect(body).not.toBe(captured!.body);
    const replay = await fetch(captured!.url, { method: 'POST', headers: captured!.headers, body });
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { __type: string }).__type).toMatch(/InvalidSignature/);
  });
});

describe('a presigned POST to the local S3', () => {
  it("stores a file within the policy's size range, refuses a larger or empty one before storing it, and an expired form", async () => {
    const credentials = generateCredentials();
    // The gate's clock, moved on instead of waiting for a form to expire.
    let ahead = 0;
    const s3 = await startS3Emulator(['uploads-bucket'], { credentials, clock: () => Date.now() + ahead });
    try {
      const client = new S3Client({ endpoint: s3.url, region, credentials, forcePathStyle: true });
      const presign = (key: string, expires = 60) =>
        createPresignedPost(client, {
          Bucket: 'uploads-bucket',
          Key: key,
          Fields: { 'Content-Type': 'text/csv' },
          Conditions: [['content-length-range', 1, 1024]],
          Expires: expires,
        });
      const post = async (form: { url: string; fields: Record<string, string> }, body: string) => {
        const data = new FormData();
        for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
        data.append('file', new Blob([body]), 'leads.csv');
        const response = await fetch(form.url, { method: 'POST', body: data });
        return { status: response.status, text: await response.text() };
      };
      const stored = async (key: string) => outcome(client.send(new GetObjectCommand({ Bucket: 'uploads-bucket', Key: key })));

      const tooBig = await post(await presign('a.csv'), 'x'.repeat(1025));
      expect([tooBig.status, tooBig.text]).toEqual([400, expect.stringContaining('EntityTooLarge')]);
      expect(await stored('a.csv')).toBe('NoSuchKey');
      expect((await post(await presign('b.csv'), '')).status).toBe(400);
      expect(await stored('b.csv')).toBe('NoSuchKey');
      const expired = await presign('c.csv', 1);
      ahead = 2_000;
      expect((await post(expired, 'Email\n')).status).toBe(403);
      expect(await stored('c.csv')).toBe('NoSuchKey');

      expect((await post(await presign('d.csv'), 'x'.repeat(1024))).status).toBe(204);
      const object = await client.send(new GetObjectCommand({ Bucket: 'uploads-bucket', Key: 'd.csv' }));
      expect([object.ContentType, object.ContentLength]).toEqual(['text/csv', 1024]);
    } finally {
      await s3.close();
    }
  });
});

describe('reading the input a job started with', () => {
  it('reads the version pinned by its ETag, and refuses a replaced object rather than read it', async () => {
    const key = 'uploads/pinned/leads.csv';
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'Email\nada@example.com\n' }));
    const first = await readObjectVersion(bucket, key);
    first.body.resume();
    expect((await readObjectVersion(bucket, key, first.etag)).etag).toBe(first.etag);
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'Email\nmallory@evil.example\n' }));
    await expect(readObjectVersion(bucket, key, first.etag)).rejects.toThrow(/replaced after the job started/);
  });
});
