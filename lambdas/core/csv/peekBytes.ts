/** The first bytes of a stream, and the whole stream (those bytes included) still to be read. */
export interface PeekedBytes {
  /** Up to `size` bytes from the start; shorter only when the stream is. */
  readonly sample: Buffer;
  /** True when the sample is the entire stream. */
  readonly sampleIsWholeStream: boolean;
  /** Every chunk of the stream from the beginning, including the ones read for the sample. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Releases the source when the caller stops before reading `chunks` to the end. */
  close(): Promise<void>;
}

/**
 * Reads just enough of a byte stream to look at its beginning, without losing those bytes for the real read.
 * Only the chunks covering the first `size` bytes are held, so memory does not grow with the file.
 */
export async function peekBytes(source: AsyncIterable<Uint8Array>, size: number): Promise<PeekedBytes> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.byteLength;
  }

  let closed = false;
  const close = async (): Promise<void> => {
    if (closed || done) return;
    closed = true;
    await iterator.return?.();
  };

  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      yield* head.splice(0);
      while (!done) {
        const next = await iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        yield next.value;
      }
    } finally {
      await close();
    }
  }

  return {
    sample: copyPrefix(head, size),
    sampleIsWholeStream: done && headBytes <= size,
    chunks: chunks(),
    close,
  };
}

/** Copies at most `size` bytes: a single huge chunk (a whole file in one Buffer) must not be duplicated. */
function copyPrefix(chunks: readonly Uint8Array[], size: number): Buffer {
  const total = Math.min(
    size,
    chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0),
  );
  const sample = Buffer.alloc(total);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= total) break;
    const take = Math.min(chunk.byteLength, total - offset);
    sample.set(chunk.subarray(0, take), offset);
    offset += take;
  }
  return sample;
}
