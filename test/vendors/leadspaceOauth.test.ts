import { afterEach, describe, expect, it } from 'vitest';
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
import { readExpiration, type LeadspaceTokenGrant } from '../../lambdas/vendors/leadspace/oauth';
import { startLeadspaceSimulator, type ExpirationFormat, type LeadspaceSimulator, type LeadspaceSimulatorOptions } from '../../local/simulators/leadspace';

const PROGRAM_ID = 'd2224b84-969e-4bf1-8c98-3f4601b3e';
const SECRET = 'S3cr3t-do-not-print';
const PERPETUAL = 'perpetual-token';
const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3 };
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** A whole second, so an expiration stated in epoch seconds is exact. */
const START = 1_700_000_000_000;
const NONE = '/v3/enrichment/results/none';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  // A later simulator may get a closed one's port: start each test with an empty module-wide token cache.
  clearLeadspaceTokenCache();
});

/** A simulator with one OAuth program and one perpetual token, on a clock the test moves. */
async function simulator(options: Partial<LeadspaceSimulatorOptions> = {}) {
  const clock = { now: START };
  const sim = await startLeadspaceSimulator({
    tokens: [PERPETUAL],
    oauthPrograms: [{ programId: PROGRAM_ID, secret: SECRET }],
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
    programId: PROGRAM_ID,
    secret: SECRET,
    retry: FAST_RETRY,
    // Frozen unless the test passes its own: the client then believes its token fresh, whatever the simulator's time.
    clock: () => START,
    ...overrides,
  });
  // The same fetchImpl for the API calls, so a recording sees both.
  return new LeadspaceClient({ baseUrl: sim.url, tokenProvider, retry: FAST_RETRY, ...(overrides.fetchImpl && { fetchImpl: overrides.fetchImpl }) });
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

interface WireCall {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/** Every request on the wire, and every token and refresh token the token endpoint handed out. */
function recordingFetch() {
  const calls: WireCall[] = [];
  const tokens: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    calls.push({
      method: init?.method ?? 'GET',
      path: url.pathname,
      authorization: headers.get('authorization'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const response = await fetch(input, init);
    if (url.pathname === LEADSPACE_TOKEN_PATH && response.status === 200) {
      const body = (await response.clone().json()) as { token: string; refreshToken: string };
      tokens.push(body.token, body.refreshToken);
    }
    return response;
  };
  return { calls, tokens, fetchImpl };
}

function expectNoCredentialsIn(error: Error, tokens: readonly string[]): void {
  for (const text of [error.message, String(error.stack), JSON.stringify(error)]) {
    expect(text).not.toContain(SECRET);
    for (const token of tokens) expect(text).not.toContain(token);
  }
}

const json = (method: 'POST' | 'PUT', body: unknown, contentType = 'application/json') => ({
  method,
  headers: { 'Content-Type': contentType },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('Leadspace OAuth 2.0 against the simulator', () => {
  it('submits and polls a bulk with an OAuth token', async () => {
    const { sim } = await simulator({ tokens: [] });
    const client = oauthClient(sim);
    const accepted = await client.submitBulk({ records: leads(3), externalBulkId: 'job:batch:1' });
    const done = await pollUntilDone(client, accepted.pollingPath);
    expect(done.results.map((r) => r.external_id).sort()).toEqual(['r0', 'r1', 'r2']);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 0, unauthorized: 0, bulksAccepted: 1 });
  });

  it('the token endpoint follows the article: POST/PUT /oauth/authorize with JSON, 401 on wrong credentials', async () => {
    const { sim } = await simulator();
    const endpoint = `${sim.url}/oauth/authorize`;
    const authorize = (body: unknown, contentType?: string) => fetch(endpoint, json('POST', body, contentType));
    const refresh = (body: unknown) => fetch(endpoint, json('PUT', body));

    const granted = await authorize({ user: PROGRAM_ID, pass: SECRET, audience: 'API_GATEWAY' });
    expect(granted.status).toBe(200);
    expect(granted.headers.get('cache-control')).toBe('no-store');
    const first = (await granted.json()) as { token: string; refreshToken: string; expiration: number };
    // Documented: epoch seconds of the expiry moment, 24 hours on.
    expect(first).toEqual({ token: expect.any(String), refreshToken: expect.any(String), expiration: START / 1000 + 86_400 });

    const wrong = await authorize({ user: PROGRAM_ID, pass: 'nope', audience: 'API_GATEWAY' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'Unauthorized request', tracking_id: expect.any(String) });
    expect((await authorize({ user: 'someone-else', pass: SECRET, audience: 'API_GATEWAY' })).status).toBe(401);
    expect((await authorize({ user: PROGRAM_ID, pass: SECRET, audience: 'OTHER' })).status).toBe(400);
    expect((await authorize({ user: PROGRAM_ID, pass: SECRET })).status).toBe(400);
    expect((await authorize(`user=${PROGRAM_ID}&pass=${SECRET}`, 'application/x-www-form-urlencoded')).status).toBe(400);

    // Every plausible reading of the refresh body; refresh tokens rotate, so each uses the latest.
    let latest = first;
    for (const body of [
      (t: typeof first) => ({ user: PROGRAM_ID, refreshToken: t.refreshToken }),
      (t: typeof first) => ({ refreshToken: t.refreshToken }),
      (t: typeof first) => ({ token: t.token, refreshToken: t.refreshToken }),
      (t: typeof first) => ({ user: PROGRAM_ID, token: t.token, refreshToken: t.refreshToken }),
    ]) {
      const refreshed = await refresh(body(latest));
      expect(refreshed.status).toBe(200);
      const next = (await refreshed.json()) as typeof first;
      expect(next.token).not.toBe(latest.token);
      expect(next.refreshToken).not.toBe(latest.refreshToken);
      latest = next;
    }
    expect((await refresh({ refreshToken: first.refreshToken })).status).toBe(401); // used: retired
    expect((await refresh({ user: 'someone-else', refreshToken: latest.refreshToken })).status).toBe(401);
    expect((await refresh({ token: first.token, refreshToken: latest.refreshToken })).status).toBe(401);
    expect((await refresh({ user: PROGRAM_ID })).status).toBe(400);

    // The token is used like the API key: Bearer. Tokens issued before a refresh stay valid until they expire.
    for (const token of [first.token, latest.token]) {
      const polled = await fetch(`${sim.url}${NONE}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(polled.status).toBe(404);
    }
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 4, unauthorized: 0, rejected: { 400: 4, 401: 5 } });
  });

  it('sends {"user", "pass", "audience"} to authorize and {"user", "refreshToken"} to refresh, then Bearer', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600 });
    const { calls, tokens, fetchImpl } = recordingFetch();
    const client = oauthClient(sim, { fetchImpl, clock: () => clock.now });
    await client.getResults(NONE);
    clock.now += 56 * MINUTE_MS;
    await client.getResults(NONE);
    expect(calls).toEqual([
      { method: 'POST', path: '/oauth/authorize', authorization: null, body: { user: PROGRAM_ID, pass: SECRET, audience: 'API_GATEWAY' } },
      { method: 'GET', path: NONE, authorization: `Bearer ${tokens[0]}`, body: undefined },
      { method: 'PUT', path: '/oauth/authorize', authorization: null, body: { user: PROGRAM_ID, refreshToken: tokens[1] } },
      { method: 'GET', path: NONE, authorization: `Bearer ${tokens[2]}`, body: undefined },
    ]);
  });

  it('fetches the token once and reuses it across many calls, concurrent callers and client instances', async () => {
    const { sim } = await simulator();
    const first = oauthClient(sim);
    const accepted = await first.submitBulk({ records: leads(2), externalBulkId: 'b' });
    for (let i = 0; i < 5; i++) await first.getResults(accepted.pollingPath);
    // New providers and clients in the same process (a warm Lambda's next invocations) share the module cache.
    await Promise.all(Array.from({ length: 8 }, () => oauthClient(sim).getResults(accepted.pollingPath)));
    await pollUntilDone(oauthClient(sim), accepted.pollingPath);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 0, unauthorized: 0 });
  });

  it('concurrent first callers share one authorize request', async () => {
    const { sim } = await simulator();
    const clients = Array.from({ length: 6 }, () => oauthClient(sim));
    await Promise.all(clients.map((client) => client.getResults(NONE)));
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0, requests: 7 });
  });

  it('near expiry the token is refreshed with PUT before use, without a 401, and again with the rotated refresh token', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600 });
    const client = oauthClient(sim, { clock: () => clock.now });

    await client.getResults(NONE);
    clock.now += 54 * MINUTE_MS; // 6 minutes left: outside the 5-minute margin
    await client.getResults(NONE);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 0 });

    clock.now += 2 * MINUTE_MS; // 4 minutes left: inside the margin
    await client.getResults(NONE);
    await client.getResults(NONE);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 1, unauthorized: 0 });

    clock.now += 56 * MINUTE_MS; // the refreshed token is near its own expiry
    await client.getResults(NONE);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 2, unauthorized: 0, rejected: { 404: 5 } });
  });

  it('a refused refresh falls back to a new authorize, and says so', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600 });
    const grants: LeadspaceTokenGrant[] = [];
    const client = oauthClient(sim, { clock: () => clock.now, onGrant: (grant) => grants.push(grant) });
    await client.getResults(NONE);
    sim.revokeRefreshTokens();
    clock.now += 56 * MINUTE_MS;
    await client.getResults(NONE);
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, tokensRefreshed: 0, unauthorized: 0, rejected: { 401: 1 } });
    expect(grants).toEqual([
      { via: 'authorize', expirationReading: 'epoch-seconds', lifetimeMs: HOUR_MS },
      { via: 'authorize', expirationReading: 'epoch-seconds', lifetimeMs: HOUR_MS, refreshRefusedStatus: 401 },
    ]);

    // The new authorize brought a new refresh token, which works.
    clock.now += 56 * MINUTE_MS;
    await client.getResults(NONE);
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, tokensRefreshed: 1 });
  });

  it('a refused token gets exactly one refresh (PUT) and the call is sent once more', async () => {
    const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600 });
    const client = oauthClient(sim); // frozen client clock: it believes its token is fresh
    const accepted = await client.submitBulk({ records: leads(2), externalBulkId: 'b' });

    clock.now += 2 * HOUR_MS;
    const done = await pollUntilDone(client, accepted.pollingPath);
    expect(done.results).toHaveLength(2);
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 1, unauthorized: 1 });

    // A submission refused with 401 is resent once as well (a refused request created no bulk).
    sim.revokeAccessTokens();
    await client.submitBulk({ records: leads(1), externalBulkId: 'c' });
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 2, unauthorized: 2, bulksAccepted: 2 });

    // Access and refresh tokens both revoked: the refresh is refused, a new authorize follows, the call succeeds.
    sim.revokeAccessTokens();
    sim.revokeRefreshTokens();
    expect(await client.getResults(NONE)).toEqual({ state: 'not_found' });
    expect(sim.stats()).toMatchObject({ tokensIssued: 2, tokensRefreshed: 2, unauthorized: 3 });
  });

  it('one refresh serves every call that was refused with the same stale token', async () => {
    const { sim } = await simulator();
    const client = oauthClient(sim);
    await client.getResults(NONE);
    sim.revokeAccessTokens();
    await Promise.all(Array.from({ length: 5 }, () => client.getResults(NONE)));
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 1, unauthorized: 5 });
  });

  it('a second 401 after the refresh is the usual fatal unauthorized, with no credential in it', async () => {
    const { sim } = await simulator();
    const { tokens, fetchImpl } = recordingFetch();
    const client = oauthClient(sim, { fetchImpl });
    await client.getResults(NONE);
    sim.setFaults({ rejectAccessTokens: true });

    const error = await rejection(client.submitBulk({ records: leads(1), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ vendor: 'leadspace', httpStatus: 401, code: 'unauthorized' });
    expect(error.message).toContain('OAuth access token');
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 1, unauthorized: 2, bulksAccepted: 0 });
    expect(tokens).toHaveLength(4);
    expectNoCredentialsIn(error, [...tokens, PROGRAM_ID]);
  });

  it('credentials withdrawn: refresh and authorize both refused, fatal, naming OAuth and never the secret', async () => {
    const { sim } = await simulator();
    const { tokens, fetchImpl } = recordingFetch();
    const client = oauthClient(sim, { fetchImpl });
    await client.getResults(NONE);
    sim.setOAuthPrograms([]);
    sim.revokeAccessTokens();

    const error = await rejection(client.getResults(NONE));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ httpStatus: 401, code: 'unauthorized' });
    expect(error.message).toMatch(/^Leadspace refused the OAuth program id and authentication secret \(HTTP 401\) \(tracking id [\w-]+\)$/);
    // The API's 401, the refused refresh, the refused authorize.
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 0, unauthorized: 1, rejected: { 401: 3 } });
    expectNoCredentialsIn(error, tokens);
  });

  it('a wrong secret: VendorFatalError mentioning OAuth, nothing reached the API, the failure is not cached', async () => {
    const { sim } = await simulator();
    const client = oauthClient(sim, { secret: `${SECRET}-wrong` });
    const error = await rejection(client.submitBulk({ records: leads(1), externalBulkId: 'b' }));
    expect(error).toBeInstanceOf(VendorFatalError);
    expect(error).toMatchObject({ vendor: 'leadspace', httpStatus: 401, code: 'unauthorized' });
    expect(error.message).toContain('OAuth');
    expect(error.message).not.toContain('wrong');
    expectNoCredentialsIn(error, [PERPETUAL]);
    expect(sim.stats()).toMatchObject({ requests: 1, tokensIssued: 0, unauthorized: 0, bulksAccepted: 0 });

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

    sim.setFaults({});
    expect(await client.getResults('/v3/enrichment/results/x')).toEqual({ state: 'not_found' });
  });

  it('a network failure at the token endpoint is transient', async () => {
    const { sim } = await simulator();
    const url = sim.url;
    await sim.close();
    const tokenProvider = leadspaceOAuthTokenProvider({ baseUrl: url, programId: PROGRAM_ID, secret: SECRET, retry: FAST_RETRY });
    const error = await rejection(new LeadspaceClient({ baseUrl: url, tokenProvider, retry: FAST_RETRY }).getResults('/v3/x'));
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error).toMatchObject({ httpStatus: undefined, attempts: 3 });
  });

  it.each<[ExpirationFormat]>([['epoch-seconds'], ['epoch-milliseconds'], ['iso-8601']])(
    'expiration as %s: read as such, the token kept until 5 minutes before it ends',
    async (format) => {
      const { sim, clock } = await simulator({ accessTokenTtlSeconds: 3600, oauthExpirationFormat: format });
      const grants: LeadspaceTokenGrant[] = [];
      const tokenProvider = leadspaceOAuthTokenProvider({
        baseUrl: sim.url,
        programId: PROGRAM_ID,
        secret: SECRET,
        retry: FAST_RETRY,
        clock: () => clock.now,
        onGrant: (grant) => grants.push(grant),
      });
      const client = new LeadspaceClient({ baseUrl: sim.url, tokenProvider, retry: FAST_RETRY });
      await client.getResults(NONE);
      expect(tokenProvider.lastExpirationReading).toBe(format);
      expect(grants).toEqual([{ via: 'authorize', expirationReading: format, lifetimeMs: HOUR_MS }]);

      clock.now += 55 * MINUTE_MS - 1;
      await client.getResults(NONE);
      expect(sim.stats().tokensRefreshed).toBe(0);
      clock.now += 1;
      await client.getResults(NONE);
      expect(sim.stats()).toMatchObject({ tokensIssued: 1, tokensRefreshed: 1, unauthorized: 0 });
    },
  );

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

  it('Basic base64(programId:token) for perpetual tokens when the simulator has a programId; Bearer always', async () => {
    const { sim } = await simulator({ programId: 'PRG-1' });
    const basic = (id: string, token: string) => `Basic ${Buffer.from(`${id}:${token}`).toString('base64')}`;
    const poll = async (authorization: string) => (await fetch(`${sim.url}${NONE}`, { headers: { Authorization: authorization } })).status;
    const granted = await fetch(`${sim.url}/oauth/authorize`, json('POST', { user: PROGRAM_ID, pass: SECRET, audience: 'API_GATEWAY' }));
    const { token: accessToken } = (await granted.json()) as { token: string };

    expect(await poll(`Bearer ${PERPETUAL}`)).toBe(404);
    expect(await poll(`bearer ${PERPETUAL}`)).toBe(404);
    expect(await poll(`Bearer ${accessToken}`)).toBe(404);
    expect(await poll(basic('PRG-1', PERPETUAL))).toBe(404);
    expect(await poll(basic('PRG-2', PERPETUAL))).toBe(401);
    expect(await poll(basic('PRG-1', 'wrong'))).toBe(401);
    expect(await poll(basic('PRG-1', accessToken))).toBe(401); // OAuth tokens are Bearer only
    expect(await poll(`Basic ${Buffer.from(PERPETUAL).toString('base64')}`)).toBe(401); // no colon
    expect(await poll(PERPETUAL)).toBe(401);
    expect(sim.stats()).toMatchObject({ authSchemes: { bearer: 3, basic: 5 }, unauthorized: 5 });

    // Without a programId the simulator takes no Basic at all.
    const { sim: bearerOnly } = await simulator();
    const refused = await fetch(`${bearerOnly.url}${NONE}`, { headers: { Authorization: basic('PRG-1', PERPETUAL) } });
    expect(refused.status).toBe(401);
    expect(bearerOnly.stats()).toMatchObject({ authSchemes: { bearer: 0, basic: 1 }, unauthorized: 1 });
  });

  it('the client takes exactly one of a token and a token provider', () => {
    const tokenProvider = { getToken: async () => 't', invalidate: () => undefined };
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example' })).toThrow(TypeError);
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example', token: '' })).toThrow(TypeError);
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example', token: 't', tokenProvider })).toThrow(TypeError);
    expect(() => new LeadspaceClient({ baseUrl: 'https://x.example', tokenProvider })).not.toThrow();
  });
});

interface FakeRequest {
  method: string;
  url: string;
  contentType: string | null;
  body: unknown;
}

/**
 * A fake token endpoint on the test's clock: the n-th request answers token-n and refresh-n, expiring an hour
 * after it was made unless `expiration` says otherwise.
 */
function fakeTokenEndpoint(clock: { now: number }) {
  const requests: FakeRequest[] = [];
  let gate: Promise<void> = Promise.resolve();
  const state: {
    expiration: (requestedAt: number) => unknown;
    authorizeStatus?: number;
    refreshStatus?: number;
    refreshBody?: unknown;
  } = { expiration: (at) => Math.floor(at / 1000) + 3600 };
  const fetchImpl: typeof fetch = async (input, init) => {
    const method = init?.method ?? 'GET';
    requests.push({
      method,
      url: String(input),
      contentType: new Headers(init?.headers).get('content-type'),
      body: JSON.parse(String(init?.body)),
    });
    const n = requests.length;
    await gate;
    const status = method === 'PUT' ? state.refreshStatus : state.authorizeStatus;
    if (status !== undefined) return new Response(JSON.stringify({ error: 'Unauthorized request', details: 'leaky-detail' }), { status });
    const body =
      method === 'PUT' && state.refreshBody !== undefined
        ? state.refreshBody
        : { token: `token-${n}`, refreshToken: `refresh-${n}`, expiration: state.expiration(clock.now) };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return {
    requests,
    fetchImpl,
    state,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

describe('Leadspace token provider (fake endpoint, injected clock)', () => {
  function provider(endpoint: ReturnType<typeof fakeTokenEndpoint>, clock: { now: number }, overrides: Partial<LeadspaceOAuthOptions> = {}) {
    return leadspaceOAuthTokenProvider({
      baseUrl: 'https://auth.example/',
      programId: 'prog-1',
      secret: 'se:cret',
      fetchImpl: endpoint.fetchImpl,
      clock: () => clock.now,
      cache: new LeadspaceTokenCache(),
      retry: FAST_RETRY,
      ...overrides,
    });
  }

  it('authorizes with POST JSON, refreshes with PUT JSON naming the program and the latest refresh token', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 56 * MINUTE_MS;
    expect(await tokens.getToken()).toBe('token-2');
    expect(endpoint.requests).toEqual([
      {
        method: 'POST',
        url: 'https://auth.example/oauth/authorize',
        contentType: 'application/json',
        body: { user: 'prog-1', pass: 'se:cret', audience: 'API_GATEWAY' },
      },
      { method: 'PUT', url: 'https://auth.example/oauth/authorize', contentType: 'application/json', body: { user: 'prog-1', refreshToken: 'refresh-1' } },
    ]);
  });

  it('reuses the token until 5 minutes before expiry, then refreshes', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 55 * MINUTE_MS - 1;
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 1;
    expect(await tokens.getToken()).toBe('token-2');
    expect(await tokens.getToken()).toBe('token-2');
    expect(endpoint.requests.map((r) => r.method)).toEqual(['POST', 'PUT']);
  });

  it('the refresh margin is configurable and never more than half the token lifetime', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock, { refreshMarginMs: MINUTE_MS });
    await tokens.getToken();
    clock.now = START + 59 * MINUTE_MS - 1;
    expect(await tokens.getToken()).toBe('token-1');
    clock.now += 1;
    expect(await tokens.getToken()).toBe('token-2');

    const shortClock = { now: START };
    const short = fakeTokenEndpoint(shortClock);
    short.state.expiration = (at) => Math.floor(at / 1000) + 60;
    const shortTokens = provider(short, shortClock);
    await shortTokens.getToken();
    shortClock.now = START + 29_999;
    expect(await shortTokens.getToken()).toBe('token-1');
    shortClock.now = START + 30_000;
    expect(await shortTokens.getToken()).toBe('token-2');
  });

  it('a refresh answer without refreshToken keeps the previous one; with one, it replaces it', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    await tokens.getToken();
    endpoint.state.refreshBody = { token: 'kept-refresh', expiration: START / 1000 + 2 * 3600 };
    clock.now += 56 * MINUTE_MS;
    expect(await tokens.getToken()).toBe('kept-refresh');
    endpoint.state.refreshBody = undefined;
    clock.now = START + 116 * MINUTE_MS;
    expect(await tokens.getToken()).toBe('token-3');
    clock.now += 56 * MINUTE_MS;
    expect(await tokens.getToken()).toBe('token-4');
    expect(endpoint.requests.map((r) => r.body)).toEqual([
      { user: 'prog-1', pass: 'se:cret', audience: 'API_GATEWAY' },
      { user: 'prog-1', refreshToken: 'refresh-1' },
      { user: 'prog-1', refreshToken: 'refresh-1' },
      { user: 'prog-1', refreshToken: 'refresh-3' },
    ]);
  });

  it.each([
    [400, 400],
    [401, 401],
    [403, 403],
    [404, 404],
  ])('a refresh answered %i falls back to authorize', async (status, reported) => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const grants: LeadspaceTokenGrant[] = [];
    const tokens = provider(endpoint, clock, { onGrant: (grant) => grants.push(grant) });
    await tokens.getToken();
    endpoint.state.refreshStatus = status;
    clock.now += 56 * MINUTE_MS;
    expect(await tokens.getToken()).toBe('token-3');
    expect(endpoint.requests.map((r) => r.method)).toEqual(['POST', 'PUT', 'POST']);
    expect(grants[1]).toMatchObject({ via: 'authorize', refreshRefusedStatus: reported });
  });

  it('a refresh answer without a usable token falls back to authorize as well', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    await tokens.getToken();
    endpoint.state.refreshBody = { access_token: 'not-this-vendor' };
    clock.now += 56 * MINUTE_MS;
    expect(await tokens.getToken()).toBe('token-3');
    expect(endpoint.requests.map((r) => r.method)).toEqual(['POST', 'PUT', 'POST']);
  });

  it('a refresh that fails transiently is a VendorTransientError; the refresh token is tried again next time', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    await tokens.getToken();
    endpoint.state.refreshStatus = 503;
    clock.now += 56 * MINUTE_MS;
    const error = await rejection(tokens.getToken());
    expect(error).toBeInstanceOf(VendorTransientError);
    expect(error.message).toContain('OAuth token refresh failed with HTTP 503 after 3 attempt(s)');
    expect(error.message).not.toContain('leaky-detail');
    endpoint.state.refreshStatus = undefined;
    expect(await tokens.getToken()).toBe('token-5');
    expect(endpoint.requests.map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT', 'PUT', 'PUT']);
  });

  it('invalidate stops handing out only the token it names, and the replacement comes by refresh', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    expect(await tokens.getToken()).toBe('token-1');
    tokens.invalidate('something-else');
    expect(await tokens.getToken()).toBe('token-1');
    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');
    // A late report about the old token must not throw away its replacement.
    tokens.invalidate('token-1');
    expect(await tokens.getToken()).toBe('token-2');
    expect(endpoint.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', { user: 'prog-1', pass: 'se:cret', audience: 'API_GATEWAY' }],
      ['PUT', { user: 'prog-1', refreshToken: 'refresh-1' }],
    ]);
  });

  it('concurrent callers share one in-flight request', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const release = endpoint.hold();
    const tokens = provider(endpoint, clock);
    const pending = Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    expect(await pending).toEqual(['token-1', 'token-1', 'token-1']);
    expect(endpoint.requests).toHaveLength(1);
  });

  it('caches per (baseUrl, programId): providers for the same pair share a token, others do not', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const cache = new LeadspaceTokenCache();
    const a = provider(endpoint, clock, { cache });
    const b = provider(endpoint, clock, { cache, baseUrl: 'https://auth.example' }); // same URL, trailing slash aside
    const other = provider(endpoint, clock, { cache, programId: 'another' });
    const elsewhere = provider(endpoint, clock, { cache, baseUrl: 'https://other.example' });
    expect(await a.getToken()).toBe('token-1');
    expect(await b.getToken()).toBe('token-1');
    expect(await other.getToken()).toBe('token-2');
    expect(await elsewhere.getToken()).toBe('token-3');
    b.invalidate('token-1');
    expect(await a.getToken()).toBe('token-4');
  });

  it('authorize refused (400/401/403): fatal, no secret or vendor text in the message, not cached', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock);
    for (const status of [401, 400, 403]) {
      endpoint.state.authorizeStatus = status;
      const refused = await rejection(tokens.getToken());
      expect(refused).toBeInstanceOf(VendorFatalError);
      expect(refused).toMatchObject({ httpStatus: status, code: 'unauthorized' });
      expect(refused.message).toBe(`Leadspace refused the OAuth program id and authentication secret (HTTP ${status})`);
    }
    endpoint.state.authorizeStatus = 418;
    await expect(tokens.getToken()).rejects.toBeInstanceOf(VendorProtocolError);
    endpoint.state.authorizeStatus = undefined;
    expect(await tokens.getToken()).toBe('token-5');
  });

  it('an unusable authorize answer is a protocol error that never quotes the body', async () => {
    const clock = { now: START };
    const answer =
      (body: unknown): typeof fetch =>
      async () =>
        new Response(JSON.stringify(body), { status: 200 });
    const cases: Array<[unknown, string]> = [
      [{ access_token: 'leaky' }, 'has no usable "token"'],
      [{ token: 'leaky', expiration: 'next tuesday' }, 'has an unreadable "expiration"'],
      [{ token: 'leaky', expiration: START / 1000 - 1 }, 'has an "expiration" already past (read as epoch-seconds)'],
      [{ token: 'leaky', expiration: -5 }, 'has an unreadable "expiration"'],
    ];
    for (const [body, problem] of cases) {
      const error = await rejection(provider(fakeTokenEndpoint(clock), clock, { fetchImpl: answer(body) }).getToken());
      expect(error).toBeInstanceOf(VendorProtocolError);
      expect(error.message).toBe(`Leadspace OAuth token response ${problem}`);
      expect(error.message).not.toContain('leaky');
    }
    const notJson: typeof fetch = async () => new Response('token=leaky', { status: 200 });
    const error = await rejection(provider(fakeTokenEndpoint(clock), clock, { fetchImpl: notJson }).getToken());
    expect(error.message).toBe('Leadspace OAuth token response is not valid JSON');
  });

  it('expiration read by magnitude and form, each reading reported', async () => {
    const cases: Array<[(at: number) => unknown, string, number]> = [
      [(at) => at / 1000 + 3600, 'epoch-seconds', HOUR_MS],
      [(at) => at + HOUR_MS, 'epoch-milliseconds', HOUR_MS],
      [(at) => new Date(at + HOUR_MS).toISOString(), 'iso-8601', HOUR_MS],
      [(at) => new Date(at + HOUR_MS).toISOString().replace('.000Z', '+00:00'), 'iso-8601', HOUR_MS],
      [(at) => String(at / 1000 + 3600), 'epoch-seconds', HOUR_MS],
      [() => 86_400, 'seconds-from-now', 24 * HOUR_MS],
      [() => undefined, 'absent', 24 * HOUR_MS],
      [() => null, 'absent', 24 * HOUR_MS],
    ];
    for (const [expiration, reading, lifetimeMs] of cases) {
      const clock = { now: START };
      const endpoint = fakeTokenEndpoint(clock);
      endpoint.state.expiration = expiration;
      const grants: LeadspaceTokenGrant[] = [];
      const tokens = provider(endpoint, clock, { onGrant: (grant) => grants.push(grant) });
      expect(tokens.lastExpirationReading).toBeUndefined();
      await tokens.getToken();
      expect(tokens.lastExpirationReading).toBe(reading);
      expect(grants).toEqual([{ via: 'authorize', expirationReading: reading, lifetimeMs }]);
      clock.now = START + lifetimeMs - 5 * MINUTE_MS - 1;
      expect(await tokens.getToken()).toBe('token-1');
      clock.now += 1;
      expect(await tokens.getToken()).toBe('token-2');
    }
  });

  it('readExpiration: the thresholds between the readings', () => {
    const at = START;
    expect(readExpiration(1e9, at)).toEqual({ expiresAt: 1e12, reading: 'epoch-seconds' });
    expect(readExpiration(1e9 - 1, at)).toEqual({ expiresAt: at + (1e9 - 1) * 1000, reading: 'seconds-from-now' });
    expect(readExpiration(1e11 - 1, at)).toEqual({ expiresAt: (1e11 - 1) * 1000, reading: 'epoch-seconds' });
    expect(readExpiration(1e11, at)).toEqual({ expiresAt: 1e11, reading: 'epoch-milliseconds' });
    expect(readExpiration('2023-11-14T22:13:20Z', at)).toEqual({ expiresAt: START, reading: 'iso-8601' });
    expect(readExpiration('2023-11-14', at)).toBeUndefined();
    expect(readExpiration(Number.NaN, at)).toBeUndefined();
    expect(readExpiration(0, at)).toBeUndefined();
  });

  it('an onGrant observer that throws does not break authentication', async () => {
    const clock = { now: START };
    const endpoint = fakeTokenEndpoint(clock);
    const tokens = provider(endpoint, clock, {
      onGrant: () => {
        throw new Error('observer broke');
      },
    });
    expect(await tokens.getToken()).toBe('token-1');
  });
});
