import { webhookTargetProblem, type WebhookTargetRules } from '../../core/webhook/deliver';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { JobOptionsSchema } from '../../core/jobOptions';
import { problem } from '../problem';
import { jobLinks } from '../jobView';
import { UPLOAD_URL_SECONDS } from '../limits';
import type { ApiPorts } from '../ports';
import { CreateUploadRequest, UploadSchema } from '../schemas';
import { jsonResponse, locationHeader, problemResponses } from './responses';

const createUploadRoute = createRoute({
  method: 'post',
  path: '/uploads',
  summary: 'Create a job that starts when its file is uploaded',
  description:
    `For large files: returns a presigned S3 POST, valid ${UPLOAD_URL_SECONDS / 60} minutes, for one file of at most upload.maxBytes ` +
    "(the deployment's maxInputMegabytes, default 1 GiB) in the content type signed. The job waits in AWAITING_UPLOAD and starts " +
    'once the file has landed, and reads that file only: a second upload to the same form cannot replace it.',
  request: { body: { required: true, content: { 'application/json': { schema: CreateUploadRequest } } } },
  responses: {
    201: { ...jsonResponse(UploadSchema, 'The job and where to upload its file'), headers: locationHeader },
    ...problemResponses({ 400: 'Invalid request; errors name the fields', 413: 'Body too large', 415: 'Not application/json' }),
  },
});

/** The last path segment: a name, never a path, ends up in the object key. */
export const baseName = (fileName: string): string => fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);

/** What the upload is signed for when the caller does not say: the pipeline reads the file by its extension. */
function defaultContentType(fileName: string): string {
  const name = fileName.toLowerCase();
  if (name.endsWith('.gz')) return 'application/gzip';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.jsonl')) return 'application/x-ndjson';
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (name.endsWith('.txt') || name.endsWith('.tsv')) return 'text/plain';
  return 'application/json';
}

/** POST /uploads: record a job waiting for its file and presign the PUT; the object landing starts it. */
export function registerCreateUpload(app: OpenAPIHono, ports: ApiPorts, webhooks: WebhookTargetRules, maxUploadBytes: number): void {
  app.openapi(createUploadRoute, async (c) => {
    const request = c.req.valid('json');
    const webhook = request.options?.webhookUrl && webhookTargetProblem(request.options.webhookUrl, webhooks);
    if (webhook) return problem(c, 400, 'The webhook URL is not one Leadflow calls; see errors.', [{ field: 'options.webhookUrl', message: webhook }]);
    if (request.options?.heroBaseSearch) {
      // The uploaded file is the input: a HeroBase search as well would replace it.
      return problem(c, 400, 'A job reads either the uploaded file or a HeroBase lead search, not both.', [
        { field: 'options.heroBaseSearch', message: 'not allowed with an upload' },
      ]);
    }
    const jobId = ports.newJobId();
    const fileName = baseName(request.fileName);
    const contentType = request.contentType ?? defaultContentType(fileName);
    const inputKey = `uploads/${jobId}/${fileName}`;
    const options = request.options ?? JobOptionsSchema.parse({});
    await ports.jobs.create({ jobId, status: 'AWAITING_UPLOAD', inputKey, source: 'upload', fileName, options, owner: c.get('caller').id });
    // The policy names the key, the content type and the size range: S3 refuses any other upload to it.
    const { url, fields } = await ports.objects.presignPost(inputKey, contentType, maxUploadBytes, UPLOAD_URL_SECONDS);
    const expiresAt = new Date(ports.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
    c.header('Location', jobLinks(jobId).self);
    return c.json({ jobId, upload: { url, method: 'POST' as const, fields, maxBytes: maxUploadBytes, expiresAt }, links: jobLinks(jobId) }, 201);
  });
}
