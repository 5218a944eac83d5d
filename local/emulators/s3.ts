import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { privateSocketFolder, startAuthGate, type Gate } from './authGate';
import { postUploadHandler } from './postPolicy';
import type { LocalCredentials } from './sigv4';
// s3rver ships no types.
import S3rver from 's3rver';

/** s3rver only accepts these credentials (docs/toolchain.md, s3rver). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * What Leadflow's S3 client must do differently against s3rver (docs/toolchain.md, s3rver): path-style addressing,
 * the only one it understands, and checksums only where required, because s3rver stores streamed uploads
 * corrupted with the SDK's newer default checksums.
 */
export const S3_EMULATOR_CLIENT = {
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const satisfies S3ClientConfig;

export interface S3Emulator {
  url: string;
  /** AWS-shaped S3 event records for created objects, as an S3 notification would deliver them. */
  onObjectCreated(listener: (event: { Records: unknown[] }) => void): void;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  configureBuckets(): Promise<void>;
  listen(path: string): Promise<unknown>;
  /** what close() closes; run() sets it */
  httpServer?: unknown;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: unknown[] }) => void): void;
}

/** S3's own answer to a request it cannot authenticate. */
function refuse(res: ServerResponse, verdict: { code: string; message: string }): void {
  const code = verdict.code === 'MissingAuthentication' ? 'AccessDenied' : verdict.code;
  res.writeHead(403, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${verdict.message}</Message></Error>`);
}

/** s3rver knows its own access key only, and does not check V4 signatures: the gate has, so the key is swapped. */
function asS3rver(accessKeyId: string) {
  return (req: IncomingMessage) => ({
    url: (req.url ?? '/').replace(`X-Amz-Credential=${accessKeyId}%2F`, `X-Amz-Credential=${S3RVER_CREDENTIALS.accessKeyId}%2F`),
    headers: {
      ...req.headers,
      ...(req.headers.authorization && {
        authorization: req.headers.authorization.replace(`Credential=${accessKeyId}/`, `Credential=${S3RVER_CREDENTIALS.accessKeyId}/`),
      }),
    },
  });
}

/**
 * S3 on loopback (s3rver, files in a temporary directory removed on close). With `credentials`, s3rver listens on
 * a private socket and only requests signed with them, presigned with them, or uploaded by a presigned POST whose
 * policy holds (local/emulators/postPolicy.ts) reach it: an anonymous GET of a result or PUT into inbox/ is
 * refused, as on AWS. `clock` is what a presigned POST's policy expiration is compared with (tests move it).
 */
export async function startS3Emulator(buckets: string[], options: { credentials?: LocalCredentials; clock?: () => number } = {}): Promise<S3Emulator> {
  const directory = await mkdtemp(join(tmpdir(), 'leadflow-s3-'));
  const Server = S3rver as unknown as new (options: Record<string, unknown>) => S3rverInstance;
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { credentials } = options;
  let url: string;
  let gate: Gate | undefined;
  const sockets = credentials && privateSocketFolder();
  if (sockets && credentials) {
    const socket = sockets.path('s3');
    // What run() does, on the private socket instead of a TCP port.
    await server.configureBuckets();
    server.httpServer = await server.listen(socket);
    gate = await startAuthGate({
      upstream: socket,
      credentials,
      kind: 's3',
      refuse,
      rewrite: asS3rver(credentials.accessKeyId),
      unsigned: postUploadHandler(socket, credentials, options.clock ?? Date.now),
    });
    url = gate.url;
  } else {
    const { address, port } = await server.run();
    url = `http://${address}:${port}`;
  }
  return {
    url,
    onObjectCreated: (listener) => server.on('event', listener),
    async close() {
      await gate?.close();
      await server.close();
      sockets?.remove();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
