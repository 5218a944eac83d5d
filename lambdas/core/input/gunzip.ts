import { Readable, pipeline, type TransformOptions } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { LeadFileError } from '../csv/leadFileError';

/**
 * Decompresses a gzip byte stream as it arrives (memory stays flat whatever the archive expands to). Concatenated
 * gzip members are read as one stream, as `gunzip` does. Anything zlib rejects (not gzip at all, truncated, corrupt,
 * an empty file) becomes one readable LeadFileError; errors of the source itself pass through unchanged.
 */
export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // The read-ahead of compressed input is set, not left to the default (16 KiB before Node.js 22, 64 KiB since), so
  // that how much of the source a reader that stops early has pulled does not depend on the Node.js version. zlib
  // hands its options on to the Transform it is, though its types name only its own.
  const options: ZlibOptions & TransformOptions = { highWaterMark: 16 * 1024 };
  const inflater = createGunzip(options);
  // pipeline, not pipe: a failing source must fail the inflater (pipe would leave it waiting forever), and a
  // consumer that stops early destroys the inflater, which pipeline turns into closing the source.
  const closed = new Promise<void>((resolve) => pipeline(Readable.from(source), inflater, () => resolve()));
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (isZlibError(error)) throw new LeadFileError('The file is not a valid gzip archive.');
    throw error;
  } finally {
    // Returns only once the source is released too, as readLeadFile's own cleanup does.
    inflater.destroy();
    await closed;
  }
}

/** zlib errors carry a `Z_…` code (Z_DATA_ERROR for a bad header or block, Z_BUF_ERROR for a truncated stream). */
function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}
