import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver ships no types.
import S3rver from 's3rver';

/** s3rver only accepts these credentials (TOOLCHAIN.md). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Emulator {
  url: string;
  /** AWS-shaped S3 event records for created objects, as an S3 notification would deliver them. */
  onObjectCreated(listener: (event: { Records: unknown[] }) => void): void;
  close(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: unknown[] }) => void): void;
}

/** S3 on loopback (s3rver, files in a temporary directory removed on close). */
export async function startS3Emulator(buckets: string[]): Promise<S3Emulator> {
  const directory = await mkdtemp(join(tmpdir(), 'leadflow-s3-'));
  const Server = S3rver as unknown as new (options: Record<string, unknown>) => S3rverInstance;
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { address, port } = await server.run();
  return {
    url: `http://${address}:${port}`,
    onObjectCreated: (listener) => server.on('event', listener),
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
