import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApiDocument } from '../../lambdas/api/openApi';
import { createApiApp } from '../../lambdas/api/app';
import { fakePorts } from './fakes';

const document = buildOpenApiDocument();

describe('the OpenAPI document', () => {
  it('is kept in the repository as generated (npm run openapi)', () => {
    expect(JSON.parse(readFileSync('docs/openapi.json', 'utf-8'))).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes exactly the routes the application serves, all behind the API key', () => {
    const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = createApiApp(fakePorts().ports)
      .routes.filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...new Set(served)].sort()).toEqual(documented.sort());
    expect(document.security).toEqual([{ apiKey: [] }]);
    expect(document.components?.securitySchemes).toEqual({ apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } });
  });
});
