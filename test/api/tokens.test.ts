import { describe, expect, it } from 'vitest';
import { OPERATOR_KEY, setup } from './client';

const DAY = 86_400_000;

describe('GET /tokens', () => {
  it("shows the operator each vendor credential's age, rotation date and reminders, from its metadata", async () => {
    const api = setup();
    const now = api.now().getTime();
    api.ports.tokens = {
      describe: async (vendor) =>
        vendor === 'aggknowledge'
          ? undefined
          : {
              arn: `arn:aws:secretsmanager:us-east-1:1:secret:${vendor}`,
              name: vendor,
              version: 'v2',
              lastChanged: new Date(now - (vendor === 'leadspace' ? 160 : 190) * DAY),
              record: { version: 'v2', sent: [150], superseded: [] },
            },
    };
    const reply = await api.call('GET', '/tokens', { key: OPERATOR_KEY });
    expect(reply.status).toBe(200);
    const tokens = reply.body.tokens as Record<string, unknown>[];
    expect(tokens.map((t) => t.vendor)).toEqual(['leadspace', 'leadgenius', 'aggknowledge']);
    expect(tokens[0]).toMatchObject({ configured: true, ageDays: 160, daysLeft: 20, overdue: false, remindersSent: [150] });
    expect(tokens[0]!.rotateBy).toBe(new Date(now + 20 * DAY).toISOString());
    expect(tokens[1]).toMatchObject({ configured: true, ageDays: 190, overdue: true });
    expect(tokens[2]).toEqual({ vendor: 'aggknowledge', configured: false, remindersSent: [] });
  });

  it('refuses a team key with 403 problem+json', async () => {
    const api = setup();
    const reply = await api.call('GET', '/tokens');
    expect(reply.status).toBe(403);
    expect(reply.type).toContain('application/problem+json');
    expect(reply.body.detail).toMatch(/operator key/);
  });

  it('names the error class only when a secret cannot be described', async () => {
    const api = setup();
    api.ports.tokens = {
      describe: async () => {
        throw Object.assign(new Error('Secrets Manager cannot find arn:aws:secretsmanager:…:leadspace'), { name: 'ResourceNotFoundException' });
      },
    };
    const reply = await api.call('GET', '/tokens', { key: OPERATOR_KEY });
    const tokens = reply.body.tokens as Record<string, unknown>[];
    expect(tokens[0]!.error).toBe('The secret could not be described (ResourceNotFoundException)');
    expect(reply.text).not.toContain('arn:');
  });
});
