import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { startFollowUp } from '../../app/followUp';
import type { FollowUp } from '../../core/jobIds';
import { jobView } from '../jobView';
import type { ApiPorts } from '../ports';
import { problem } from '../problem';
import { visibleJob } from '../visibleJob';
import { JobIdParams, JobViewSchema } from '../schemas';
import { jsonResponse, problemResponses } from './responses';

const ROUTES: Record<FollowUp, { summary: string; description: string; allowed: string }> = {
  resume: {
    summary: 'Resume a job that stopped',
    description:
      'A FAILED or PARTIAL job goes on where it stopped, once the cause is fixed (credentials, credits): batches a ' +
      'vendor already accepted are read by the ids Leadflow stored, never bought again; the rest are sent.',
    allowed: 'a FAILED or PARTIAL job',
  },
  reprocess: {
    summary: "Read a job's kept vendor answers again",
    description:
      'Every vendor answer the job kept is read again with the code that runs now, and the outputs are written again, ' +
      'without calling any vendor: a fixed reading recovers answers that were paid for but could not be read.',
    allowed: 'an ended job',
  },
};

/** POST /jobs/{jobId}/resume and POST /jobs/{jobId}/reprocess. */
export function registerFollowUps(app: OpenAPIHono, ports: ApiPorts): void {
  for (const [kind, text] of Object.entries(ROUTES) as [FollowUp, (typeof ROUTES)[FollowUp]][]) {
    const route = createRoute({
      method: 'post',
      path: `/jobs/{jobId}/${kind}`,
      summary: text.summary,
      description: text.description,
      request: { params: JobIdParams },
      responses: {
        202: jsonResponse(JobViewSchema, 'The job runs again'),
        ...problemResponses({ 400: 'The job id is not a UUID', 404: 'No such job', 409: `Only ${text.allowed} can be given this` }),
      },
    });
    app.openapi(route, async (c) => {
      const { jobId } = c.req.valid('param');
      const outcome = (await visibleJob(ports.jobs, c, jobId)) ? await startFollowUp(jobId, kind, ports) : ({ kind: 'not_found' } as const);
      if (outcome.kind === 'not_found') return problem(c, 404, 'There is no job with this id.');
      if (outcome.kind === 'not_allowed') return problem(c, 409, `Only ${text.allowed} can be given a ${kind}; this one is ${outcome.status}.`);
      return c.json(jobView(outcome.job), 202);
    });
  }
}
