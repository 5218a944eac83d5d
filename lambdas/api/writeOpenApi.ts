// npm run openapi (tsx lambdas/api/writeOpenApi.ts): regenerates docs/openapi.json from the routes' zod
// schemas. test/api/openapi.test.ts fails while the file and the code disagree.
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from './openApi';
import { serializeOpenApi } from './openApiDocument';

const target = new URL('../../docs/openapi.json', import.meta.url);
writeFileSync(target, serializeOpenApi(buildOpenApiDocument()));
process.stdout.write(`wrote ${target.pathname}\n`);
