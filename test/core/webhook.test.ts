import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, verifyWebhook } from '../../lambdas/core/webhook/signature';
import { deliverWebhook } from '../../lambdas/core/webhook/deliver';
import { withoutCredentials } from '../../lambdas/core/webhook/withoutCredentials';

describe('webhook signatures', () => {
  const body = '{"type":"job.completed"}';
  it('verifies its own signature and rejects tampering, other keys, stale and malformed headers', () => {
    const header = signWebhook('k', body, 1_000);
    expect(header).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('k', body, header, 1_100)).toBe(true);
    expect(verifyWebhook('k', `${body} `, header, 1_100)).toBe(false);
    expect(verifyWebhook('other', body, header, 1_100)).toBe(false);
    expect(verifyWebhook('k', body, header, 1_000 + 301)).toBe(false);
    expect(verifyWebhook('k', body, 'garbage', 1_000)).toBe(false);
    expect(verifyWebhook('k', body, 't=1000,v1=00', 1_000)).toBe(false);
  });
});

describe('deliverWebhook against a real receiver', () => {
  let server: Server;
  let url: string;
  const script: number[] = [];
  const seen: { signature: string; delivery: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      seen.push({ signature: String(req.headers['leadflow-signature']), delivery: String(req.headers['leadflow-delivery-id']) });
      const status = script.shift() ?? 204;
      if (status === 0) return; // never answers: a timeout
      res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  let t = 1_000_000;
  const deliver = (extra: Partial<Parameters<typeof deliverWebhook>[0]> = {}) =>
    deliverWebhook({
      url,
      body: '{}',
      secret: 's',
      deliveryId: 'd-1',
      now: () => new Date((t += 1000)),
      allowPrivateHosts: true,
      sleep: async () => {},
      timeoutMs: 300,
      ...extra,
    });

  it('retries 5XX and timeouts with a fresh signature and the same delivery id', async () => {
    seen.length = 0;
    script.push(500, 0, 200);
    expect(await deliver()).toEqual({ delivered: true, attempts: 3, lastStatus: 200 });
    expect(new Set(seen.map((s) => s.delivery))).toEqual(new Set(['d-1']));
    expect(new Set(seen.map((s) => s.signature)).size).toBe(3);
  });

  it('does not retry a receiver that rejects the call (4XX)', async () => {
    seen.length = 0;
    script.push(400);
    expect(await deliver()).toEqual({ delivered: false, attempts: 1, lastStatus: 400 });
    expect(seen).toHaveLength(1);
  });

  it('refuses loopback and private addresses unless allowed (no request made)', async () => {
    seen.length = 0;
    const refused = { delivered: false, attempts: 0, refused: 'private-host' };
    expect(await deliver({ allowPrivateHosts: false })).toEqual(refused);
    expect(await deliver({ allowPrivateHosts: false, url: 'http://169.254.169.254/latest/meta-data' })).toEqual(refused);
    expect(seen).toHaveLength(0);
  });
});

describe('withoutCredentials: a webhook URL as shown', () => {
  it.each([
    ['https://user:secret@hooks.example/x?token=t', 'https://hooks.example/x?token=t'],
    ['https://user@hooks.example/x', 'https://hooks.example/x'],
    ['https://:secret@hooks.example/', 'https://hooks.example/'],
    ['http://a%40b:p%3Ass@hooks.example:8443/x', 'http://hooks.example:8443/x'],
    ['https://u:p@q@hooks.example/', 'https://hooks.example/'],
    // Not a URL (the host does not parse): the part before the last @ of the authority goes all the same.
    ['https://user:secret@hooks example/x', 'https://hooks example/x'],
    ['https://user:secret@[bad/x', 'https://[bad/x'],
  ])('drops the credentials of %s', (text, shown) => {
    expect(withoutCredentials(text)).toBe(shown);
  });

  it.each(['https://hooks.example/leadflow?token=abc', 'https://hooks.example/a@b', 'HTTPS://Hooks.Example', 'not a url'])(
    'leaves %s exactly as given',
    (text) => {
      expect(withoutCredentials(text)).toBe(text);
    },
  );
});
