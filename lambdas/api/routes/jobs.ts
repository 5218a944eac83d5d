import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { ERROR_NAMES } from '../../core/errorNames';
import { isEnded } from '../../core/job';
import { jobView } from '../jobView';
import type { ApiPorts } from '../ports';
import { problem } from '../problem';
import { visibleJob } from '../visibleJob';
import { JobIdParams, JobListSchema, JobViewSchema, ListQuery } from '../schemas';
import { jsonResponse, problemResponses } from './responses';

const getJobRoute = createRoute({
  method: 'get',
  path: '/jobs/{jobId}',
  summary: 'Status, progress and timestamps of a job',
  request: { params: JobIdParams },
  responses: {
    200: jsonResponse(JobViewSchema, 'The job'),
    ...problemResponses({ 400: 'The job id is not a UUID', 404: 'No such job' }),
  },
});

const listJobsRoute = createRoute({
  method: 'get',
  path: '/jobs',
  summary: 'Jobs, newest first, a page at a time',
  request: { query: ListQuery },
  responses: {
    200: jsonResponse(JobListSchema, 'A page of jobs; pass nextCursor as cursor for the next one'),
    ...problemResponses({ 400: 'Invalid query; errors name the parameter' }),
  },
});

const cancelJobRoute = createRoute({
  method: 'delete',
  path: '/jobs/{jobId}',
  summary: 'Cancel a job',
  description:
    'Stops buying: batches not yet sent to a vendor are not sent, while those a vendor already accepted are still ' +
    'collected, so nothing paid for is lost. The job then ends CANCELLED with every row and what was enriched.',
  request: { params: JobIdParams },
  responses: {
    202: jsonResponse(JobViewSchema, 'Cancellation under way'),
    ...problemResponses({ 400: 'The job id is not a UUID', 404: 'No such job', 409: 'The job already ended' }),
  },
});

const NO_SUCH_JOB = 'There is no job with this id.';

/**
 * The cursor is the store's: the AWS adapter throws its InvalidCursorError for one it did not issue. That class
 * lives with the DynamoDB code, which this application must not load, so it is recognised by name.
 */
const isInvalidCursor = (error: unknown): boolean => error instanceof Error && error.name === ERROR_NAMES.invalidCursor;

/** GET /jobs/{jobId}, GET /jobs and DELETE /jobs/{jobId}, each over the caller's own jobs (all for an operator). */
export function registerJobs(app: OpenAPIHono, ports: ApiPorts): void {
  app.openapi(getJobRoute, async (c) => {
    const job = await visibleJob(ports.jobs, c, c.req.valid('param').jobId);
    if (!job) return problem(c, 404, NO_SUCH_JOB);
    return c.json(jobView(job), 200);
  });

  app.openapi(listJobsRoute, async (c) => {
    const caller = c.get('caller');
    const query = { ...c.req.valid('query'), ...(!caller.operator && { owner: caller.id }) };
    const page = await ports.jobs.list(query).catch((error: unknown) => {
      if (isInvalidCursor(error)) return undefined;
      throw error;
    });
    if (!page) return problem(c, 400, 'The cursor is not one this API returned.', [{ field: 'cursor', message: 'must be a nextCursor from a previous page' }]);
    return c.json({ jobs: page.jobs.map(jobView), ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) }, 200);
  });

  app.openapi(cancelJobRoute, async (c) => {
    const { jobId } = c.req.valid('param');
    const job = await visibleJob(ports.jobs, c, jobId);
    if (!job) return problem(c, 404, NO_SUCH_JOB);
    if (isEnded(job.status)) return problem(c, 409, `The job already ended (${job.status}); there is nothing to cancel.`);
    // Checked again by the store, atomically: the job may have ended since it was read.
    if (!(await ports.jobs.requestCancel(jobId))) return problem(c, 409, 'The job already ended; there is nothing to cancel.');
    const after = (await ports.jobs.get(jobId)) ?? job;
    return c.json({ ...jobView(after), cancelRequested: true }, 202);
  });
}
