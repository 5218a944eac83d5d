import { readLeadFile, type ReadLeadFileOptions } from '../../lambdas/core/csv/readLeadFile';

/** A byte source that delivers `bytes` in chunks of `chunkSize` (small sizes split multi-byte characters). */
export async function* chunked(bytes: Uint8Array | string, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  for (let offset = 0; offset < buffer.length; offset += chunkSize) {
    yield buffer.subarray(offset, offset + chunkSize);
  }
}

/** Every record readLeadFile yields for the given file contents. */
export async function readAll(bytes: Uint8Array | string, options?: ReadLeadFileOptions & { chunkSize?: number }): Promise<string[][]> {
  const records: string[][] = [];
  for await (const record of readLeadFile(chunked(bytes, options?.chunkSize), options)) records.push(record);
  return records;
}

/** The error readAll rejects with (fails the test if it resolves). */
export async function readError(bytes: Uint8Array | string, options?: ReadLeadFileOptions): Promise<Error> {
  try {
    await readAll(bytes, options);
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected readLeadFile to fail');
}
