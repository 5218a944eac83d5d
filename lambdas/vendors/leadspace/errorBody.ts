import * as z from 'zod';

/** The vendor's "General JSON response format" for errors. `details` is left out on purpose: it may echo input. */
const ErrorBodySchema = z.looseObject({
  error: z.string().nullish(),
  tracking_id: z.string().nullish(),
});

export interface VendorErrorSummary {
  error?: string;
  trackingId?: string;
}

const MAX_ERROR_TEXT = 200;

/** Reads an error response's body; the document says it "may or may not exist in a JSON format". */
export async function readErrorSummary(res: Response): Promise<VendorErrorSummary> {
  let raw: unknown;
  try {
    raw = JSON.parse(await res.text());
  } catch {
    return {};
  }
  const parsed = ErrorBodySchema.safeParse(raw);
  if (!parsed.success) return {};
  return {
    ...(parsed.data.error && { error: clean(parsed.data.error) }),
    ...(parsed.data.tracking_id && { trackingId: clean(parsed.data.tracking_id) }),
  };
}

/** " (tracking id X)" or "", for appending to a message that support may be asked about. */
export function trackingSuffix(summary: VendorErrorSummary): string {
  return summary.trackingId ? ` (tracking id ${summary.trackingId})` : '';
}

// Vendor text goes into our error messages: keep it one short line.
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is taken out
  const oneLine = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > MAX_ERROR_TEXT ? `${oneLine.slice(0, MAX_ERROR_TEXT)}…` : oneLine;
}
