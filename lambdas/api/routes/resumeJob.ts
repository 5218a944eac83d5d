import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { resumeJob } from '../../app/resumeJob';
import { jobView } from '../jobView';
import type { ApiPorts } from '../ports';
import { problem } from '../problem';
import { JobIdParams, JobViewSchema } from '../schemas';
import { jsonResponse, problemResponses } from './responses';

const resumeJobRoute = createRoute({
  method: 'post',
  path: '/jobs/{jobId}/resume',
  summary: 'Resume a job that stopped',
  description:
    'A FAILED or PARTIAL job goes on where it stopped, once the cause is fixed (credentials, credits): batches a ' +
    'vendor already accepted are read by the ids Leadflow stored, never bought again; the rest are sent.',
  request: { params: JobIdParams },
  responses: {
    202: jsonResponse(JobViewSchema, 'The job runs again'),
    ...problemResponses({ 400: 'The job id is not a UUID', 404: 'No such job', 409: 'The job is running, or ended in a state that cannot be resumed' }),
  },
});

/** POST /jobs/{jobId}/resume. */
export function registerResumeJob(app: OpenAPIHono, ports: ApiPorts): void {
  app.openapi(resumeJobRoute, async (c) => {
    const outcome = await resumeJob(c.req.valid('param').jobId, ports);
    if (outcome.kind === 'not_found') return problem(c, 404, 'There is no job with this id.');
    if (outcome.kind === 'not_resumable') {
      return problem(c, 409, `Only a FAILED or PARTIAL job can be resumed; this one is ${outcome.status}.`);
    }
    return c.json(jobView(outcome.job), 202);
  });
}
