import type { OpenAPIHono } from '@hono/zod-openapi';
import { API_KEY_HEADER } from './caller';

/** The version of the API contract (info.version): bump it with any change to docs/openapi.json. */
export const API_VERSION = '1.0.0';

const SECURITY_SCHEME = 'apiKey';

/** Declares the API key scheme that the document applies to every operation. */
export function registerSecurityScheme(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent('securitySchemes', SECURITY_SCHEME, { type: 'apiKey', in: 'header', name: API_KEY_HEADER });
}

/** The OpenAPI 3.1 document of an application's routes, generated from their zod schemas. */
export function openApiDocument(app: OpenAPIHono) {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Leadflow job API',
      version: API_VERSION,
      description:
        'Submit lead lists for enrichment, follow their progress, download the results. Every request needs the ' +
        `API key in the ${API_KEY_HEADER} header. Errors are RFC 9457 problem details (application/problem+json).`,
    },
    security: [{ [SECURITY_SCHEME]: [] }],
  });
}

/** Objects with their keys sorted, recursively; arrays keep their order (it can carry meaning). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}

/**
 * The document as kept in docs/openapi.json: sorted keys and two-space indentation, so the file changes only
 * when the API does, not when routes or fields are declared in another order.
 */
export const serializeOpenApi = (document: unknown): string => `${JSON.stringify(sortKeys(document), null, 2)}\n`;
