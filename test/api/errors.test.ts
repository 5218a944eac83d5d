import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup } from './client';

const SECRET_LEAD = 'jane.doe@example.com';

afterEach(() => vi.restoreAllMocks());

describe('errors', () => {
  it('answers an unknown route or method with a 404 problem', async () => {
    const { call } = setup();
    for (const [method, path] of [
      ['GET', '/nope'],
      ['PUT', '/jobs'],
      ['POST', '/jobs/00000000-0000-4000-8000-000000000001'],
    ] as const) {
      const reply = await call(method, path);
      expect(reply.status).toBe(404);
      expect(reply.type).toBe('application/problem+json');
      expect(reply.body).toEqual({ type: 'https://leadflow.dev/problems/not-found', title: 'Not found', status: 404, detail: 'There is no such route.' });
    }
  });

  it('answers an unexpected failure with a generic 500 problem and logs no message, since it could quote a lead', async () => {
    const { postJson, ports } = setup();
    ports.objects.put = async () => {
      throw new Error(`S3 refused the row of ${SECRET_LEAD}`);
    };
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const reply = await postJson('/jobs', { leads: [{ Email: SECRET_LEAD }] });

    expect(reply.status).toBe(500);
    expect(reply.type).toBe('application/problem+json');
    expect(reply.body).toEqual({
      type: 'https://leadflow.dev/problems/internal-error',
      title: 'Internal error',
      status: 500,
      detail: 'Something went wrong on our side; the request can be retried.',
    });
    expect(log).toHaveBeenCalledTimes(1);
    const logged = String(log.mock.calls[0]![0]);
    expect(JSON.parse(logged)).toMatchObject({ level: 'ERROR', error: 'Error', method: 'POST', route: '/jobs' });
    expect(logged).not.toContain(SECRET_LEAD);
  });
});
