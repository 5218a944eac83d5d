import { z } from '@hono/zod-openapi';
import { JobOptionsSchema } from '../core/jobOptions';
import { JOB_SOURCES, JOB_STATUSES } from '../core/job';
import { MAX_LEADS_PER_REQUEST } from './limits';
import { JobCostSchema, RowReasonsSchema, VendorOutcomesSchema } from './jobDetailSchemas';

/*
 * Request and response schemas of the job API; the OpenAPI document is generated from them. Names given with
 * `.openapi('Name')` become components of the document.
 */

export const ProblemSchema = z
  .object({
    type: z.url().openapi({ example: 'https://leadflow.dev/problems/invalid-request' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z
      .array(
        z.object({
          field: z.string().openapi({ example: 'options.webhookUrl' }),
          message: z.string().openapi({ example: 'Invalid URL' }),
        }),
      )
      .optional()
      .describe('What is wrong, field by field; submitted values are never repeated'),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details' });

/*
 * Defined with plain zod in the domain, which must not depend on the HTTP layer. `.openapi()` exists only on schemas
 * created after @hono/zod-openapi has loaded, which the CLI's import order does not guarantee, so this one is
 * inlined in the document rather than named.
 */
export const JobOptions = JobOptionsSchema;

const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const LeadSchema = z.record(z.string(), CellValue).openapi('Lead', {
  description: 'One lead: keys are column names, like the header of a CSV export',
  example: { 'First Name': 'Ada', 'Last Name': 'Lovelace', Company: 'Analytical Engines Ltd', Website: 'example.com' },
});

export const CreateJobRequest = z
  .object({
    leads: z
      .array(LeadSchema)
      // abort: an empty list is reported once, not also as a list without columns
      .min(1, { abort: true })
      .max(MAX_LEADS_PER_REQUEST, { abort: true })
      // Leads without a single column would make a CSV without a header: nothing the pipeline could read.
      .refine((leads) => leads.some((lead) => Object.keys(lead).length > 0), 'the leads have no columns')
      .optional()
      .describe('The leads; leave out only when options.heroBaseSearch names the HeroBase lead search to read instead'),
    options: JobOptions.optional(),
    dryRun: z.boolean().optional().describe('Answer with the estimate (200, JobEstimate) and start nothing: no job, no vendor call'),
  })
  .strict()
  .openapi('CreateJobRequest');

export const CreateJobHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII characters')
    .optional()
    .describe('A retried request with the same key returns the job the first one created (200) instead of a second job'),
  'leadflow-options': z.string().optional().describe('JobOptions as JSON, for a file body (text/csv, application/octet-stream)'),
  'leadflow-file-name': z
    .string()
    .max(255)
    .optional()
    .describe('The name of an application/octet-stream file, whose ending says its format (.csv.gz, .xlsx, .json, …)'),
});

export const JobId = z.uuid().openapi({ param: { name: 'jobId', in: 'path' }, example: '2f1c0d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f' });
export const JobIdParams = z.object({ jobId: JobId });

export const JobStatusSchema = z.enum(JOB_STATUSES).openapi('JobStatus');
export const JobSourceSchema = z.enum(JOB_SOURCES).openapi('JobSource', { description: 'How the job came in' });

export const JobLinks = z
  .object({ self: z.string().openapi({ example: '/jobs/2f1c0d3e-8a4b-4c5d-9e6f-7a8b9c0d1e2f' }), results: z.string() })
  .openapi('JobLinks');

const Count = z.number().int().min(0);

export const JobProgress = z
  .object({
    rows: Count.describe('Rows read from the input'),
    batchCount: Count.describe('Vendor batches planned'),
    batchesDone: Count,
    batchesFailed: Count,
    rowsByStatus: z.record(z.string(), Count).describe('Rows per outcome (enriched, not_found, rejected, …), once known'),
    recordsSent: Count.describe('Records submitted to vendors'),
    recordsBilled: Count.describe('Records vendors billed'),
    vendors: z
      .record(z.string(), z.object({ planned: Count, sent: Count, billed: Count, cacheHits: Count, skippedBudget: Count }))
      .describe('Per vendor of the plan that has started: leads planned for it, records sent, billed, answered from the cache, skipped for the budget'),
  })
  .openapi('JobProgress');

const ColumnRef = z.object({
  column: z.number().int().min(1).describe('1-based position in the input'),
  header: z.string().optional().describe("The header's name for it; absent when the first row names no column Leadflow knows (it may be lead data)"),
});

export const JobIntake = z
  .object({
    columns: Count,
    headerRecognized: z.boolean().describe('The header names at least one column Leadflow knows'),
    mapping: z.array(ColumnRef.extend({ field: z.string().describe('Lead field (or fullName, split into first and last name)') })),
    unused: z.array(ColumnRef).describe('Columns that feed no field'),
    preambleRows: Count.describe("Lines above the header (a report's title lines), not leads"),
    excelSepLine: z.boolean().optional().describe('An Excel "sep=" first line named the delimiter'),
    delimiter: z.string().optional().describe('The CSV delimiter read'),
    bom: z.boolean().optional().describe('The input started with a byte order mark (the CSV outputs get one too)'),
    reportFooters: Count.describe('Report footer rows (totals, confidentiality, copyright): kept in the output, never sent'),
    raggedRows: Count.describe('Rows with more cells than the header: the extra cells are kept in columns extra_column_1, …'),
    refused: z.boolean().optional().describe('The job stopped before any vendor call: see error'),
  })
  .openapi('JobIntake');

export const JobViewSchema = z
  .object({
    jobId: z.string(),
    status: JobStatusSchema,
    source: JobSourceSchema.optional(),
    owner: z
      .string()
      .optional()
      .describe("The id of the API key that created the job (API Gateway's key id); absent for drop-folder jobs. A key sees its own jobs, an operator key all"),
    fileName: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().optional(),
    progress: JobProgress,
    intake: JobIntake.optional().describe('What intake understood of the file: the column mapping the job uses, by position'),
    options: JobOptions.optional(),
    error: z.string().optional().describe('Why the job failed, when it did'),
    cancelRequested: z.boolean().optional().describe('A cancellation was asked for; the job ends CANCELLED'),
    reasons: RowReasonsSchema.optional().describe('Once the job has ended: rows rejected, failed or skipped, by reason'),
    waterfall: VendorOutcomesSchema.optional(),
    cost: JobCostSchema.optional(),
    links: JobLinks,
  })
  .openapi('Job');

export const CreatedJobSchema = z.object({ jobId: z.string(), status: JobStatusSchema, links: JobLinks }).openapi('CreatedJob');

export const UPLOAD_FILE_PATTERN = /\.(csv|csv\.gz|txt|tsv|json|jsonl|xlsx)$/i;

export const CreateUploadRequest = z
  .object({
    fileName: z
      .string()
      .min(1)
      .max(200)
      .regex(UPLOAD_FILE_PATTERN, 'must end in .csv, .csv.gz, .txt, .tsv, .json, .jsonl or .xlsx')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what the rule refuses
      .regex(/^[^\x00-\x1f\x7f]+$/, 'must not contain control characters')
      .describe('The file name; any directory part is dropped. Its extension tells the pipeline how to read the file'),
    contentType: z
      .string()
      .max(100)
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a media type like text/csv')
      .optional()
      .describe('The Content-Type the upload will be sent with; by default derived from the extension'),
    options: JobOptions.optional(),
  })
  .strict()
  .openapi('CreateUploadRequest');

export const UploadSchema = z
  .object({
    jobId: z.string(),
    upload: z.object({
      url: z.url().describe('Where to POST the file: a multipart/form-data form with every one of `fields`, then the file as the last part, named `file`'),
      method: z.literal('POST'),
      fields: z.record(z.string(), z.string()).describe('Form fields to send as they are (key, Content-Type, policy and signature)'),
      maxBytes: z.number().int().describe('The largest file S3 accepts for this upload (maxInputMegabytes); larger, or empty, is refused with 400'),
      expiresAt: z.iso.datetime(),
    }),
    links: JobLinks,
  })
  .openapi('Upload');

const FileUrl = z.url().optional();

export const ResultsSchema = z
  .object({
    jobId: z.string(),
    status: JobStatusSchema,
    expiresAt: z.iso.datetime().describe('When the links stop working; GET this resource again for fresh ones'),
    files: z
      .object({
        enrichedCsv: FileUrl.describe('enriched.csv'),
        enrichedJsonl: FileUrl.describe('enriched.jsonl'),
        rejectedCsv: FileUrl.describe('rejected.csv: rows that could not be enriched, with the reason'),
        summary: FileUrl.describe('summary.json: counts'),
      })
      .describe('Presigned download links for the files the job produced'),
  })
  .openapi('Results');

export const ListQuery = z.object({
  status: JobStatusSchema.optional(),
  createdAfter: z.iso.datetime({ offset: true }).optional().describe('Only jobs created after this moment'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional().describe('nextCursor of the previous page'),
});

export const JobListSchema = z
  .object({ jobs: z.array(JobViewSchema), nextCursor: z.string().optional().describe('Absent on the last page') })
  .openapi('JobList');

export type CreateJobBody = z.infer<typeof CreateJobRequest>;
export type Lead = z.infer<typeof LeadSchema>;
