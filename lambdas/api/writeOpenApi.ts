// npm run openapi: regenerates docs/openapi.json from the routes' zod schemas (a test keeps the two equal).
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from './openApi';

writeFileSync(new URL('../../docs/openapi.json', import.meta.url), JSON.stringify(buildOpenApiDocument(), null, 2) + '\n');
