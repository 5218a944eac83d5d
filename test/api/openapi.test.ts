import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApiDocument } from '../../lambdas/api/openApi';
import { serializeOpenApi } from '../../lambdas/api/openApiDocument';
import { createApiApp } from '../../lambdas/api/app';
import { fakePorts } from './fakes';
import { TEST_KEYS, setup } from './client';

const document = buildOpenApiDocument();
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** "METHOD /path" for every operation the document describes. */
const documented = (doc: typeof document) =>
  Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item ?? {})
      .filter((key) => METHODS.has(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );

describe('the OpenAPI document', () => {
  it('is kept in docs/openapi.json exactly as generated (npm run openapi rewrites it)', () => {
    expect(readFileSync('docs/openapi.json', 'utf-8')).toBe(serializeOpenApi(document));
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(JSON.parse(readFileSync('docs/openapi.json', 'utf-8')) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Leadflow job API', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('describes exactly the routes the application serves', () => {
    const served = createApiApp(fakePorts().ports, { auth: { kind: 'keys', keys: TEST_KEYS } })
      // Middleware (the API key, the body limit) is registered for every method as ALL.
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    // A route appears once per handler in its chain (validators, then the handler): compare distinct ones.
    expect([...new Set(served)].sort()).toEqual(documented(document).sort());
    expect(documented(document).sort()).toEqual([
      'DELETE /jobs/{jobId}',
      'GET /jobs',
      'GET /jobs/{jobId}',
      'GET /jobs/{jobId}/results',
      'GET /openapi.json',
      'GET /tokens',
      'POST /jobs',
      'POST /jobs/{jobId}/reprocess',
      'POST /jobs/{jobId}/resume',
      'POST /uploads',
    ]);
  });

  it('puts every operation behind the API key and documents problem+json errors', () => {
    expect(document.security).toEqual([{ apiKey: [] }]);
    expect(document.components?.securitySchemes).toEqual({ apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } });
    for (const item of Object.values(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        if (!METHODS.has(method)) continue;
        const responses = (operation as { responses: Record<string, { content?: Record<string, unknown> }> }).responses;
        expect(Object.keys(responses)).toContain('401');
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) >= 400) expect(Object.keys(response.content ?? {})).toEqual(['application/problem+json']);
        }
      }
    }
  });

  it('states the body limit of POST /jobs', () => {
    expect(document.paths?.['/jobs']?.post?.description).toContain(`${4 * 1024 * 1024} bytes`);
  });

  it('is served at /openapi.json as kept in the repository', async () => {
    const reply = await setup().call('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.type).toContain('application/json');
    expect(reply.body).toEqual(JSON.parse(readFileSync('docs/openapi.json', 'utf-8')));
  });
});
