import * as z from 'zod';

/*
 * The 200 body of GET /v1/emailguess/bulk/job/status/<jobid>, read leniently: the document shows one example and
 * no schema, and its other examples are written by hand (a Python-ish `result: "Not Found"`, `middle` "required"
 * yet sent as ''), so a backend that serializes slightly differently is still the documented answer.
 */

/** A count as a JSON number or as a string of digits. */
const count = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);

/** `completed` as a boolean, or as the strings "true"/"false" in any case (Python's str(True) is "True"). */
const flag = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^\s*(true|false)\s*$/i)
    .transform((v) => v.trim().toLowerCase() === 'true'),
]);

const StatusResultSchema = z
  .looseObject({
    first: z.string(),
    middle: z.string().nullish(),
    last: z.string(),
    email: z.string().includes('@'),
    // Not in the document's example; when a backend does send it, matching by person uses it.
    domain: z.string().nullish(),
  })
  // Only the fields Leadflow uses go on: whatever else the vendor adds is not stored with the results.
  .transform(({ first, middle, last, email, domain }) => ({
    first,
    middle: middle ?? '',
    last,
    email,
    ...(typeof domain === 'string' && domain.trim() !== '' && { domain }),
  }));

export const LeadGeniusStatusBodySchema = z.looseObject({
  // A top-level `status` (200 in the document) is tolerated and not relied on: the HTTP status decides.
  results: z
    .looseObject({
      results: z.array(StatusResultSchema).nullish(),
      // Nothing is decided on the counts (LeadGenius bills every object sent), so absent ones read as 0.
      failed: count.nullish().transform((v) => v ?? 0),
      total: count.nullish().transform((v) => v ?? 0),
      completed: flag,
    })
    // A job still running may have no list yet; a completed one without its list would silently find nothing.
    .refine((r) => !r.completed || Array.isArray(r.results), { path: ['results'], message: 'a completed job lists its results' })
    .transform((r) => ({ results: r.results ?? [], failed: r.failed, total: r.total, completed: r.completed })),
});

export type LeadGeniusStatusBody = z.infer<typeof LeadGeniusStatusBodySchema>;
export type LeadGeniusStatusResult = z.infer<typeof StatusResultSchema>;

export interface LeadGeniusBulkStatus {
  results: LeadGeniusStatusResult[];
  failed: number;
  total: number;
  completed: boolean;
  /**
   * The status call answered 404 for a job the vendor accepted: not known (yet) to the status endpoint, which the
   * document never explains. Read as still processing; the caller's batch deadline ends the wait.
   */
  notFound?: true;
}
