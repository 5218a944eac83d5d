/** The text encodings Leadflow reads; names are the ones iconv-lite understands. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Encodings a caller may force when detection guesses wrong; UTF-16 always announces itself with a BOM. */
export type DeclaredEncoding = 'utf-8' | 'windows-1252';

/**
 * Picks the encoding of a file from its first bytes.
 *
 * A byte order mark wins over everything, even a declared encoding: it is unambiguous, and Excel writes one for
 * both "CSV UTF-8" and "Unicode text" (UTF-16LE). Without a BOM, the declared encoding is used if given; otherwise
 * the sample is tried as UTF-8 and anything that is not valid UTF-8 is taken to be Windows-1252, which is what
 * Excel on Windows writes for a plain "CSV" save.
 *
 * @param sample the first bytes of the file (the whole file if it is shorter)
 * @param sampleIsWholeFile when false, an incomplete multi-byte character at the very end of the sample is not
 *   counted against UTF-8: the sample boundary may simply cut it in two.
 */
export function detectEncoding(sample: Uint8Array, sampleIsWholeFile: boolean, declared?: DeclaredEncoding): TextEncoding {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(sample, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(sample, [0xfe, 0xff])) return 'utf-16be';
  if (declared) return declared;
  return isValidUtf8(sample, sampleIsWholeFile) ? 'utf-8' : 'windows-1252';
}

/** Whether the file starts with a byte order mark (the output then gets one too: Excel relies on it). */
export function hasByteOrderMark(sample: Uint8Array): boolean {
  return [
    [0xef, 0xbb, 0xbf],
    [0xff, 0xfe],
    [0xfe, 0xff],
  ].some((mark) => startsWith(sample, mark));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

function isValidUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a whole file (streamed, flat memory) to decide between UTF-8 and Windows-1252 when the first bytes cannot:
 * a file whose first accented name comes after the detection sample would otherwise be decoded as UTF-8 and lose
 * those characters. Worth the extra read where the file can be read twice (an S3 object).
 */
export async function scanTextEncoding(source: AsyncIterable<Uint8Array>): Promise<DeclaredEncoding> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of source) decoder.decode(chunk, { stream: true });
    decoder.decode();
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}
