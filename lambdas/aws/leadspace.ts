import * as z from 'zod';
import { secretBaseUrl } from './secretBaseUrl';
import { LeadspaceClient, leadspaceOAuthTokenProvider, type LeadspaceClientOptions } from '../vendors/leadspace';
import type { LeadspaceTokenGrant } from '../vendors/leadspace/oauth';
import type { TransportSettings } from '../vendors/transport';
import { now } from './clock';
import { invocationLogger } from './logger';
import { getJsonSecret } from './secrets';

/**
 * The Leadspace secret (JSON in Secrets Manager), in one of two shapes:
 *
 *   perpetual token:  { "token": "...", "programId"?: "...", "authScheme"?: "bearer" | "basic" }
 *   OAuth 2.0:        { "programId": "...", "secret": "..." }
 *
 * "secret" is the authentication secret of Leadspace's credentials email, sent with the program id to
 * POST /oauth/authorize (lambdas/vendors/leadspace/oauth.ts). Either shape may add "baseUrl" to talk to another
 * endpoint than the configured LEADSPACE_BASE_URL (https only, except http://127.0.0.1 and http://localhost for
 * local simulators).
 *
 * "authScheme": the Bulk v3 document says both "use the HTTP Basic Authentication" and
 * `'Authorization':'Bearer API_KEY'`. Bearer is the default (its example is the concrete one); "basic" sends
 * `Basic base64(programId:token)` instead and so needs "programId". OAuth tokens are always Bearer, as the OAuth
 * article says they are used like the API key.
 *
 * The old guess {"clientId", "clientSecret"} (a client-credentials grant Leadspace does not offer) is refused.
 */
export type LeadspaceSecret = LeadspacePerpetualTokenSecret | LeadspaceOAuthSecret;

export type LeadspaceAuthScheme = 'bearer' | 'basic';

export interface LeadspacePerpetualTokenSecret {
  token: string;
  /** Required with authScheme "basic"; otherwise kept for support requests only. */
  programId?: string;
  /** Absent means bearer. */
  authScheme?: LeadspaceAuthScheme;
  baseUrl?: string;
}

export interface LeadspaceOAuthSecret {
  programId: string;
  secret: string;
  baseUrl?: string;
}

const nonBlank = z.string().regex(/\S/);

const SecretSchema = z.looseObject({
  token: nonBlank.optional(),
  programId: nonBlank.optional(),
  secret: nonBlank.optional(),
  authScheme: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(['bearer', 'basic']))
    .optional(),
  baseUrl: z.string().optional(),
});

const OAUTH_FIELDS = '"programId" and "secret" (the authentication secret from Leadspace\'s credentials email)';

/**
 * Validates the secret's JSON. Errors name the fields at fault, never their values: this text is logged and the
 * fields are credentials.
 */
export function parseLeadspaceSecret(value: unknown): LeadspaceSecret {
  if (typeof value === 'object' && value !== null && ('clientId' in value || 'clientSecret' in value)) {
    throw new Error(
      'The Leadspace secret has "clientId"/"clientSecret", a client-credentials flow Leadspace does not offer: ' +
        `for OAuth 2.0 store ${OAUTH_FIELDS}; for a perpetual token store "token"`,
    );
  }
  const parsed = SecretSchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'))];
    if (fields.includes('(root)')) throw new Error('The Leadspace secret is not a JSON object');
    // zod's messages are left out on purpose: an enum mismatch would quote the value.
    const hint = fields.includes('authScheme') ? ' ("authScheme" is "bearer" or "basic")' : '';
    throw new Error(`The Leadspace secret has invalid (blank or non-string) fields: ${fields.join(', ')}${hint}`);
  }
  const { token, programId, secret, authScheme, baseUrl: rawBaseUrl } = parsed.data;
  const baseUrl = rawBaseUrl === undefined ? {} : { baseUrl: secretBaseUrl('Leadspace', rawBaseUrl) };

  if (token !== undefined && secret !== undefined) {
    throw new Error('The Leadspace secret has both "token" (perpetual token) and "secret" (OAuth 2.0): keep one method');
  }
  if (token !== undefined) {
    if (authScheme === 'basic') {
      if (programId === undefined) throw new Error('The Leadspace secret has "authScheme": "basic" but no "programId" (Basic sends programId:token)');
      // RFC 7617: the user-id of Basic credentials cannot contain a colon.
      if (programId.includes(':')) throw new Error('The Leadspace secret\'s "programId" cannot contain ":" with "authScheme": "basic"');
    }
    return { token, ...(programId !== undefined && { programId }), ...(authScheme !== undefined && { authScheme }), ...baseUrl };
  }
  if (secret !== undefined) {
    if (programId === undefined) throw new Error('The Leadspace secret is missing "programId" (OAuth 2.0 sends it with "secret")');
    if (authScheme === 'basic') throw new Error('The Leadspace secret has "authScheme": "basic", which applies to a perpetual "token" only');
    return { programId, secret, ...baseUrl };
  }
  throw new Error(`The Leadspace secret is missing "token" (perpetual token), or ${OAUTH_FIELDS} (OAuth 2.0)`);
}

/** Builds the Authorization header value from a token: what the client sends for this secret. */
export function leadspaceAuthorization(secret: LeadspaceSecret): (token: string) => string {
  if ('token' in secret && secret.authScheme === 'basic' && secret.programId !== undefined) {
    const programId = secret.programId;
    return (token) => `Basic ${Buffer.from(`${programId}:${token}`, 'utf8').toString('base64')}`;
  }
  return (token) => `Bearer ${token}`;
}

const log = invocationLogger({ vendor: 'leadspace' });

/** Production's view of each OAuth token obtained: the method and the expiration reading, never a token. */
function logGrant(grant: LeadspaceTokenGrant): void {
  const details = { via: grant.via, expirationReading: grant.expirationReading, lifetimeSeconds: Math.round(grant.lifetimeMs / 1000) };
  if (grant.refreshRefusedStatus !== undefined) {
    // Every day, this would mean the refresh request's reading is wrong: worth a look at the body we send.
    log.warn('Leadspace refused the OAuth token refresh; authorized anew', { ...details, refreshStatus: grant.refreshRefusedStatus });
  } else if (grant.expirationReading !== 'epoch-seconds') {
    log.warn('Leadspace OAuth expiration did not arrive as the documented epoch seconds', details);
  } else {
    log.info('Leadspace OAuth token obtained', details);
  }
}

/** A client for the secret's method; the secret's baseUrl, when given, wins over `baseUrl`. */
export function leadspaceClientFromSecret(
  secret: LeadspaceSecret,
  baseUrl: string,
  settings: TransportSettings = {},
  onGrant: (grant: LeadspaceTokenGrant) => void = logGrant,
): LeadspaceClient {
  const url = secret.baseUrl ?? baseUrl;
  const authorization = leadspaceAuthorization(secret);
  if ('token' in secret) {
    const options: LeadspaceClientOptions = { ...settings, baseUrl: url, token: secret.token, authorization };
    return new LeadspaceClient(options);
  }
  const tokenProvider = leadspaceOAuthTokenProvider({
    ...settings,
    baseUrl: url,
    programId: secret.programId,
    secret: secret.secret,
    clock: now,
    onGrant,
  });
  const options: LeadspaceClientOptions = { ...settings, baseUrl: url, tokenProvider, authorization };
  return new LeadspaceClient(options);
}

/**
 * Reads the secret (cached briefly by Powertools) and builds a client. With OAuth, tokens are cached per
 * (base URL, program id) in module scope, so a warm Lambda reuses its token across invocations.
 */
export async function leadspaceClient(secretId: string, baseUrl: string, settings: TransportSettings = {}): Promise<LeadspaceClient> {
  return leadspaceClientFromSecret(parseLeadspaceSecret(await getJsonSecret<unknown>(secretId)), baseUrl, settings);
}
