import { afterEach, describe, expect, it, vi } from 'vitest';
import { pollUntilDone } from './leadspaceSupport';
import type { BatchRecord } from '../../lambdas/core/lead';
import {
  LEADSPACE_TOKEN_PATH,
  LeadspaceClient,
  LeadspaceTokenCache,
  VendorFatalError,
  VendorProtocolError,
  VendorTransientError,
  clearLeadspaceTokenCache,
  leadspaceOAuthTokenProvider,
  type LeadspaceOAuthOptions,
} from '../../lambdas/vendors/leadspace';
import { leadspaceClient, leadspaceClientFromSecret, parseLeadspaceSecret } from '../../lambdas/aws/leadspace';
import { startLeadspaceSimulator, type LeadspaceSimulator, type LeadspaceSimulatorOptions } from '../../local/simulators/leadspace';

const secrets = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../../lambdas/aws/secrets', () => ({
  getJsonSecret: async (secretId: string) => {
    if (!secrets.has(secretId)) throw new Error('no such secret');
    return secrets.get(secretId);
  },
}));


const CLIENT_ID = 'leadflow-client';
const CLIENT_SECRET = 'S3cr3t-do-not-print';
const PERPETUAL = 'perpetual-token';
const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3 };
const HOUR_MS = 3_600_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  // A later simulator may get a closed one's port: start each test with an empty module-wide token cache.
  clearLeadspaceTokenCache();
});

/** A simulator with one OAuth client and one perpetual token, on a clock the test moves. */
async function simulator(options: Partial<LeadspaceSimulatorOptions> = {}) {
  const clock = { now: Date.now() };
  const sim = await startLeadspaceSimulator({
    tokens: [PERPETUAL],
    oauthClients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    processingDelayMs: 10,
    clock: () => clock.now,
    ...options,
  });
  cleanups.push(() => sim.close());
  return { sim, clock };
}

function oauthClient(sim: LeadspaceSimulator, overrides: Partial<LeadspaceOAuthOptions> = {}): LeadspaceClient {
  const tokenProvider = leadspaceOAuthTokenProvider({
    baseUrl: sim.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    retry: FAST_RETRY,
    ...overrides,
  });
  return new LeadspaceClient({ baseUrl: sim.url, tokenProvider, retry: FAST_RETRY });
}

function leads(count: number): BatchRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    externalId: `r${i}`,
    lead: { firstName: 'Ada', lastName: `Lovelace${'x'.repeat(i)}`, companyName: 'Analytical Engines', domain: 'analytical.io' },
  }));
}


async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Every access token the simulator handed out, read off the wire through fetchImpl. */
function recordingFetch() {
  const tokens: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).endsWith(LEADSPACE_TOKEN_PATH) && response.status === 200) {
      const body = (await response.clone().json()) as { access_token: string };
      tokens.push(body.access_token);
    }
    return response;
  };
  return { tokens, fetchImpl };
}

function expectNoCredentialsIn(error: Error, tokens: readonly string[]): void {
  for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
    expect(text).not.toContain(CLIENT_SECRET);
    for (const token of tokens) expect(text).not.toContain(token);
  }
}

describe('Leadspace OAuth 2.0 against the simulator', () => {
  it('submits and polls a bulk with an OAuth access token', async () => {
    const { sim } = await simulator({ tokens: [] });
    const client = oauthClient(sim);
    const accepted = await client.submitBulk({ records: leads(3), externalBulkId: 'job:batch:1' });
    const done = await pollUntilDone(client, accepted.pollingPath);
    expect(done.results.map((r) => r.external_id).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(done.externalBulkId).toBe('job:batch:1');
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0, bulksAccepted: 1 });
  });

  it('the token endpoint follows the conventional client-credentials contract', async () => {
    const { sim } = await simulator();
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${sim.url}/oauth2/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });

    const granted = await post({ Authorization: basic(CLIENT_ID, CLIENT_SECRET) }, 'grant_type=client_credentials');
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    const body = (await granted.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 86_400 });

    const wrong = await post({ Authorization: basic(CLIENT_ID, 'nope') }, 'grant_type=client_credentials');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const anonymous = await post({}, 'grant_type=client_credentials');
    expect(anonymous.status).toBe(401);
    const password = await post({ Authorization: basic(CLIENT_ID, CLIENT_SECRET) }, 'grant_type=password');
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' });

    // The issued token is a bearer token for the API like a perpetual one.
    const polled = await fetch(`${sim.url}/v3/enrichment/results/unknown`, {
      headers: { Authorization: `Bearer ${body.access_token as string}` },
    });
    expect(polled.status).toBe(404);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0, rejected: { 400: 1, 401: 2 } });
  });

  it('fetches the token once and reuses it across many calls, concurrent callers and client instances', async () => {
    const { sim } = await simulator();
    const first = oauthClient(sim);
    const accepted = await first.submitBulk({ records: leads(2), externalBulkId: 'b' });
    for (let i = 0; i < 5; i++) await first.getResults(accepted.pollingPath);
    // New providers and clients in the same process (a warm Lambda's next invocations) share the module cache.
    await Promise.all(Array.from({ length: 8 }, () => oauthClient(sim).getResults(accepted.pollingPath)));
    await pollUntilDone(oauthClient(sim), accepted.pollingPath);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0 });
  });

  it('concurrent first callers share one token request', async () => {
    const { sim } = await simulator();
    const clients = Array.from({ length: 6 }, () => oauthClient(sim));
    await Promise.all(clients.map((client) => client.getResults('/v3/enrichment/results/none')));
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0 });
  });

  it('near expiry a new token is fetched before use, without a 401', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600 });
    const client = oauthClient(sim, { clock: () => clock.now });
    const { tokens, fetchImpl } = recordingFetch();
    const recorded = oauthClient(sim, { clock: () => clock.now, fetchImpl });

    await client.getResults('/v3/enrichment/results/none');
    clock.now += 54 * 60_000; // 6 minutes left: outside the 5-minute margin
    await client.getResults('/v3/enrichment/results/none');
    expect(sim.stats().tokensIssued).toBe(1);

    clock.now += 2 * 60_000; // 4 minutes left: inside the margin
    await recorded.getResults('/v3/enrichment/results/none');
    await client.getResults('/v3/enrichment/results/none');
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthorized: 0 });
    expect(tokens).toHaveLength(1);
  });

  it('an expired token gets 401, exactly one refresh, and the call succeeds', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600 });
    const client = oauthClient(sim); // the client's own clock does not move: it believes its token is fresh
    const accepted = await client.submitBulk({ records: leads(2), externalBulkId: 'b' });

    clock.now += 2 * HOUR_MS;
    const done = await pollUntilDone(client, accepted.pollingPath);
    expect(done.results).toHaveLength(2);
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthorized: 1 });

    // A submission refused with 401 is resent once as well (a refused request created no bulk).
    sim.revokeAccessTokens();
    await client.submitBulk({ records: leads(1), externalBulkId: 'c' });
    expect(sim.stats()).toMatchObject({ tokensIssued: 3, unauthorized: 2, bulksAccepted: 2 });
  });

  it('one refresh serves every call that was refused with the same stale token', async () => {
    const { sim } = await simulator();
    const client = oauthClient(sim);
    await client.getResults('/v3/enrichment/results/none');
    sim.revokeAccessTokens();
    await Promise.all(Array.from({ length: 5 }, () => client.getResults('/v3/enrichment/results/none')));
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthorized: 5 });
  });

  it('a second 401 after the refresh is the usual fatal unauthorized', async () => {
    const { sim } = await simulator();
    const { tokens, fetchImpl } = recordingFetch();
    const client = oauthClient(sim, { fetchImpl });
    await client.getResults('/v3/enrichment/results/none');
    sim.setFaults({ rejectAccessTokens: true });

    const error = await rejection(client.submitBulk({ records: leads(1), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ vendor: 'leadspace', httpStatus: 401, code: 'unauthorized' });
    expect(error.message).toContain('OAuth access token');
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, unauthorized: 2, bulksAccepted: 0 });
    expect(tokens).toHaveLength(2);
    expectNoCredentialsIn(error, tokens);
  });

  it('a refresh refused because the credentials are no longer valid is fatal and names OAuth', async () => {
    const { sim } = await simulator();
    const { tokens, fetchImpl } = recordingFetch();
    const client = oauthClient(sim, { fetchImpl });
    await client.getResults('/v3/enrichment/results/none');
    sim.setOAuthClients([]);
    sim.revokeAccessTokens();

    const error = await rejection(client.getResults('/v3/enrichment/results/none'));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ httpStatus: 401, code: 'unauthorized' });
    expect(error.message).toMatch(/OAuth client credentials.*invalid_client/);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 1, rejected: { 401: 2 } });
    expectNoCredentialsIn(error, tokens);
  });

  it('bad client credentials: VendorFatalError mentioning OAuth, with neither secret nor token in it', async () => {
    const { sim } = await simulator();
    const client = oauthClient(sim, { clientSecret: `${CLIENT_SECRET}-wrong` });
    const error = await rejection(client.submitBulk({ records: leads(1), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ vendor: 'leadspace', httpStatus: 401, code: 'unauthorized' });
    expect(error.message).toContain('OAuth');
    expect(error.message).not.toContain('wrong');
    expectNoCredentialsIn(error, [PERPETUAL]);
    // Nothing reached the API: one refused token request, not retried.
    expect(sim.stats()).toMatchObject({ requests: 1, tokensIssued: 0, unauthorized: 0, bulksAccepted: 0 });

    // A failed fetch is not cached: the next call asks again.
    await expect(client.getResults('/v3/enrichment/results/x')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(sim.stats().requests).toBe(2);
  });

  it('token endpoint 5XX is retried by the shared transport, then VendorTransientError', async () => {
    const { sim } = await simulator({ faults: { serverErrorRate: 1 } });
    const client = oauthClient(sim);
    const error = await rejection(client.getResults('/v3/enrichment/results/x'));
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ attempts: 3, message: expect.stringContaining('OAuth token request') });
    expectNoCredentialsIn(error, []);
    expect(sim.stats()).toMatchObject({ requests: 3, tokensIssued: 0 });

    // Once the gateway recovers, the same provider gets its token.
    sim.setFaults({});
    expect(await client.getResults('/v3/enrichment/results/x')).toEqual({ state: 'not_found' });
  });

  it('a network failure at the token endpoint is transient', async () => {
    const { sim } = await simulator();
    const url = sim.url;
    await sim.close();
    const tokenProvider = leadspaceOAuthTokenProvider({ baseUrl: url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST_RETRY });
    const error = await rejection(new LeadspaceClient({ baseUrl: url, tokenProvider, retry: FAST_RETRY }).getResults('/v3/x'));
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: undefined, attempts: 3 });
  });

  it('perpetual token path unchanged: 401 is fatal at once and the token endpoint is never called', async () => {
    const { sim } = await simulator();
    const wrong = new LeadspaceClient({ baseUrl: sim.url, token: 'wrong', retry: FAST_RETRY });
    const error = await rejection(wrong.submitBulk({ records: leads(1), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('Leadspace rejected the API token (HTTP 401)') });
    expect(sim.stats()).toMatchObject({ requests: 1, tokensIssued: 0, unauthorized: 1 });

    // The OAuth fault does not touch perpetual tokens.
    sim.setFaults({ rejectAccessTokens: true });
    const right = new LeadspaceClient({ baseUrl: sim.url, token: PERPETUAL, retry: FAST_RETRY });
    const accepted = await right.submitBulk({ records: leads(1), externalBulkId: 'b' });
    await pollUntilDone(right, accepted.pollingPath);
    expect(sim.stats()).toMatchObject({ tokensIssued: 0, unauthorized: 1 });
  });

  it('the client takes exactly one of a token and a token provider', () => {
    const tokenProvider = { getToken: async () => 't', invalidate: () => undefined };
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example' })).toThrow(TypeError);
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example', token: '' })).toThrow(TypeError);
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example', token: 't', tokenProvider })).toThrow(TypeError);
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example', tokenProvider })).not.toThrow();
  });
});

/** A fake token endpoint: answers each request with the next token and the given lifetime. */
function fakeTokenEndpoint(expiresIn: number | null = 3600) {
  const requests: Array<{ url: string; headers: Headers; body: string }> = [];
  let gate: Promise<void> = Promise.resolve();
  let fail: number | undefined;
  const fetchImpl: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    await gate;
    if (fail !== undefined) return new Response(JSON.stringify({ error: 'invalid_client' }), { status: fail });
    const body = { access_token: `token-${requests.length}`, token_type: 'Bearer', ...(expiresIn !== null && { expires_in: expiresIn }) };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return {
    requests,
    fetchImpl,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
    failWith(status: number | undefined) {
      fail = status;
    },
  };
}

describe('Leadspace access-token provider (injected clock)', () => {
  function provider(endpoint: ReturnType<typeof fakeTokenEndpoint>, clock: { now: number }, overrides: Partial<LeadspaceOAuthOptions> = {}) {
    return leadspaceOAuthTokenProvider({
      baseUrl: 'https://auth.example/',
      clientId: 'id with space',
      clientSecret: 'se:cret',
      fetchImpl: endpoint.fetchImpl,
      clock: () => clock.now,
      cache: new LeadspaceTokenCache(),
      retry: FAST_RETRY,
      ...overrides,
    });
  }

  it('sends the client-credentials grant with Basic form-encoded credentials', async () => {
    const endpoint = fakeTokenEndpoint();
    await provider(endpoint, { now: 0 }).getToken();
    const [request] = endpoint.requests;
    expect(request?.url).toBe('https://auth.example/oauth2/token');
    expect(request?.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.get('authorization')).toBe(`Basic ${Buffer.from('id+with+space:se%3Acret').toString('base64')}`);
    expect(request?.body).toBe('grant_type=client_credentials');
  });

  it('reuses the token until 5 minutes before expiry, then fetches a new one', async () => {
    const endpoint = fakeTokenEndpoint(3600);
    const clock = { now: 1_000_000 };
    const tokens = provider(endpoint, clock);
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 55 * 60_000 - 1;
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 1;
    expect(await tokens.getToken()).toBe('token-2');
    expect(await tokens.getToken()).toBe('token-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('the refresh margin is configurable and never more than half the token lifetime', async () => {
    const endpoint = fakeTokenEndpoint(3600);
    const clock = { now: 0 };
    const tokens = provider(endpoint, clock, { refreshMarginMs: 60_000 });
    await tokens.getToken();
    clock.now = 59 * 60_000 - 1;
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 1;
    expect(await tokens.getToken()).toBe('token-2');

    const short = fakeTokenEndpoint(60);
    const shortClock = { now: 0 };
    const shortTokens = provider(short, shortClock);
    await shortTokens.getToken();
    shortClock.now = 29_999;
    expect(await shortTokens.getToken()).toBe('token-1');
    shortClock.now = 30_000;
    expect(await shortTokens.getToken()).toBe('token-2');
  });

  it('a response without expires_in is taken to last 24 hours', async () => {
    const endpoint = fakeTokenEndpoint(null);
    const clock = { now: 0 };
    const tokens = provider(endpoint, clock);
    await tokens.getToken();
    clock.now = 23 * HOUR_MS;
    expect(await tokens.getToken()).toBe('token-1');
    clock.now = 24 * HOUR_MS - 5 * 60_000;
    expect(await tokens.getToken()).toBe('token-2');
  });

  it('concurrent callers share one in-flight fetch', async () => {
    const endpoint = fakeTokenEndpoint();
    const release = endpoint.hold();
    const tokens = provider(endpoint, { now: 0 });
    const pending = Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    expect(await pending).toEqual(['token-1', 'token-1', 'token-1']);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('invalidate forgets only the token it names', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = provider(endpoint, { now: 0 });
    expect(await tokens.getToken()).toBe('token-1');
    tokens.invalidate('something-else');
    expect(await tokens.getToken()).toBe('token-1');
    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');
    // A late report about the old token must not throw away its replacement.
    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('caches per (baseUrl, clientId): providers for the same pair share a token, others do not', async () => {
    const endpoint = fakeTokenEndpoint();
    const clock = { now: 0 };
    const cache = new LeadspaceTokenCache();
    const a = provider(endpoint, clock, { cache });
    const b = provider(endpoint, clock, { cache, baseUrl: 'https://auth.example' }); // same URL, trailing slash aside
    const other = provider(endpoint, clock, { cache, clientId: 'another' });
    const elsewhere = provider(endpoint, clock, { cache, baseUrl: 'https://other.example' });
    expect(await a.getToken()).toBe('token-1');
    expect(await b.getToken()).toBe('token-1');
    expect(await other.getToken()).toBe('token-2');
    expect(await elsewhere.getToken()).toBe('token-3');
    b.invalidate('token-1');
    expect(await a.getToken()).toBe('token-4');
  });

  it('failures: 400/401 fatal without secrets, a failed fetch is not cached, a bad body is a protocol error', async () => {
    const endpoint = fakeTokenEndpoint();
    const tokens = provider(endpoint, { now: 0 });
    endpoint.failWith(401);
    const refused = await rejection(tokens.getToken());
    expect(refused).toBeInstanceOf(VendorFatalError);
    expect(refused.message).toBe('Leadspace refused the OAuth client credentials (HTTP 401, invalid_client)');
    expect(refused.message).not.toContain('se:cret');
    endpoint.failWith(400);
    await expect(tokens.getToken()).rejects.toMatchObject({ httpStatus: 400, code: 'unauthorized' });
    endpoint.failWith(undefined);
    expect(await tokens.getToken()).toBe('token-3');

    const badBody: typeof fetch = async () => new Response(JSON.stringify({ access_token: 'leaky', token_type: 'mac' }), { status: 200 });
    const error = await rejection(provider(endpoint, { now: 0 }, { fetchImpl: badBody }).getToken());
    expect(error).toBeInstanceOf(VendorProtocolError);
    expect(error.message).not.toContain('leaky');
  });
});

describe('Leadspace secret', () => {
  it('accepts the perpetual-token shape', () => {
    expect(parseLeadspaceSecret({ token: 't0k', programId: 'p1' })).toEqual({ token: 't0k', programId: 'p1' });
    expect(parseLeadspaceSecret({ token: 't0k' })).toEqual({ token: 't0k' });
  });

  it('accepts the OAuth shape', () => {
    expect(parseLeadspaceSecret({ clientId: 'c', clientSecret: 's', programId: 'p1' })).toEqual({
      clientId: 'c',
      clientSecret: 's',
      programId: 'p1',
    });
  });

  it('neither a token nor client credentials: an error naming the missing fields, never values', () => {
    const none = () => parseLeadspaceSecret({ programId: 'program-value-42' });
    expect(none).toThrow(/missing "token".*"clientId" and "clientSecret"/);
    expect(none).not.toThrow(/program-value-42/);
    const half = () => parseLeadspaceSecret({ clientId: 'client-value-42', programId: 'p' });
    expect(half).toThrow('The Leadspace secret is missing "clientSecret"');
    expect(half).not.toThrow(/client-value-42/);
    expect(() => parseLeadspaceSecret({ clientSecret: 'secret-value-42' })).toThrow('The Leadspace secret is missing "clientId"');
    expect(() => parseLeadspaceSecret({ token: 'tok-value-42', clientId: 'c', clientSecret: 'secret-value-42' })).toThrow(/both/);
  });

  it('blank or mistyped fields are named without their values', () => {
    const blank = () => parseLeadspaceSecret({ token: '   ', clientSecret: 12345678 });
    expect(blank).toThrow(/fields: token, clientSecret/);
    expect(blank).not.toThrow(/12345678/);
    expect(() => parseLeadspaceSecret('a plain string')).toThrow('The Leadspace secret is not a JSON object');
    expect(() => parseLeadspaceSecret(null)).toThrow('The Leadspace secret is not a JSON object');
  });

  it('baseUrl override: https anywhere, http only on 127.0.0.1 or localhost', () => {
    const ok = (baseUrl: string) => expect(parseLeadspaceSecret({ token: 't', baseUrl }).baseUrl).toBe(baseUrl);
    ok('https://apigw.leadspace.com');
    ok('https://sandbox.leadspace.example:8443/');
    ok('http://127.0.0.1:4010');
    ok('http://localhost:4010');
    const refused = (baseUrl: string, message: RegExp) => expect(() => parseLeadspaceSecret({ token: 't', baseUrl })).toThrow(message);
    refused('http://apigw.leadspace.com', /must use https/);
    refused('http://127.0.0.2:4010', /must use https/);
    refused('ftp://127.0.0.1', /must use https/);
    refused('apigw.leadspace.com', /not an absolute URL/);
    refused('https://user:pw@apigw.leadspace.com', /must not carry credentials/);
  });

  it("the secret's baseUrl wins over the configured one, for both methods", async () => {
    const { sim } = await simulator();
    const configured = 'https://apigw.leadspace.invalid';
    const settings = { retry: FAST_RETRY };
    const viaOauth = leadspaceClientFromSecret(
      parseLeadspaceSecret({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, baseUrl: sim.url }),
      configured,
      settings,
    );
    const viaToken = leadspaceClientFromSecret(parseLeadspaceSecret({ token: PERPETUAL, baseUrl: sim.url }), configured, settings);
    expect(await viaOauth.getResults('/v3/enrichment/results/x')).toEqual({ state: 'not_found' });
    expect(await viaToken.getResults('/v3/enrichment/results/x')).toEqual({ state: 'not_found' });
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0 });
  });

  it('leadspaceClient(secretId, baseUrl) reads the secret and works with either method', async () => {
    const { sim } = await simulator();
    secrets.set('ls-oauth', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, programId: 'p' });
    secrets.set('ls-token', { token: PERPETUAL, programId: 'p' });
    secrets.set('ls-empty', { programId: 'p' });
    for (const id of ['ls-oauth', 'ls-token', 'ls-oauth']) {
      const client = await leadspaceClient(id, sim.url);
      const accepted = await client.submitBulk({ records: leads(1), externalBulkId: id });
      await pollUntilDone(client, accepted.pollingPath);
    }
    // Two clients built from the OAuth secret (two "invocations") used one token.
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0, bulksAccepted: 3 });
    await expect(leadspaceClient('ls-empty', sim.url)).rejects.toThrow(/missing "token"/);
  });
});
