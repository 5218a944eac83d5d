import type { WebhookTargetRules } from '../core/webhook/deliver';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { authenticate, type ApiAuth } from './caller';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_UPLOAD_BYTES } from './limits';
import type { ApiPorts } from './ports';
import { fieldErrors, problem } from './problem';
import { registerCreateJob } from './routes/createJob';
import { registerCreateUpload } from './routes/createUpload';
import { registerJobs } from './routes/jobs';
import { registerOpenApi } from './routes/openApi';
import { registerResults } from './routes/results';
import { registerFollowUps } from './routes/followUps';
import { registerTokens } from './routes/tokens';

export { API_VERSION } from './openApiDocument';
export { DEFAULT_MAX_BODY_BYTES } from './limits';

export interface ApiSettings {
  /**
   * How callers are known; every request, /openapi.json included, needs a key. `leadflow serve` checks its keys
   * itself; on AWS (the default) API Gateway has checked the key and names it in the request context.
   */
  auth?: ApiAuth;
  /** Largest request body; default DEFAULT_MAX_BODY_BYTES, which fits a Lambda request payload. */
  maxBodyBytes?: number;
  /** Where job webhooks may point; deployed: https and public hosts only (the default). */
  webhooks?: WebhookTargetRules;
  /** The largest file POST /uploads lets S3 take; default DEFAULT_MAX_UPLOAD_BYTES (maxInputMegabytes' default). */
  maxUploadBytes?: number;
}

/**
 * The job API: POST /jobs, POST /uploads, GET /jobs, GET and DELETE /jobs/{jobId}, GET /jobs/{jobId}/results and
 * GET /openapi.json. The same application runs behind API Gateway and under `leadflow serve`; every error it
 * answers is problem+json.
 */
export function createApiApp(ports: ApiPorts, settings: ApiSettings = {}): OpenAPIHono {
  const maxBodyBytes = settings.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const app = new OpenAPIHono({
    // Every schema failure (body, query, path, header) becomes a 400 naming the fields.
    defaultHook: (result, c) => {
      if (!result.success) return problem(c, 400, 'The request is not valid; see errors.', fieldErrors(result.error.issues));
      return undefined;
    },
  });

  // The key first: an unauthenticated caller learns nothing, not even that its body is too large.
  app.use('*', authenticate(settings.auth ?? { kind: 'gateway', operatorKeyIds: [] }));
  // Counted as the body streams in (or from Content-Length), before anything parses it.
  app.use(
    '*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => problem(c, 413, `Request bodies are limited to ${maxBodyBytes} bytes; send larger files through POST /uploads.`),
    }),
  );

  const webhooks = settings.webhooks ?? { allowPrivateHosts: false, allowHttp: false };
  registerCreateJob(app, ports, maxBodyBytes, webhooks);
  registerCreateUpload(app, ports, webhooks, settings.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
  registerJobs(app, ports);
  registerResults(app, ports);
  registerFollowUps(app, ports);
  registerTokens(app, ports);
  registerOpenApi(app);

  app.notFound((c) => problem(c, 404, 'There is no such route.'));
  app.onError(answerError);
  return app;
}

/** Errors thrown past the routes: the library's refusals, and anything unexpected (never echoed). */
function answerError(error: Error, c: Context): Response {
  if (error instanceof HTTPException) {
    // Raised by the library's validators: a body that does not parse as JSON, or no JSON where it is required.
    if (error.status === 400) return problem(c, 400, 'The body is missing or is not valid JSON.', [{ field: 'body', message: 'must be valid JSON' }]);
    if (error.status === 415) return problem(c, 415, 'Send application/json, or text/csv where a route accepts it.');
  }
  // Logged by class and stack frames only: an error message can quote data (a lead, a header value).
  const frames = error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  console.error(
    JSON.stringify({ level: 'ERROR', message: 'Unhandled error in the job API', error: error.name, method: c.req.method, route: c.req.routePath, frames }),
  );
  return problem(c, 500, 'Something went wrong on our side; the request can be retried.');
}
