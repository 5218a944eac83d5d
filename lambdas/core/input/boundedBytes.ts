import { LeadFileError } from '../csv/leadFileError';

/**
 * Passes a byte stream through until it exceeds `maxBytes`, then refuses it: a small gzip archive can expand to
 * gigabytes, and a job reads at most what its configuration allows (maxInputMegabytes).
 */
export async function* boundedBytes(source: AsyncIterable<Uint8Array>, maxBytes: number, what: string): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new LeadFileError(
        `The file is larger than ${formatMegabytes(maxBytes)}${what ? ` ${what}` : ''}; Leadflow reads at most that much per job (maxInputMegabytes).`,
      );
    }
    yield chunk;
  }
}

const formatMegabytes = (bytes: number) =>
  bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576).toLocaleString('en-US')} MB` : `${Math.ceil(bytes / 1_024).toLocaleString('en-US')} KB`;
