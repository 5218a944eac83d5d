import { z } from 'zod';

const count = z.number().int().nonnegative();

/** The 200 body of GET /v1/emailguess/bulk/job/status/<jobid>. */
export const LeadGeniusStatusBodySchema = z.looseObject({
  results: z.looseObject({
    results: z.array(
      z.looseObject({
        first: z.string(),
        middle: z.string().nullish().transform((v) => v ?? ''),
        last: z.string(),
        email: z.string().includes('@'),
      }),
    ),
    failed: count,
    total: count,
    completed: z.boolean(),
  }),
});

export type LeadGeniusStatusBody = z.infer<typeof LeadGeniusStatusBodySchema>;
export type LeadGeniusBulkStatus = LeadGeniusStatusBody['results'];
export type LeadGeniusStatusResult = LeadGeniusBulkStatus['results'][number];
