import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { stringify } from 'csv-stringify/sync';
import { timingSafeEqual } from 'node:crypto';
import { ENDED_STATUSES, InvalidCursorError, type JobStatus } from '../aws/jobsRepository';
import { JobOptionsSchema, type JobOptions } from '../core/jobOptions';
import { deterministicJobId } from '../core/jobIds';
import type { ApiPorts } from './ports';
import { fieldErrors, problem, type FieldError } from './problem';
import { jobView, links } from './jobView';
import {
  CreateJobJson, CreateUploadSchema, CreatedJobSchema, JobId, JobListSchema, JobViewSchema, ListQuery, ProblemSchema,
  ResultsSchema, UploadSchema,
} from './schemas';

export const API_VERSION = '1.0.0';
/** A Lambda request payload is limited to 6 MB (and base64 adds a third): larger files go through /uploads. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const UPLOAD_URL_SECONDS = 15 * 60;
const RESULT_URL_SECONDS = 60 * 60;
const OUTPUT_NAMES = { enrichedCsv: 'enriched.csv', enrichedJsonl: 'enriched.jsonl', rejectedCsv: 'rejected.csv', summary: 'summary.json' } as const;

export interface ApiSettings {
  /** when set (leadflow serve), every request must carry it in x-api-key; on AWS API Gateway checks keys */
  apiKey?: string;
  maxBodyBytes?: number;
}

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const jobIdParams = z.object({ jobId: JobId });

const routes = {
  createJob: createRoute({
    method: 'post',
    path: '/jobs',
    summary: 'Create a job from JSON leads or a CSV body',
    description: `Bodies are limited to ${DEFAULT_MAX_BODY_BYTES} bytes (a Lambda payload is limited to 6 MB); use /uploads for larger files.`,
    request: {
      headers: z.object({
        'idempotency-key': z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/).optional().describe('Replays return the same job'),
        'leadflow-options': z.string().optional().describe('JobOptions as JSON, for text/csv bodies'),
      }),
      // Not marked required: the library would then validate every body as JSON, CSV included. A missing body is
      // answered 400 by the handler.
      body: {
        description: 'Required: JSON leads (application/json) or a CSV file (text/csv)',
        content: { 'application/json': { schema: CreateJobJson }, 'text/csv': { schema: z.string() } },
      },
    },
    responses: {
      200: json(CreatedJobSchema, 'The job this Idempotency-Key already created'),
      202: json(CreatedJobSchema, 'Accepted; the job runs'),
      400: problemResponse('Invalid body, options or header'),
      401: problemResponse('Missing or invalid API key'),
      413: problemResponse('Body too large'),
      415: problemResponse('Neither JSON nor CSV'),
    },
  }),
  createUpload: createRoute({
    method: 'post',
    path: '/uploads',
    summary: 'Create a job that starts when its file is uploaded to the returned URL',
    request: { body: { required: true, content: { 'application/json': { schema: CreateUploadSchema } } } },
    responses: { 201: json(UploadSchema, 'Upload URL'), 400: problemResponse('Invalid request'), 401: problemResponse('Missing or invalid API key') },
  }),
  getJob: createRoute({
    method: 'get',
    path: '/jobs/{jobId}',
    summary: 'Status and progress of a job',
    request: { params: jobIdParams },
    responses: { 200: json(JobViewSchema, 'The job'), 401: problemResponse('Missing or invalid API key'), 404: problemResponse('No such job') },
  }),
  getResults: createRoute({
    method: 'get',
    path: '/jobs/{jobId}/results',
    summary: 'Download links for the result files of an ended job',
    request: { params: jobIdParams },
    responses: {
      200: json(ResultsSchema, 'Presigned links, valid one hour'),
      401: problemResponse('Missing or invalid API key'),
      404: problemResponse('No such job'),
      409: problemResponse('The job has not ended yet'),
    },
  }),
  listJobs: createRoute({
    method: 'get',
    path: '/jobs',
    summary: 'Jobs, newest first',
    request: { query: ListQuery },
    responses: { 200: json(JobListSchema, 'A page of jobs'), 400: problemResponse('Invalid query'), 401: problemResponse('Missing or invalid API key') },
  }),
  openApi: createRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: { 200: json(z.record(z.string(), z.unknown()), 'OpenAPI 3.1 description of the API'), 401: problemResponse('Missing or invalid API key') },
  }),
  cancelJob: createRoute({
    method: 'delete',
    path: '/jobs/{jobId}',
    summary: 'Cancel a job; what was already enriched is kept',
    request: { params: jobIdParams },
    responses: {
      202: json(JobViewSchema, 'Cancellation under way'),
      401: problemResponse('Missing or invalid API key'),
      404: problemResponse('No such job'),
      409: problemResponse('The job already ended'),
    },
  }),
};

function sameKey(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseOptionsHeader(raw: string | undefined): { ok: true; options: JobOptions } | { ok: false; errors: FieldError[] } {
  if (raw === undefined) return { ok: true, options: JobOptionsSchema.parse({}) };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, errors: [{ field: 'Leadflow-Options', message: 'must be a JSON object' }] };
  }
  const parsed = JobOptionsSchema.safeParse(value);
  return parsed.success ? { ok: true, options: parsed.data } : { ok: false, errors: fieldErrors(parsed.error.issues, 'Leadflow-Options') };
}

/** The job API (POST/GET/DELETE /jobs…, POST /uploads, GET /openapi.json), the same on API Gateway and locally. */
export function createApiApp(ports: ApiPorts, settings: ApiSettings = {}): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const prefix = result.target === 'json' || result.target === 'form' ? undefined : result.target === 'query' || result.target === 'header' || result.target === 'param' ? undefined : result.target;
        return problem(c, 400, 'The request is not valid; see errors.', fieldErrors(result.error.issues, prefix));
      }
      return undefined;
    },
  });

  if (settings.apiKey) {
    const apiKey = settings.apiKey;
    app.use('*', async (c, next) => {
      if (!sameKey(c.req.header('x-api-key'), apiKey)) return problem(c, 401, 'Send your API key in the x-api-key header.');
      return next();
    });
  }
  app.use(
    '*',
    bodyLimit({
      maxSize: settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: (c) => problem(c, 413, `Bodies are limited to ${settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes; use POST /uploads for larger files.`),
    }),
  );

  const created = (jobId: string, status: JobStatus) => ({ jobId, status, links: links(jobId) });

  app.openapi(routes.createJob, async (c) => {
    const idempotencyKey = c.req.header('idempotency-key');
    const jobId = idempotencyKey ? deterministicJobId('api', idempotencyKey) : ports.newJobId();
    const existing = idempotencyKey ? await ports.jobs.get(jobId) : undefined;
    if (existing) return c.json(created(existing.jobId, existing.status), 200);

    let body: string | Uint8Array;
    let options: JobOptions;
    if ((c.req.header('content-type') ?? '').toLowerCase().startsWith('text/csv')) {
      const parsed = parseOptionsHeader(c.req.header('leadflow-options'));
      if (!parsed.ok) return problem(c, 400, 'The Leadflow-Options header is not valid; see errors.', parsed.errors) as never;
      body = new Uint8Array(await c.req.arrayBuffer());
      if (body.byteLength === 0) return problem(c, 400, 'The CSV body is empty.', [{ field: 'body', message: 'must not be empty' }]) as never;
      options = parsed.options;
    } else {
      // The media-type gate let only JSON or CSV through, and the JSON was validated against CreateJobJson.
      const request = c.req.valid('json') as Partial<z.infer<typeof CreateJobJson>>;
      if (!request.leads) return problem(c, 400, 'Send JSON leads or a CSV body.', [{ field: 'leads', message: 'required' }]) as never;
      const leads = request.leads;
      const header = [...new Set(leads.flatMap((lead) => Object.keys(lead)))];
      body = stringify([header, ...leads.map((lead) => header.map((key) => lead[key] ?? ''))], { cast: { boolean: (v) => String(v) } });
      options = request.options ?? JobOptionsSchema.parse({});
    }
    const inputKey = `inputs/${jobId}/input.csv`;
    await ports.objects.put(inputKey, body, 'text/csv');
    const job = await ports.jobs.create({ jobId, status: 'PREPARING', inputKey, source: 'api', options });
    await ports.executions.start(jobId, inputKey);
    c.header('Location', `/jobs/${jobId}`);
    return c.json(created(job.jobId, job.status), 202);
  });

  app.openapi(routes.createUpload, async (c) => {
    const request = c.req.valid('json');
    const jobId = ports.newJobId();
    const fileName = request.fileName.replace(/[/\\]/g, '_');
    const contentType = request.contentType ?? (fileName.toLowerCase().endsWith('.gz') ? 'application/gzip' : fileName.toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/json');
    const inputKey = `uploads/${jobId}/${fileName}`;
    await ports.jobs.create({ jobId, status: 'AWAITING_UPLOAD', inputKey, source: 'upload', fileName, options: request.options ?? JobOptionsSchema.parse({}) });
    const url = await ports.objects.presignPut(inputKey, contentType, UPLOAD_URL_SECONDS);
    const expiresAt = new Date(ports.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
    c.header('Location', `/jobs/${jobId}`);
    return c.json({ jobId, upload: { url, method: 'PUT' as const, headers: { 'content-type': contentType }, expiresAt }, links: links(jobId) }, 201);
  });

  app.openapi(routes.getJob, async (c) => {
    const job = await ports.jobs.get(c.req.valid('param').jobId);
    if (!job) return problem(c, 404, 'There is no job with this id.') as never;
    return c.json(jobView(job), 200);
  });

  app.openapi(routes.getResults, async (c) => {
    const job = await ports.jobs.get(c.req.valid('param').jobId);
    if (!job) return problem(c, 404, 'There is no job with this id.') as never;
    if (!ENDED_STATUSES.includes(job.status)) return problem(c, 409, `The job is ${job.status}; results are ready when it has ended.`) as never;
    const files: Partial<Record<keyof typeof OUTPUT_NAMES, string>> = {};
    for (const [name, fileName] of Object.entries(OUTPUT_NAMES) as [keyof typeof OUTPUT_NAMES, string][]) {
      const key = job.outputs?.[name];
      if (key) files[name] = await ports.objects.presignGet(key, fileName, RESULT_URL_SECONDS);
    }
    const expiresAt = new Date(ports.now().getTime() + RESULT_URL_SECONDS * 1000).toISOString();
    return c.json({ jobId: job.jobId, status: job.status, expiresAt, files }, 200);
  });

  app.openapi(routes.listJobs, async (c) => {
    try {
      const page = await ports.jobs.list(c.req.valid('query'));
      return c.json({ jobs: page.jobs.map(jobView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, 200);
    } catch (error) {
      if (error instanceof InvalidCursorError) return problem(c, 400, error.message, [{ field: 'cursor', message: error.message }]) as never;
      throw error;
    }
  });

  app.openapi(routes.cancelJob, async (c) => {
    const { jobId } = c.req.valid('param');
    const job = await ports.jobs.get(jobId);
    if (!job) return problem(c, 404, 'There is no job with this id.') as never;
    if (!(await ports.jobs.requestCancel(jobId))) return problem(c, 409, `The job already ended (${job.status}).`) as never;
    await ports.executions.stop(jobId);
    return c.json(jobView((await ports.jobs.get(jobId)) ?? job), 202);
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'x-api-key' });
  app.openapi(routes.openApi, (c) => c.json(openApiDocument(app) as unknown as Record<string, unknown>, 200));

  app.notFound((c) => problem(c, 404, 'No such route.'));
  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      if (error.status === 400) return problem(c, 400, 'The body is not valid JSON.', [{ field: 'body', message: 'malformed JSON' }]);
      return problem(c, error.status, error.status === 415 ? 'Send application/json or text/csv.' : 'The request was refused.');
    }
    return problem(c, 500, 'Something went wrong on our side; the request can be retried.');
  });
  return app;
}

export function openApiDocument(app: OpenAPIHono) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Leadflow job API',
      version: API_VERSION,
      description: 'Submit lead lists for enrichment, follow their progress and download the results.',
    },
    security: [{ apiKey: [] }],
  });
}
