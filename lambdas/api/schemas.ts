import { z } from '@hono/zod-openapi';
import { JobOptionsSchema } from '../core/jobOptions';
import { JOB_STATUSES } from '../aws/jobsRepository';

export const MAX_LEADS_PER_REQUEST = 10_000;

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/*
 * Defined with plain zod in the domain, which must not depend on the HTTP layer; `.openapi()` exists only on
 * schemas created after @hono/zod-openapi is loaded, so this one is inlined in the document rather than named.
 */
export const JobOptions = JobOptionsSchema;

const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const CreateJobJson = z
  .object({
    leads: z
      .array(z.record(z.string(), CellValue))
      .min(1)
      .max(MAX_LEADS_PER_REQUEST)
      .describe('Leads as objects whose keys are column names, like the rows of a CSV export'),
    options: JobOptions.optional(),
  })
  .strict()
  .openapi('CreateJob');

export const JobId = z.uuid().openapi({ param: { name: 'jobId', in: 'path' }, example: '2f1c0d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f' });

export const JobStatusSchema = z.enum(JOB_STATUSES).openapi('JobStatus');

export const JobLinks = z.object({ self: z.string(), results: z.string() });

export const JobViewSchema = z
  .object({
    jobId: z.string(),
    status: JobStatusSchema,
    source: z.string().optional(),
    fileName: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().optional(),
    progress: z.object({
      rows: z.number().int(),
      batchCount: z.number().int(),
      batchesDone: z.number().int(),
      batchesFailed: z.number().int(),
      rowsByStatus: z.record(z.string(), z.number().int()),
      recordsSent: z.number().int(),
      recordsBilled: z.number().int(),
    }),
    options: JobOptions.optional(),
    error: z.string().optional().describe('Why the job failed, when it did'),
    cancelRequested: z.boolean().optional(),
    links: JobLinks,
  })
  .openapi('Job');

export const CreatedJobSchema = z.object({ jobId: z.string(), status: JobStatusSchema, links: JobLinks }).openapi('CreatedJob');

export const CreateUploadSchema = z
  .object({
    fileName: z
      .string()
      .min(1)
      .max(200)
      .regex(/\.(csv|csv\.gz|json|jsonl)$/i, 'must end in .csv, .csv.gz, .json or .jsonl'),
    contentType: z.string().min(1).max(100).optional(),
    options: JobOptions.optional(),
  })
  .strict()
  .openapi('CreateUpload');

export const UploadSchema = z
  .object({
    jobId: z.string(),
    upload: z.object({ url: z.string(), method: z.literal('PUT'), headers: z.record(z.string(), z.string()), expiresAt: z.string() }),
    links: JobLinks,
  })
  .openapi('Upload');

export const ResultsSchema = z
  .object({
    jobId: z.string(),
    status: JobStatusSchema,
    expiresAt: z.string(),
    files: z.object({
      enrichedCsv: z.string().optional(),
      enrichedJsonl: z.string().optional(),
      rejectedCsv: z.string().optional(),
      summary: z.string().optional(),
    }),
  })
  .openapi('Results');

export const ListQuery = z.object({
  status: JobStatusSchema.optional(),
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
});

export const JobListSchema = z.object({ jobs: z.array(JobViewSchema), nextCursor: z.string().optional() }).openapi('JobList');
