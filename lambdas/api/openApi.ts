import { createApiApp } from './app';
import { openApiDocument } from './openApiDocument';
import type { ApiPorts } from './ports';

/** Ports for building the document only: generating it never touches jobs, objects or executions. */
const NO_PORTS = new Proxy({} as ApiPorts, {
  get: () => {
    throw new Error('The OpenAPI document is generated without calling ports');
  },
});

/** The OpenAPI 3.1 description of the job API as deployed (default settings), from the zod schemas of its routes. */
export function buildOpenApiDocument() {
  return openApiDocument(createApiApp(NO_PORTS, {}));
}
