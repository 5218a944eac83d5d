import * as z from 'zod';
import { describeIssuePaths } from '../zodIssues';

const id = z.union([z.number().int(), z.string().min(1)]);

/** `bulk job id;sub job id;email`. The email is everything after the second ';'. */
const WEBHOOK_ID = /^([^;]+);([^;]+);(.+)$/;

/** The body LeadGenius POSTs to a bulk job's webhook_url, once per email found. Extra fields are tolerated. */
export const LeadGeniusWebhookSchema = z.looseObject({
  status: z.literal(200),
  webhook_id: z.string().regex(WEBHOOK_ID),
  result: z.looseObject({
    bulk_id: id,
    domain: z.string(),
    first: z.string(),
    jobid: id,
    last: z.string(),
    // The document's example has "" for a person without a middle name; null/absent are read as "".
    middle: z
      .string()
      .nullish()
      .transform((v) => v ?? ''),
    email: z.string().min(3).includes('@'),
  }),
});

export type LeadGeniusWebhook = z.infer<typeof LeadGeniusWebhookSchema>;
export type LeadGeniusWebhookParse = { success: true; data: LeadGeniusWebhook } | { success: false; error: string };

export interface LeadGeniusWebhookId {
  bulkId: string;
  subJobId: string;
  email: string;
}

/**
 * Validates an incoming webhook. Returns a result instead of throwing: a bad body is an expected input to reject
 * with 400. `error` names fields, never values. Several webhooks per person, and repeats of one webhook (the
 * vendor retries), are normal: deduplicate on `webhook_id`.
 */
export function parseLeadGeniusWebhook(body: unknown): LeadGeniusWebhookParse {
  const parsed = LeadGeniusWebhookSchema.safeParse(body);
  return parsed.success
    ? { success: true, data: parsed.data }
    : {
        success: false,
        error: `LeadGenius webhook body does not match the documented schema (fields: ${describeIssuePaths(parsed.error)})`,
      };
}

/** Splits `bulk;sub;email`; undefined when the id does not have that shape. */
export function splitWebhookId(webhookId: string): LeadGeniusWebhookId | undefined {
  const match = WEBHOOK_ID.exec(webhookId);
  if (!match) return undefined;
  const [, bulkId, subJobId, email] = match as unknown as [string, string, string, string];
  return { bulkId, subJobId, email };
}
