import { describe, expect, it } from 'vitest';
import { createApiApp } from '../../lambdas/api/app';
import { fakePorts } from './fakes';
import { API_KEY, setup } from './client';

const JOB = '00000000-0000-4000-8000-000000000001';
const REQUESTS: [string, string][] = [
  ['POST', '/jobs'],
  ['POST', '/uploads'],
  ['GET', '/jobs'],
  ['GET', `/jobs/${JOB}`],
  ['GET', `/jobs/${JOB}/results`],
  ['DELETE', `/jobs/${JOB}`],
  ['GET', '/openapi.json'],
  ['GET', '/no/such/route'],
];

/** No key, wrong keys (one of the same length, one a character longer) and the key in another header. */
const WRONG_CREDENTIALS: Record<string, string>[] = [
  {},
  { 'x-api-key': 'wrong' },
  { 'x-api-key': `${API_KEY.slice(0, -1)}X` },
  { 'x-api-key': `${API_KEY}0` },
  { authorization: `Bearer ${API_KEY}` },
];

describe('the API key (leadflow serve)', () => {
  it.each(REQUESTS)('%s %s answers 401 problem+json without the key, or with a wrong one', async (method, path) => {
    const { call, puts, jobs } = setup();
    for (const headers of WRONG_CREDENTIALS) {
      const reply = await call(method, path, {
        anonymous: true,
        headers,
        type: 'application/json',
        body: method === 'POST' ? '{"leads":[{"a":1}]}' : undefined,
      });
      expect(reply.status).toBe(401);
      expect(reply.type).toBe('application/problem+json');
      expect(reply.body).toMatchObject({ type: 'https://leadflow.dev/problems/unauthorized', status: 401 });
      expect(reply.text).not.toContain(API_KEY);
    }
    expect([puts, jobs.size]).toEqual([[], 0]);
  });

  it('lets a request with the key through, whatever the header name case', async () => {
    const { call } = setup();
    expect((await call('GET', '/jobs')).status).toBe(200);
    expect((await call('GET', '/openapi.json', { anonymous: true, headers: { 'X-Api-Key': API_KEY } })).status).toBe(200);
  });

  it('checks the key before the body size', async () => {
    const { call } = setup({ maxBodyBytes: 10 });
    expect((await call('POST', '/jobs', { anonymous: true, type: 'text/csv', body: 'x'.repeat(100) })).status).toBe(401);
  });

  it('on AWS, takes the caller from the key API Gateway checked, and refuses a request that names none', async () => {
    const app = createApiApp(fakePorts().ports, {});
    const gateway = (apiKeyId?: string) => ({ requestContext: { identity: { apiKeyId } } });
    expect((await app.request('/jobs', {}, gateway('k1'))).status).toBe(200);
    for (const env of [undefined, {}, gateway(), gateway('')]) expect((await app.request('/jobs', {}, env)).status).toBe(401);
  });

  it('refuses an empty key, or two keys with one id, rather than serve an open or ambiguous API', () => {
    const serve = (keys: { id: string; key: string }[]) => () => createApiApp(fakePorts().ports, { auth: { kind: 'keys', keys } });
    expect(serve([{ id: 'a', key: '' }])).toThrow(/must not be empty/);
    expect(serve([])).toThrow(/must not be empty/);
    expect(
      serve([
        { id: 'a', key: 'k1' },
        { id: 'a', key: 'k2' },
      ]),
    ).toThrow(/id of its own/);
  });
});
