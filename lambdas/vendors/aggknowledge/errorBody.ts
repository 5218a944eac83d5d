import * as z from 'zod';

/** Leadflow's reading of the error body: `{ "message": "...", "field"?: "requests[3].professionalSocialMediaUrl" }`. */
const ErrorBodySchema = z.looseObject({ field: z.string().nullish() });

// A field path: names, dots and indices only. Anything else (free text that might quote input) is dropped.
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\[\d{1,6}\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_FIELD = 120;

/**
 * The `field` a 400 names, when it is a plain field path. The vendor's `message` is never read: it is free text
 * and could quote a submitted value, and this ends up in error messages stored on a job.
 */
export async function readErrorField(response: Response): Promise<string | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await response.text());
  } catch {
    return undefined;
  }
  const parsed = ErrorBodySchema.safeParse(raw);
  const field = parsed.success ? parsed.data.field : undefined;
  return field && field.length <= MAX_FIELD && FIELD_PATH.test(field) ? field : undefined;
}
