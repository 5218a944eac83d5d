import { z } from 'zod';
import { describeIssuePaths } from '../zodIssues';

const counter = z.number().int().nonnegative();

/** The body Leadspace POSTs to a bulk's callbackUrl. Extra fields are kept: the vendor may add some. */
export const LeadspaceCallbackSchema = z.looseObject({
  bulkId: z.string().min(1),
  callbackMethod: z.looseObject({
    callbackUrl: z.string(),
    pollingUrl: z.string(),
  }),
  bulkStatus: z.enum(['COMPLETED', 'INSUFFICIENT_CREDITS', 'INTERNAL_ERROR']),
  successRecords: counter,
  personEnriched: counter,
  companyEnriched: counter,
});

export type LeadspaceCallback = z.infer<typeof LeadspaceCallbackSchema>;
export type LeadspaceBulkStatus = LeadspaceCallback['bulkStatus'];

export type LeadspaceCallbackParse = { success: true; data: LeadspaceCallback } | { success: false; error: string };

/**
 * Validates an incoming callback. Returns a result instead of throwing because a bad callback is an expected
 * input to reject with 400, not a failure of Leadflow. `error` names the offending fields, never their values.
 *
 * The body arrives from the network: treat `bulkId` only as a lookup key, and poll with the polling path stored
 * at submission rather than the `pollingUrl` given here, so a forged callback cannot redirect the API token.
 */
export function parseLeadspaceCallback(body: unknown): LeadspaceCallbackParse {
  const parsed = LeadspaceCallbackSchema.safeParse(body);
  return parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, error: `Leadspace callback body does not match the documented schema (fields: ${describeIssuePaths(parsed.error)})` };
}
