import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearLeadspaceTokenCache } from '../../lambdas/vendors/leadspace';
import type { LeadspaceTokenGrant } from '../../lambdas/vendors/leadspace/oauth';
import { leadspaceAuthorization, leadspaceClient, leadspaceClientFromSecret, parseLeadspaceSecret } from '../../lambdas/aws/leadspace';
import { startLeadspaceSimulator, type LeadspaceSimulator } from '../../local/simulators/leadspace';

const secrets = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../../lambdas/aws/secrets', () => ({
  getJsonSecret: async (secretId: string) => {
    if (!secrets.has(secretId)) throw new Error('no such secret');
    return secrets.get(secretId);
  },
}));

const PROGRAM_ID = 'PRG-77-program-value';
const SECRET = 'auth-secret-value-42';
const PERPETUAL = 'perpetual-token-value';
const FAST_RETRY = { baseDelayMs: 1, maxAttempts: 3 };
const NONE = '/v3/enrichment/results/none';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  clearLeadspaceTokenCache();
  secrets.clear();
});

async function simulator(): Promise<LeadspaceSimulator> {
  const sim = await startLeadspaceSimulator({
    tokens: [PERPETUAL],
    programId: PROGRAM_ID,
    oauthPrograms: [{ programId: PROGRAM_ID, secret: SECRET }],
    processingDelayMs: 10,
  });
  cleanups.push(() => sim.close());
  return sim;
}

/** Asserts the parse fails with `message` and that no value of `value` appears in the error. */
function refused(value: Record<string, unknown>, message: RegExp | string): void {
  let error: Error | undefined;
  try {
    parseLeadspaceSecret(value);
  } catch (caught) {
    error = caught as Error;
  }
  expect(error, 'expected the secret to be refused').toBeInstanceOf(Error);
  expect(error?.message).toMatch(message);
  for (const field of Object.values(value)) {
    if (typeof field === 'string' && field.length > 6) expect(error?.message).not.toContain(field);
  }
}

describe('Leadspace secret parsing', () => {
  it('the perpetual-token shape, Bearer by default', () => {
    expect(parseLeadspaceSecret({ token: 't0k', programId: 'p1' })).toEqual({ token: 't0k', programId: 'p1' });
    expect(parseLeadspaceSecret({ token: 't0k' })).toEqual({ token: 't0k' });
    expect(parseLeadspaceSecret({ token: 't0k', authScheme: 'bearer' })).toEqual({ token: 't0k', authScheme: 'bearer' });
  });

  it('authScheme "basic" (any case) with a programId; refused without one, or with a colon in it', () => {
    expect(parseLeadspaceSecret({ token: 't0k', programId: 'p1', authScheme: 'Basic' })).toEqual({ token: 't0k', programId: 'p1', authScheme: 'basic' });
    refused({ token: PERPETUAL, authScheme: 'basic' }, 'The Leadspace secret has "authScheme": "basic" but no "programId" (Basic sends programId:token)');
    refused({ token: PERPETUAL, programId: 'program:with-colon', authScheme: 'basic' }, /cannot contain ":"/);
    refused({ token: PERPETUAL, authScheme: 'digest-scheme-value' }, /invalid .*fields: authScheme \("authScheme" is "bearer" or "basic"\)/);
  });

  it('the OAuth shape {programId, secret}', () => {
    expect(parseLeadspaceSecret({ programId: PROGRAM_ID, secret: SECRET })).toEqual({ programId: PROGRAM_ID, secret: SECRET });
    expect(parseLeadspaceSecret({ programId: PROGRAM_ID, secret: SECRET, authScheme: 'bearer' })).toEqual({ programId: PROGRAM_ID, secret: SECRET });
    refused({ secret: SECRET }, 'The Leadspace secret is missing "programId" (OAuth 2.0 sends it with "secret")');
    refused({ programId: PROGRAM_ID, secret: SECRET, authScheme: 'basic' }, /applies to a perpetual "token" only/);
  });

  it('the old client-credentials shape is refused, pointing at the new fields and quoting no value', () => {
    const message =
      'The Leadspace secret has "clientId"/"clientSecret", a client-credentials flow Leadspace does not offer: for OAuth 2.0 ' +
      'store "programId" and "secret" (the authentication secret from Leadspace\'s credentials email); for a perpetual token store "token"';
    refused({ clientId: 'client-id-value', clientSecret: 'client-secret-value', programId: PROGRAM_ID }, message);
    refused({ clientSecret: 'client-secret-value' }, message);
    refused({ token: PERPETUAL, clientId: 'client-id-value' }, message);
  });

  it('ambiguous or empty: errors naming fields, never values', () => {
    refused({ token: PERPETUAL, programId: PROGRAM_ID, secret: SECRET }, /both "token" .* and "secret" .*: keep one method/);
    refused(
      { programId: PROGRAM_ID },
      'The Leadspace secret is missing "token" (perpetual token), or "programId" and "secret" (the authentication secret from Leadspace\'s credentials email) (OAuth 2.0)',
    );
  });

  it('blank or mistyped fields are named without their values', () => {
    const blank = () => parseLeadspaceSecret({ token: '   ', secret: 12345678 });
    expect(blank).toThrow(/fields: token, secret$/);
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
    expect(parseLeadspaceSecret({ programId: 'p', secret: 's', baseUrl: 'http://127.0.0.1:1' }).baseUrl).toBe('http://127.0.0.1:1');
    const no = (baseUrl: string, message: RegExp) => expect(() => parseLeadspaceSecret({ token: 't', baseUrl })).toThrow(message);
    no('http://apigw.leadspace.com', /must use https/);
    no('http://127.0.0.2:4010', /must use https/);
    no('ftp://127.0.0.1', /must use https/);
    no('apigw.leadspace.com', /not an absolute URL/);
    no('https://user:pw@apigw.leadspace.com', /must not carry credentials/);
  });
});

describe('Leadspace Authorization header per secret', () => {
  it('Bearer by default and for OAuth; Basic base64(programId:token) when asked', () => {
    expect(leadspaceAuthorization(parseLeadspaceSecret({ token: 't0k' }))('t0k')).toBe('Bearer t0k');
    expect(leadspaceAuthorization(parseLeadspaceSecret({ programId: 'p', secret: 's' }))('access')).toBe('Bearer access');
    const basic = leadspaceAuthorization(parseLeadspaceSecret({ token: 't0k', programId: 'p1', authScheme: 'basic' }));
    expect(basic('t0k')).toBe(`Basic ${Buffer.from('p1:t0k').toString('base64')}`);
  });
});

describe('Leadspace client from the secret, against the simulator', () => {
  it("the secret's baseUrl wins over the configured one, for both methods", async () => {
    const sim = await simulator();
    const configured = 'https://apigw.leadspace.invalid';
    const settings = { retry: FAST_RETRY };
    const grants: LeadspaceTokenGrant[] = [];
    const viaOauth = leadspaceClientFromSecret(
      parseLeadspaceSecret({ programId: PROGRAM_ID, secret: SECRET, baseUrl: sim.url }),
      configured,
      settings,
      (grant) => grants.push(grant),
    );
    const viaToken = leadspaceClientFromSecret(parseLeadspaceSecret({ token: PERPETUAL, baseUrl: sim.url }), configured, settings);
    expect(await viaOauth.getResults(NONE)).toEqual({ state: 'not_found' });
    expect(await viaToken.getResults(NONE)).toEqual({ state: 'not_found' });
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0, authSchemes: { bearer: 2, basic: 0 } });
    expect(grants).toEqual([{ via: 'authorize', expirationReading: 'epoch-seconds', lifetimeMs: expect.any(Number) }]);
  });

  it('a perpetual-token secret with authScheme "basic" sends Basic base64(programId:token)', async () => {
    const sim = await simulator();
    const client = leadspaceClientFromSecret(parseLeadspaceSecret({ token: PERPETUAL, programId: PROGRAM_ID, authScheme: 'basic' }), sim.url, {
      retry: FAST_RETRY,
    });
    expect(await client.getResults(NONE)).toEqual({ state: 'not_found' });
    expect(sim.stats()).toMatchObject({ unauthorized: 0, authSchemes: { bearer: 0, basic: 1 } });
  });

  it('leadspaceClient(secretId, baseUrl) reads the secret and works with either method', async () => {
    const sim = await simulator();
    secrets.set('ls-oauth', { programId: PROGRAM_ID, secret: SECRET });
    secrets.set('ls-token', { token: PERPETUAL, programId: PROGRAM_ID });
    secrets.set('ls-old', { clientId: 'client-id-value', clientSecret: 'client-secret-value' });
    for (const id of ['ls-oauth', 'ls-token', 'ls-oauth']) {
      const client = await leadspaceClient(id, sim.url);
      expect(await client.getResults(NONE)).toEqual({ state: 'not_found' });
    }
    // Two clients built from the OAuth secret (two "invocations") used one token.
    expect(sim.stats()).toMatchObject({ tokensIssued: 1, unauthorized: 0 });
    await expect(leadspaceClient('ls-old', sim.url)).rejects.toThrow(/"programId" and "secret"/);
  });
});
