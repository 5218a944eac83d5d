import iconv from 'iconv-lite';
import { detectEncoding, type DeclaredEncoding } from '../csv/detectEncoding';
import { peekBytes } from '../csv/peekBytes';

/** As for CSV: enough of the file to meet a byte order mark and the first non-ASCII characters. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Streams a text file as strings, with the CSV reader's encoding rules: a BOM wins (Windows PowerShell writes JSON
 * as UTF-16LE with a BOM), then the declared encoding, then UTF-8 if the sample is valid UTF-8, else Windows-1252.
 * JSON is UTF-8 by its RFC, but exports made by hand in Windows tools are not always; reading them like CSV keeps
 * accented names instead of turning them into U+FFFD. The BOM itself is dropped. An empty source yields nothing.
 */
export async function* decodeText(source: AsyncIterable<Uint8Array>, declared?: DeclaredEncoding): AsyncGenerator<string> {
  const bytes = await peekBytes(source, SAMPLE_BYTES);
  try {
    if (bytes.sample.byteLength === 0) return;
    // The stateful decoder carries a character split across two chunks over to the next one.
    const decoder = iconv.getDecoder(detectEncoding(bytes.sample, bytes.sampleIsWholeStream, declared));
    for await (const chunk of bytes.chunks) {
      const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    await bytes.close();
  }
}
