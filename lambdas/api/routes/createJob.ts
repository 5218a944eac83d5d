import { ESTIMATES_PREFIX, INPUTS_PREFIX } from '../../core/dropFolder';
import { ERROR_NAMES } from '../../core/errorNames';
import { JobEstimateSchema } from '../estimateSchemas';
import { webhookTargetProblem, type WebhookTargetRules } from '../../core/webhook/deliver';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { JobRecord } from '../../core/job';
import { deterministicJobId } from '../../core/jobIds';
import { JobOptionsSchema, type JobOptions } from '../../core/jobOptions';
import { jobLayout } from '../../core/jobLayout';
import { jobLinks } from '../jobView';
import { leadsToCsv } from '../leadsCsv';
import { MAX_LEADS_PER_REQUEST } from '../limits';
import type { ApiPorts } from '../ports';
import { fieldErrors, problem, type FieldError } from '../problem';
import { CreatedJobSchema, CreateJobHeaders, CreateJobRequest, UPLOAD_FILE_PATTERN, type CreateJobBody } from '../schemas';
import { jsonResponse, locationHeader, problemResponses } from './responses';

const OPTIONS_HEADER = 'Leadflow-Options';
const FILE_NAME_HEADER = 'Leadflow-File-Name';
/**
 * Idempotency keys name API jobs of one caller only: the same key can never collide with an inbox or upload job,
 * nor with another team's key, which would hand that team's job back.
 */
const idempotencyNamespace = (callerId: string) => `api\u0000${callerId}`;

const createJobRoute = (maxBodyBytes: number) =>
  createRoute({
    method: 'post',
    path: '/jobs',
    summary: 'Create a job from JSON leads or a CSV file',
    description:
      `Send either \`application/json\` ({ leads, options }, at most ${MAX_LEADS_PER_REQUEST} leads), the bytes of a CSV ` +
      `file as \`text/csv\`, or the bytes of any lead file (.csv.gz, .xlsx, .json, .jsonl, …) as \`application/octet-stream\` ` +
      `with its name in the ${FILE_NAME_HEADER} header; options as JSON in the ${OPTIONS_HEADER} header. Bodies are limited to ${maxBodyBytes} ` +
      'bytes, because a Lambda request payload is limited to 6 MB (and a CSV body travels base64-encoded); ' +
      'use POST /uploads for larger files.',
    request: {
      headers: CreateJobHeaders,
      query: z.object({
        dryRun: z
          .enum(['true', 'false'])
          .optional()
          .describe('true: answer with the estimate (200, JobEstimate) and start nothing; the body is the one a job would take'),
      }),
      // Not marked required: the library would then parse every body as JSON, CSV included. The handler
      // answers a missing body with 400.
      body: {
        description: 'Required: JSON leads or a CSV file',
        content: {
          'application/json': { schema: CreateJobRequest },
          'text/csv': {
            schema: z.string().openapi({
              description: 'A CSV file with a header row, stored as sent; the pipeline detects encoding and delimiter',
              example: 'First Name,Last Name,Company\nAda,Lovelace,Analytical Engines Ltd\n',
            }),
          },
          'application/octet-stream': {
            schema: z.string().openapi({
              format: 'binary',
              description: `A lead file of any format Leadflow reads, stored as sent and read by its name's ending (${FILE_NAME_HEADER})`,
            }),
          },
        },
      },
    },
    responses: {
      200: {
        ...jsonResponse(
          z.union([CreatedJobSchema, JobEstimateSchema]),
          'The job an earlier request with this Idempotency-Key created (CreatedJob), or with dryRun the estimate (JobEstimate)',
        ),
        headers: locationHeader,
      },
      202: { ...jsonResponse(CreatedJobSchema, 'Accepted: the job runs; follow links.self'), headers: locationHeader },
      ...problemResponses({
        400: 'Invalid body, options or header; errors name the fields',
        413: `Body over ${maxBodyBytes} bytes`,
        415: 'Neither application/json nor text/csv',
      }),
    },
  });

/** `body` undefined: the job reads a HeroBase lead search instead (Prepare writes its input). */
/** A body, with the ending the pipeline reads it by (`.csv` for JSON leads, written as CSV); none for a HeroBase search. */
type Input =
  | ({ ok: true; options: JobOptions } & ({ body?: undefined } | { body: string | Uint8Array; extension: string }))
  | { ok: false; detail: string; errors: FieldError[] };

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase();
/** A body that is a file, stored as sent: CSV, or any lead file named by Leadflow-File-Name. */
const isFileBody = (contentType: string | undefined): boolean => ['text/csv', 'application/octet-stream'].includes(mediaType(contentType) ?? '');

/** The ending the pipeline reads a file by (lambdas/core/input/inputFormat.ts): `.csv` for a CSV body. */
function extensionOf(c: Context): { ok: true; extension: string } | { ok: false; errors: FieldError[] } {
  if (mediaType(c.req.header('content-type')) === 'text/csv') return { ok: true, extension: '.csv' };
  const match = UPLOAD_FILE_PATTERN.exec(c.req.header(FILE_NAME_HEADER) ?? '');
  return match
    ? { ok: true, extension: `.${match[1]!.toLowerCase()}` }
    : { ok: false, errors: [{ field: FILE_NAME_HEADER, message: 'must name the file, ending in .csv, .csv.gz, .txt, .tsv, .json, .jsonl or .xlsx' }] };
}

/** Options from the Leadflow-Options header of a CSV request; errors name the header and the field in it. */
function optionsFromHeader(raw: string | undefined): { ok: true; options: JobOptions } | { ok: false; errors: FieldError[] } {
  let value: unknown = {};
  if (raw !== undefined) {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, errors: [{ field: OPTIONS_HEADER, message: 'must be a JSON object' }] };
    }
  }
  const parsed = JobOptionsSchema.safeParse(value);
  return parsed.success ? { ok: true, options: parsed.data } : { ok: false, errors: fieldErrors(parsed.error.issues, OPTIONS_HEADER) };
}

/** A file body is stored byte for byte: its format, encoding and dialect are the pipeline's to detect and check. */
async function fileInput(c: Context): Promise<Input> {
  const options = optionsFromHeader(c.req.header(OPTIONS_HEADER));
  if (!options.ok) return { ok: false, detail: `The ${OPTIONS_HEADER} header is not valid; see errors.`, errors: options.errors };
  const named = extensionOf(c);
  if (!named.ok) return { ok: false, detail: `An application/octet-stream body needs the file's name in ${FILE_NAME_HEADER}.`, errors: named.errors };
  if (options.options.heroBaseSearch) {
    return {
      ok: false,
      detail: 'A job reads either the file sent or a HeroBase lead search, not both.',
      errors: [{ field: `${OPTIONS_HEADER}.heroBaseSearch`, message: 'not allowed with a file body' }],
    };
  }
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.byteLength === 0) return { ok: false, detail: 'The file sent is empty.', errors: [{ field: 'body', message: 'must not be empty' }] };
  return { ok: true, body, options: options.options, extension: named.extension };
}

/**
 * JSON leads (already validated against CreateJobRequest) become the CSV file the pipeline reads. The library
 * types the validated JSON as any declared body, the CSV string included; at run time it is the JSON body, or
 * {} when the request had no body.
 */
function jsonInput(request: Partial<CreateJobBody> | string): Input {
  const search = typeof request === 'string' ? undefined : request.options?.heroBaseSearch;
  if (typeof request !== 'string' && request.leads === undefined && search) return { ok: true, options: request.options! };
  if (typeof request === 'string' || request.leads === undefined) {
    return { ok: false, detail: 'Send JSON leads, a CSV file, or options.heroBaseSearch.', errors: [{ field: 'leads', message: 'required' }] };
  }
  if (search) {
    return {
      ok: false,
      detail: 'A job reads either the leads sent or a HeroBase lead search, not both.',
      errors: [{ field: 'options.heroBaseSearch', message: 'not allowed with leads' }],
    };
  }
  return { ok: true, body: leadsToCsv(request.leads), options: request.options ?? JobOptionsSchema.parse({}), extension: '.csv' };
}

/** The request's input, a file body or JSON leads (`json`, as the route validated it), checked as a job takes it. */
async function inputOf(c: Context, json: Partial<CreateJobBody> | string): Promise<Input> {
  const file = isFileBody(c.req.header('content-type'));
  if (!file && c.req.header(OPTIONS_HEADER) !== undefined) {
    // Ignoring it would run the job with options the caller did not mean.
    return {
      ok: false,
      detail: `The ${OPTIONS_HEADER} header is for file bodies (text/csv, application/octet-stream); send options in the JSON body.`,
      errors: [{ field: OPTIONS_HEADER, message: 'only allowed with a file body' }],
    };
  }
  return file ? fileInput(c) : jsonInput(json);
}

const created = (job: JobRecord) => ({ jobId: job.jobId, status: job.status, links: jobLinks(job.jobId) });

/** The errors intake writes for users: what is wrong with the file or the mapping, naming columns, never cells. */
const USER_ERRORS = new Set<string>([ERROR_NAMES.leadFile, ERROR_NAMES.columnMapping]);

const isDryRun = (request: Partial<CreateJobBody> | string) => typeof request !== 'string' && request.dryRun === true;

/**
 * POST /jobs with dryRun: the body is read as a job would read it, by the estimate function; it is stored only for
 * that function to read, and deleted once it has.
 */
async function estimateResponse(c: Context, ports: ApiPorts, input: Input & { ok: true }) {
  if (input.body === undefined) {
    return problem(c, 400, 'An estimate reads the leads or the file sent; a HeroBase lead search is counted by its job.', [
      { field: 'options.heroBaseSearch', message: 'not allowed with dryRun' },
    ]);
  }
  const key = `${ESTIMATES_PREFIX}${ports.newJobId()}/input${input.extension}`;
  await ports.objects.put(key, input.body, 'application/octet-stream');
  try {
    return c.json(await ports.estimates.estimate(key, input.options), 200);
  } catch (error) {
    if (!USER_ERRORS.has((error as Error).name)) throw error;
    return problem(c, 400, (error as Error).message, [{ field: 'body', message: 'not a lead file Leadflow can read as mapped' }]);
  } finally {
    // A delete that fails must not turn the estimate into an error: the bucket expires estimates/ within a day.
    await ports.objects.remove(key).catch(() => undefined);
  }
}

/** POST /jobs: store the input, record the job, start its execution (or, with dryRun, estimate it). */
export function registerCreateJob(app: OpenAPIHono, ports: ApiPorts, maxBodyBytes: number, webhooks: WebhookTargetRules): void {
  app.openapi(createJobRoute(maxBodyBytes), async (c) => {
    if (c.req.valid('query').dryRun === 'true' || (!isFileBody(c.req.header('content-type')) && isDryRun(c.req.valid('json')))) {
      const input = await inputOf(c, c.req.valid('json'));
      return input.ok ? estimateResponse(c, ports, input) : problem(c, 400, input.detail, input.errors);
    }
    const idempotencyKey = c.req.valid('header')['idempotency-key'];
    const owner = c.get('caller').id;
    const jobId = idempotencyKey === undefined ? ports.newJobId() : deterministicJobId(idempotencyNamespace(owner), idempotencyKey);
    if (idempotencyKey !== undefined) {
      const existing = await ports.jobs.get(jobId);
      if (existing) {
        // The first request may have died between recording the job and starting it: starting again heals
        // that, and is a no-op when the execution exists (it is named after the job).
        if (existing.status === 'PREPARING') await ports.executions.start(existing.jobId, existing.inputKey);
        c.header('Location', jobLinks(jobId).self);
        return c.json(created(existing), 200);
      }
    }

    const input = await inputOf(c, c.req.valid('json'));
    if (!input.ok) return problem(c, 400, input.detail, input.errors);
    const webhook = input.options.webhookUrl && webhookTargetProblem(input.options.webhookUrl, webhooks);
    if (webhook) return problem(c, 400, 'The webhook URL is not one Leadflow calls; see errors.', [{ field: 'options.webhookUrl', message: webhook }]);

    // A search's export is written by Prepare, under the job's own prefix like everything it writes.
    const inputKey = input.body === undefined ? jobLayout(jobId).searchInput : `${INPUTS_PREFIX}${jobId}/input${input.extension}`;
    if (input.body !== undefined) await ports.objects.put(inputKey, input.body, input.extension === '.csv' ? 'text/csv' : 'application/octet-stream');
    const source = input.body === undefined ? 'herobase' : 'api';
    // A concurrent replay of the same Idempotency-Key gets the job the other request recorded.
    const job = await ports.jobs.create({ jobId, status: 'PREPARING', inputKey, source, options: input.options, owner });
    await ports.executions.start(job.jobId, job.inputKey);
    c.header('Location', jobLinks(jobId).self);
    return c.json(created(job), 202);
  });
}
