import * as z from 'zod';

/** The document's error body: `{"status": 400, "error": "Message about issue"}` (also used for 403 and 500). */
const ErrorBodySchema = z.looseObject({ error: z.string().nullish() });

const MAX_ERROR_TEXT = 200;

/**
 * An error body is a sentence or two; reading more than this would only let a misbehaving endpoint make a Lambda
 * buffer (and regex-scan) whatever it sends.
 */
export const MAX_ERROR_BODY_BYTES = 8 * 1024;

/**
 * At most `maxBytes` of a body, as text; the rest is never read and the stream is released. A multibyte character
 * cut at the cap decodes to U+FFFD, which is harmless for the checks made on this text.
 */
export async function readCappedText(res: Response, maxBytes = MAX_ERROR_BODY_BYTES): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that breaks off mid-way is read as far as it got: it only ever feeds an error message.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBytes));
}

/**
 * Words a rate-limit refusal uses. The document answers an over-limit key with 403, the status it also uses for a
 * bad key ("Make sure to check the response objects when getting a 403 error"), so the body is what tells them
 * apart. No nested quantifiers and a capped input: the check is linear and bounded.
 */
const LIMIT_WORDS = /rate[\s_-]?limit|too many requests|quota|exceed|throttl/i;

/** Whether a (capped) error body speaks of a limit rather than of the key. */
export function speaksOfLimit(text: string): boolean {
  return LIMIT_WORDS.test(text);
}

/** The vendor's `error` text, one short line, or undefined when the body has none or is not JSON. */
export async function readVendorError(res: Response): Promise<string | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readCappedText(res));
  } catch {
    return undefined;
  }
  const parsed = ErrorBodySchema.safeParse(raw);
  const text = parsed.success ? parsed.data.error : undefined;
  if (!text) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is taken out
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > MAX_ERROR_TEXT ? `${oneLine.slice(0, MAX_ERROR_TEXT)}…` : oneLine || undefined;
}
