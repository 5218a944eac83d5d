import { z } from 'zod';

/** The document's error body: `{"status": 400, "error": "Message about issue"}` (also used for 403 and 500). */
const ErrorBodySchema = z.looseObject({ error: z.string().nullish() });

const MAX_ERROR_TEXT = 200;

/** The vendor's `error` text, one short line, or undefined when the body has none or is not JSON. */
export async function readVendorError(res: Response): Promise<string | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await res.text());
  } catch {
    return undefined;
  }
  const parsed = ErrorBodySchema.safeParse(raw);
  const text = parsed.success ? parsed.data.error : undefined;
  if (!text) return undefined;
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > MAX_ERROR_TEXT ? `${oneLine.slice(0, MAX_ERROR_TEXT)}…` : oneLine || undefined;
}
