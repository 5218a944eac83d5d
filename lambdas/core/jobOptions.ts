import { z } from 'zod';

/** Vendors a plan can name; later issues add LeadGenius and AggKnowledge. */
export const VENDORS = ['leadspace'] as const;

/**
 * What a user can choose per job, through the API body, an upload request or a drop-folder sidecar.
 * Stored on the job row; never contains lead data.
 */
export const JobOptionsSchema = z
  .object({
    plan: z.array(z.enum(VENDORS)).min(1).default(['leadspace']).describe('Vendors to run, in order'),
    columnMapping: z
      .record(z.string(), z.string())
      .optional()
      .describe('Lead field → input column name; "" leaves a field unmapped'),
    webhookUrl: z.url({ protocol: /^https?$/ }).optional().describe('Called (signed) when the job ends'),
  })
  .strict();

export type JobOptions = z.infer<typeof JobOptionsSchema>;
