import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { openApiDocument, registerSecurityScheme, sortKeys } from '../openApiDocument';
import { jsonResponse, problemResponses } from './responses';

const openApiRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This document',
  responses: {
    200: jsonResponse(z.record(z.string(), z.unknown()), 'The OpenAPI 3.1 description of the API'),
    ...problemResponses({}),
  },
});

/** GET /openapi.json: the document generated from this application's own routes, as kept in docs/. */
export function registerOpenApi(app: OpenAPIHono): void {
  registerSecurityScheme(app);
  // Generated on first request, once every route is registered; the routes never change afterwards.
  let document: Record<string, unknown> | undefined;
  app.openapi(openApiRoute, (c) => {
    document ??= sortKeys(openApiDocument(app)) as Record<string, unknown>;
    return c.json(document, 200);
  });
}
