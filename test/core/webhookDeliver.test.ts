import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  deliverWebhook,
  LEADFLOW_DELIVERY_ID_HEADER,
  WEBHOOK_USER_AGENT,
  type WebhookDelivery,
} from '../../lambdas/core/webhook/deliver';
import { LEADFLOW_SIGNATURE_HEADER, verifyWebhook } from '../../lambdas/core/webhook/signature';

/** What the receiver does with one request. */
type Behaviour = number | 'hang' | 'reset' | 'redirect' | 'endless-body';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'whsec_test';
const BODY = JSON.stringify({ type: 'job.completed', id: 'evt-1', data: { jobId: 'job-1', status: 'COMPLETED' } });
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

let server: Server;
let url: string;
const script: Behaviour[] = [];
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    // One connection per request: a kept-alive socket closed between tests would fail the next test's first
    // attempt with a network error, and the count of attempts would depend on test order.
    res.setHeader('connection', 'close');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const behaviour = script.shift() ?? 204;
      if (behaviour === 'hang') return;
      if (behaviour === 'reset') {
        req.socket.destroy();
        return;
      }
      if (behaviour === 'redirect') {
        res.writeHead(307, { location: 'http://10.0.0.1/steal' }).end();
        return;
      }
      if (behaviour === 'endless-body') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(behaviour, { 'content-type': 'text/plain' }).end('receiver says hello');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/leadflow?token=abc`;
});

afterEach(() => {
  script.length = 0;
  received.length = 0;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A delivery to the loopback receiver; the clock advances 7 s per reading so each attempt has its own time. */
function delivery(overrides: Partial<WebhookDelivery> = {}) {
  let clock = START;
  const readings: number[] = [];
  const sleeps: number[] = [];
  const input: WebhookDelivery = {
    url,
    body: BODY,
    secret: SECRET,
    deliveryId: 'dlv_0001',
    now: () => {
      readings.push(clock);
      const date = new Date(clock);
      clock += 7_000;
      return date;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    timeoutMs: 1_000,
    allowPrivateHosts: true,
    ...overrides,
  };
  return { input, readings, sleeps };
}

function signatureOf(request: Received | undefined): string {
  return String(request?.headers[LEADFLOW_SIGNATURE_HEADER]);
}

describe('deliverWebhook to a real receiver', () => {
  it('POSTs the signed JSON body once when the receiver answers 2XX', async () => {
    script.push(200);
    const { input, sleeps } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 1, lastStatus: 200 });

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks/leadflow?token=abc');
    expect(request?.body).toBe(BODY);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
    expect(WEBHOOK_USER_AGENT).toBe('Leadflow-Webhook/1');
    expect(request?.headers[LEADFLOW_DELIVERY_ID_HEADER]).toBe('dlv_0001');
    expect(signatureOf(request)).toMatch(new RegExp(`^t=${START / 1000},v1=[0-9a-f]{64}$`));
    expect(verifyWebhook(SECRET, request?.body ?? '', signatureOf(request), START / 1000)).toBe(true);
    expect(sleeps).toEqual([]);
  });

  it('retries a 500, re-signing with a fresh timestamp and keeping the delivery id', async () => {
    script.push(500, 200);
    const { input, readings, sleeps } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 2, lastStatus: 200 });

    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(signatureOf(first)).not.toBe(signatureOf(second));
    expect(readings).toHaveLength(2);
    readings.forEach((ms, i) => {
      const request = received[i];
      expect(signatureOf(request)).toMatch(new RegExp(`^t=${ms / 1000},`));
      expect(verifyWebhook(SECRET, BODY, signatureOf(request), ms / 1000)).toBe(true);
    });
    // The first signature has gone stale by the time a much later retry would be checked; the fresh one has not.
    expect(verifyWebhook(SECRET, BODY, signatureOf(first), START / 1000 + 400)).toBe(false);
    expect(received.map((r) => r.headers[LEADFLOW_DELIVERY_ID_HEADER])).toEqual(['dlv_0001', 'dlv_0001']);
    expect(received.map((r) => r.body)).toEqual([BODY, BODY]);
    expect(sleeps).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 410, 422])('does not retry a %s: the receiver rejects the call', async (status) => {
    script.push(status, 200);
    const { input, sleeps } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 1, lastStatus: status });
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each([408, 429, 502, 503, 504])('retries a %s', async (status) => {
    script.push(status, 204);
    const { input } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 2, lastStatus: 204 });
    expect(received).toHaveLength(2);
  });

  it('retries a timeout', async () => {
    script.push('hang', 200);
    const { input } = delivery({ timeoutMs: 150 });
    const started = Date.now();
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 2, lastStatus: 200 });
    expect(received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries a connection reset', async () => {
    script.push('reset', 200);
    const { input } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 2, lastStatus: 200 });
  });

  it('gives up after the last attempt, backing off with full jitter in between', async () => {
    script.push(500, 503, 500);
    const { input, sleeps } = delivery({ baseDelayMs: 400 });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 3, lastStatus: 500 });
    expect(received).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(0);
    expect(sleeps[0]).toBeLessThan(400);
    expect(sleeps[1]).toBeGreaterThanOrEqual(0);
    expect(sleeps[1]).toBeLessThan(800);
  });

  it('reports no status when the last attempt got no response', async () => {
    script.push(500, 'hang');
    const { input } = delivery({ attempts: 2, timeoutMs: 150 });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 2 });
  });

  it('honours the number of attempts', async () => {
    script.push(500, 200);
    const { input } = delivery({ attempts: 1 });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 1, lastStatus: 500 });
    expect(received).toHaveLength(1);
  });

  it('does not follow a redirect (it could lead to a private address)', async () => {
    script.push('redirect');
    const { input } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 1, lastStatus: 307 });
    expect(received).toHaveLength(1);
  });

  it('does not read the response body', async () => {
    script.push('endless-body');
    const { input } = delivery();
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 1, lastStatus: 200 });
  });

  it('retries when nothing listens on the port', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { input, sleeps } = delivery({ url: `http://127.0.0.1:${port}/` });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 3 });
    expect(sleeps).toHaveLength(2);
  });

  it('refuses the loopback receiver without allowPrivateHosts, making no request', async () => {
    const { input } = delivery({ allowPrivateHosts: false });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 0, refused: 'private-host' });
    expect(received).toHaveLength(0);
  });
});

describe('deliverWebhook: which URLs it calls', () => {
  const okFetch = () => vi.fn<typeof fetch>(async () => new Response(null, { status: 204 }));

  it.each([
    'http://127.0.0.1/',
    'http://127.5.6.7:8080/hook',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.20/',
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'http://169.254.170.2/v2/credentials',
    'http://0.0.0.0:9001/2018-06-01/runtime/invocation/next',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://127.1/',
    'https://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::10.0.0.1]/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://[fec0::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[64:ff9b:1::1]/',
    'http://[2002:a00:1::]/',
    'http://localhost:3000/',
    'http://LOCALHOST./',
    'http://api.localhost/',
  ])('refuses %s', async (target) => {
    const fetchImpl = okFetch();
    const { input } = delivery({ url: target, fetchImpl, allowPrivateHosts: false });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 0, refused: 'private-host' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it.each([
    'https://hooks.example.com/leadflow',
    'http://93.184.216.34/',
    'http://172.32.0.1/',
    'http://100.128.0.1/',
    'http://11.0.0.1/',
    'http://[2606:4700:4700::1111]/',
    'http://[::ffff:8.8.8.8]/',
    'http://[64:ff9b::808:808]/',
    'http://10.example.com/',
    'http://localhost.example.com/',
  ])('calls the public address %s', async (target) => {
    const fetchImpl = okFetch();
    const { input } = delivery({ url: target, fetchImpl, allowPrivateHosts: false });
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 1, lastStatus: 204 });
    expect(fetchImpl).toHaveBeenCalledOnce();
  });

  it.each([
    ['ftp://hooks.example.com/', 'unsupported-scheme'],
    ['file:///etc/passwd', 'unsupported-scheme'],
    ['javascript:alert(1)', 'unsupported-scheme'],
    ['not a url', 'invalid-url'],
    ['', 'invalid-url'],
    ['https://user:secret@hooks.example.com/', 'credentials-in-url'],
  ])('refuses %s (%s), even with allowPrivateHosts', async (target, refused) => {
    const fetchImpl = okFetch();
    const { input } = delivery({ url: target, fetchImpl });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 0, refused });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('uses exponential backoff capped at 30 s per wait', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => new Response(null, { status: 503 }));
    const { input, sleeps } = delivery({ url: 'https://hooks.example.com/', fetchImpl, attempts: 8, baseDelayMs: 1_000 });
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
    try {
      expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 8, lastStatus: 503 });
    } finally {
      random.mockRestore();
    }
    expect(sleeps.map((ms) => Math.round(ms))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('refuses a delivery id that cannot be a header value, and an empty secret, before any request', async () => {
    const fetchImpl = okFetch();
    await expect(deliverWebhook(delivery({ url: 'https://hooks.example.com/', fetchImpl, deliveryId: 'a\nb' }).input)).rejects.toThrow(
      TypeError,
    );
    await expect(deliverWebhook(delivery({ url: 'https://hooks.example.com/', fetchImpl, secret: '' }).input)).rejects.toThrow(
      TypeError,
    );
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});
