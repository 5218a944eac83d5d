import { z } from '@hono/zod-openapi';
import { VENDORS } from '../core/plan';

/** GET /tokens: what `leadflow secrets status` prints, as JSON. Metadata only: no secret value is ever read. */
export const TokenStatusSchema = z
  .object({
    vendor: z.enum(VENDORS),
    configured: z.boolean().describe('The deployment names a secret for this vendor'),
    lastChanged: z.iso.datetime().optional().describe("When the current credential was stored (its version's creation date)"),
    ageDays: z.number().int().min(0).optional(),
    rotateBy: z.iso.datetime().optional().describe('Last change + 180 days'),
    daysLeft: z.number().int().optional().describe('Negative once overdue'),
    overdue: z.boolean().optional(),
    remindersSent: z.array(z.number().int()).describe('Reminders sent for the current version (days of age)'),
    error: z.string().optional().describe('Why the secret could not be described'),
  })
  .openapi('TokenStatus');

export const TokenStatusListSchema = z.object({ tokens: z.array(TokenStatusSchema) }).openapi('TokenStatusList');

export type TokenStatusList = z.infer<typeof TokenStatusListSchema>;
