import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { isEnded } from '../../core/job';
import { RESULT_URL_SECONDS } from '../limits';
import type { ApiPorts } from '../ports';
import { problem } from '../problem';
import { visibleJob } from '../visibleJob';
import { JobIdParams, ResultsSchema } from '../schemas';
import { jsonResponse, problemResponses } from './responses';

/** The outputs a job row can list (JobRecord.outputs keys) and the names they download under. */
const DOWNLOAD_NAMES = {
  enrichedCsv: 'enriched.csv',
  enrichedJsonl: 'enriched.jsonl',
  rejectedCsv: 'rejected.csv',
  summary: 'summary.json',
} as const;
type OutputName = keyof typeof DOWNLOAD_NAMES;

const getResultsRoute = createRoute({
  method: 'get',
  path: '/jobs/{jobId}/results',
  summary: 'Download links for the files of an ended job',
  request: { params: JobIdParams },
  responses: {
    200: jsonResponse(ResultsSchema, `Presigned links, valid ${RESULT_URL_SECONDS / 60} minutes`),
    ...problemResponses({ 400: 'The job id is not a UUID', 404: 'No such job', 409: 'The job has not ended yet' }),
  },
});

/** GET /jobs/{jobId}/results: presigned GETs for the outputs the job recorded, once it has ended. */
export function registerResults(app: OpenAPIHono, ports: ApiPorts): void {
  app.openapi(getResultsRoute, async (c) => {
    const job = await visibleJob(ports.jobs, c, c.req.valid('param').jobId);
    if (!job) return problem(c, 404, 'There is no job with this id.');
    if (!isEnded(job.status)) return problem(c, 409, `The job is ${job.status}; its results are ready once it has ended.`);
    const files: Partial<Record<OutputName, string>> = {};
    for (const name of Object.keys(DOWNLOAD_NAMES) as OutputName[]) {
      const key = job.outputs?.[name];
      if (key) files[name] = await ports.objects.presignGet(key, DOWNLOAD_NAMES[name], RESULT_URL_SECONDS);
    }
    const expiresAt = new Date(ports.now().getTime() + RESULT_URL_SECONDS * 1000).toISOString();
    return c.json({ jobId: job.jobId, status: job.status, expiresAt, files }, 200);
  });
}
