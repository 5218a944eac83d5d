import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliverWebhook, LEADFLOW_DELIVERY_ID_HEADER, WEBHOOK_USER_AGENT, type WebhookDelivery } from '../../lambdas/core/webhook/deliver';
import { checkedLookup, isPublicAddress, WebhookAddressRefused } from '../../lambdas/core/webhook/checkedLookup';
import { LEADFLOW_SIGNATURE_HEADER, verifyWebhook } from '../../lambdas/core/webhook/signature';

/** What the receiver does with one request. */
type Behaviour = number | 'hang' | 'slow' | 'reset' | 'redirect' | 'endless-body';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'whsec_test';
const BODY = JSON.stringify({ type: 'job.completed', id: 'evt-1', data: { jobId: 'job-1', status: 'COMPLETED' } });
const START = Date.UTC(2026, 0, 1, 12, 0, 0);
/** Far above the 150 ms timeout the tests give, below the 10 s default they must not fall back to. */
const SLOW_ANSWER_MS = 5_000;

let server: Server;
let url: string;
let port: number;
/** TCP connections the receiver accepted: a refusal at connect time must leave this at 0. */
let connections = 0;
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
      if (behaviour === 'slow') {
        // Answers 200, but only after SLOW_ANSWER_MS: a client that waited that long would count one attempt.
        const timer = setTimeout(() => res.writeHead(200).end(), SLOW_ANSWER_MS);
        res.on('close', () => clearTimeout(timer));
        return;
      }
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
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/hooks/leadflow?token=abc`;
});

afterEach(() => {
  script.length = 0;
  received.length = 0;
  connections = 0;
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
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 2, lastStatus: 200 });
    expect(received).toHaveLength(2);
  });

  it('gives up on an attempt after timeoutMs, not the default: a slower 200 is not waited for', async () => {
    // The attempt's timer starts before the request is sent, in this same process, and is shorter than the
    // receiver's: it always fires first, however fast the machine. Waiting for the 200 would be one attempt.
    script.push('slow', 204);
    const { input } = delivery({ timeoutMs: 150 });
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 2, lastStatus: 204 });
    expect(received).toHaveLength(2);
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
    await expect(deliverWebhook(delivery({ url: 'https://hooks.example.com/', fetchImpl, deliveryId: 'a\nb' }).input)).rejects.toThrow(TypeError);
    await expect(deliverWebhook(delivery({ url: 'https://hooks.example.com/', fetchImpl, secret: '' }).input)).rejects.toThrow(TypeError);
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

describe('deliverWebhook: what a host name resolves to, checked at connect time', () => {
  /** A resolver that answers one name from a script, one answer per connection, and records the names asked. */
  function resolver(...answers: (readonly string[])[]) {
    const asked: string[] = [];
    const resolveHost = async (hostname: string): Promise<readonly string[]> => {
      asked.push(hostname);
      if (hostname !== 'hooks.example') throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return answers.length > 1 ? (answers.shift() ?? []) : (answers[0] ?? []);
    };
    return { asked, resolveHost };
  }
  const named = (path = '/hooks/leadflow?token=abc', scheme = 'http') => `${scheme}://hooks.example:${port}${path}`;
  /** Stands in for "public": the loopback receiver's own address, and nothing else. */
  const onlyTheReceiver = (address: string) => address === '127.0.0.1';

  it.each([
    ['a private address', ['10.0.0.5']],
    ['the metadata service', ['169.254.169.254']],
    ['the IPv6 metadata service', ['fd00:ec2::254']],
    ['IPv4-mapped loopback', ['::ffff:127.0.0.1']],
    ['IPv4-mapped metadata, in hex', ['::ffff:a9fe:a9fe']],
    ['loopback', ['127.0.0.1']],
    ['IPv6 loopback', ['::1']],
    ['0.0.0.0', ['0.0.0.0']],
    ['a public and a private address', ['93.184.216.34', '10.0.0.5']],
  ])('refuses a public-looking name that resolves to %s, connecting nowhere and not retrying', async (_, addresses) => {
    const { asked, resolveHost } = resolver(addresses);
    const { input, sleeps } = delivery({ url: named(), allowPrivateHosts: false, resolveHost, timeoutMs: 300 });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 0, refused: 'private-host' });
    expect(asked).toEqual(['hooks.example']);
    expect(connections).toBe(0);
    expect(received).toHaveLength(0);
    expect(sleeps).toEqual([]);
  });

  it('refuses over https as well, before any connection', async () => {
    const { resolveHost } = resolver(['169.254.169.254']);
    const { input } = delivery({ url: named('/', 'https'), allowPrivateHosts: false, resolveHost, timeoutMs: 300 });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 0, refused: 'private-host' });
    expect(connections).toBe(0);
  });

  it('refuses a name with one refused address among allowed ones, whichever comes first', async () => {
    for (const addresses of [
      ['127.0.0.1', '10.0.0.5'],
      ['::ffff:10.0.0.5', '127.0.0.1'],
    ]) {
      const { resolveHost } = resolver(addresses);
      const { input } = delivery({ url: named(), allowPrivateHosts: false, resolveHost, allowAddress: onlyTheReceiver });
      expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 0, refused: 'private-host' });
    }
    expect(connections).toBe(0);
  });

  it('delivers to a name that resolves to an allowed address, connecting to that address with the name as Host', async () => {
    script.push(200);
    const { asked, resolveHost } = resolver(['127.0.0.1']);
    const { input } = delivery({ url: named(), allowPrivateHosts: false, resolveHost, allowAddress: onlyTheReceiver });
    expect(await deliverWebhook(input)).toEqual({ delivered: true, attempts: 1, lastStatus: 200 });
    expect(asked).toEqual(['hooks.example']);
    expect(connections).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.host).toBe(`hooks.example:${port}`);
    expect(received[0]?.path).toBe('/hooks/leadflow?token=abc');
    expect(verifyWebhook(SECRET, received[0]?.body ?? '', signatureOf(received[0]), START / 1000)).toBe(true);
  });

  it('connects over https to the checked address (the TLS handshake with this plain receiver then fails, and is retried)', async () => {
    const { resolveHost } = resolver(['127.0.0.1']);
    const { input } = delivery({ url: named('/', 'https'), allowPrivateHosts: false, resolveHost, allowAddress: onlyTheReceiver, attempts: 2 });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 2 });
    expect(connections).toBe(2);
    expect(received).toHaveLength(0);
  });

  it('resolves and checks again for every attempt: a name rebound to a private address after a 503 ends the delivery', async () => {
    script.push(503, 200);
    const { asked, resolveHost } = resolver(['127.0.0.1'], ['10.0.0.5'], ['127.0.0.1']);
    const { input, sleeps } = delivery({ url: named(), allowPrivateHosts: false, resolveHost, allowAddress: onlyTheReceiver });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 1, lastStatus: 503, refused: 'private-host' });
    expect(asked).toEqual(['hooks.example', 'hooks.example']);
    expect(received).toHaveLength(1);
    expect(connections).toBe(1);
    expect(sleeps).toHaveLength(1);
  });

  it('retries a name that does not resolve, like any network error', async () => {
    const { asked, resolveHost } = resolver();
    const { input } = delivery({ url: 'http://nowhere.example/', allowPrivateHosts: false, resolveHost });
    expect(await deliverWebhook(input)).toEqual({ delivered: false, attempts: 3 });
    expect(asked).toEqual(['nowhere.example', 'nowhere.example', 'nowhere.example']);
    expect(connections).toBe(0);
  });

  it('lets a name resolve to loopback with allowPrivateHosts (the local runtime), and does not look up a literal address', async () => {
    script.push(204, 204);
    const { asked, resolveHost } = resolver(['127.0.0.1']);
    expect(await deliverWebhook(delivery({ url: named(), resolveHost }).input)).toEqual({ delivered: true, attempts: 1, lastStatus: 204 });
    expect(await deliverWebhook(delivery({ resolveHost }).input)).toEqual({ delivered: true, attempts: 1, lastStatus: 204 });
    expect(asked).toEqual(['hooks.example']);
  });
});

describe('checkedLookup, as a socket calls it', () => {
  type Answer = { error: NodeJS.ErrnoException | null; address: unknown; family?: number | undefined };
  const lookUp = (lookup: ReturnType<typeof checkedLookup>, options: Parameters<ReturnType<typeof checkedLookup>>[1]) =>
    new Promise<Answer>((resolve) => lookup('hooks.example', options, (error, address, family) => resolve({ error, address, family })));
  const fixed =
    (...addresses: string[]) =>
    async () =>
      addresses;

  it('hands over exactly the checked addresses, as a list or the first one', async () => {
    const lookup = checkedLookup(fixed('93.184.216.34', '2606:4700:4700::1111'), isPublicAddress);
    expect(await lookUp(lookup, { all: true })).toEqual({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700:4700::1111', family: 6 },
      ],
      family: undefined,
    });
    expect(await lookUp(lookup, {})).toEqual({ error: null, address: '93.184.216.34', family: 4 });
    expect(await lookUp(lookup, { family: 6 })).toEqual({ error: null, address: '2606:4700:4700::1111', family: 6 });
  });

  it('refuses without naming the addresses, and refuses answers that are not IP literals whatever the policy', async () => {
    const refused = await lookUp(checkedLookup(fixed('8.8.8.8', '169.254.169.254'), isPublicAddress), { all: true });
    expect(refused.error).toBeInstanceOf(WebhookAddressRefused);
    expect(refused.error?.message).not.toMatch(/169\.254|8\.8/);
    expect(
      (
        await lookUp(
          checkedLookup(fixed('hooks.internal'), () => true),
          {},
        )
      ).error,
    ).toBeInstanceOf(WebhookAddressRefused);
  });

  it('says ENOTFOUND for no address (of the family asked), and passes a resolver error on', async () => {
    expect((await lookUp(checkedLookup(fixed(), isPublicAddress), {})).error?.code).toBe('ENOTFOUND');
    expect((await lookUp(checkedLookup(fixed('93.184.216.34'), isPublicAddress), { family: 6 })).error?.code).toBe('ENOTFOUND');
    const failing = checkedLookup(async () => Promise.reject(Object.assign(new Error('timeout'), { code: 'EAI_AGAIN' })), isPublicAddress);
    expect((await lookUp(failing, {})).error?.code).toBe('EAI_AGAIN');
  });
});
