import { z } from 'zod';
import { secretBaseUrl } from './secretBaseUrl';
import { LeadspaceClient, leadspaceOAuthTokenProvider } from '../vendors/leadspace';
import type { TransportSettings } from '../vendors/transport';
import { now } from './clock';
import { getJsonSecret } from './secrets';

/**
 * The Leadspace secret (JSON in Secrets Manager), in one of two shapes:
 *
 *   perpetual token:  { "token": "...", "programId": "..." }
 *   OAuth 2.0:        { "clientId": "...", "clientSecret": "...", "programId": "..." }
 *
 * Either may add "baseUrl" to talk to another endpoint than the configured LEADSPACE_BASE_URL (https only, except
 * http://127.0.0.1 and http://localhost for local simulators). "programId" is kept for support requests; the API
 * calls do not send it. A secret with both a token and client credentials is refused as ambiguous.
 */
export type LeadspaceSecret = LeadspacePerpetualTokenSecret | LeadspaceOAuthSecret;

interface LeadspaceSecretCommon {
  programId?: string;
  baseUrl?: string;
}

export interface LeadspacePerpetualTokenSecret extends LeadspaceSecretCommon {
  token: string;
}

export interface LeadspaceOAuthSecret extends LeadspaceSecretCommon {
  clientId: string;
  clientSecret: string;
}

const nonBlank = z.string().regex(/\S/);

const SecretSchema = z.looseObject({
  token: nonBlank.optional(),
  clientId: nonBlank.optional(),
  clientSecret: nonBlank.optional(),
  programId: nonBlank.optional(),
  baseUrl: z.string().optional(),
});

/**
 * Validates the secret's JSON. Errors name the fields at fault, never their values: this text is logged and the
 * fields are credentials.
 */
export function parseLeadspaceSecret(value: unknown): LeadspaceSecret {
  const parsed = SecretSchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'))];
    const what = fields.includes('(root)') ? 'is not a JSON object' : `has invalid (blank or non-string) fields: ${fields.join(', ')}`;
    throw new Error(`The Leadspace secret ${what}`);
  }
  const { token, clientId, clientSecret, programId, baseUrl } = parsed.data;
  const common: LeadspaceSecretCommon = {
    ...(programId !== undefined && { programId }),
    ...(baseUrl !== undefined && { baseUrl: secretBaseUrl('Leadspace', baseUrl) }),
  };
  const hasClientFields = clientId !== undefined || clientSecret !== undefined;
  if (token !== undefined && hasClientFields) {
    throw new Error('The Leadspace secret has both "token" and OAuth client fields ("clientId"/"clientSecret"): keep one method');
  }
  if (token !== undefined) return { token, ...common };
  if (clientId !== undefined && clientSecret !== undefined) return { clientId, clientSecret, ...common };

  const missing = hasClientFields
    ? [clientId === undefined && '"clientId"', clientSecret === undefined && '"clientSecret"'].filter(Boolean).join(' and ')
    : '"token" (perpetual token), or "clientId" and "clientSecret" (OAuth 2.0)';
  throw new Error(`The Leadspace secret is missing ${missing}`);
}


/** A client for the secret's method; the secret's baseUrl, when given, wins over `baseUrl`. */
export function leadspaceClientFromSecret(secret: LeadspaceSecret, baseUrl: string, settings: TransportSettings = {}): LeadspaceClient {
  const url = secret.baseUrl ?? baseUrl;
  if ('token' in secret) return new LeadspaceClient({ ...settings, baseUrl: url, token: secret.token });
  const tokenProvider = leadspaceOAuthTokenProvider({
    ...settings,
    baseUrl: url,
    clientId: secret.clientId,
    clientSecret: secret.clientSecret,
    clock: now,
  });
  return new LeadspaceClient({ ...settings, baseUrl: url, tokenProvider });
}

/**
 * Reads the secret (cached briefly by Powertools) and builds a client. With OAuth, access tokens are cached per
 * (base URL, client id) in module scope, so a warm Lambda reuses its token across invocations.
 */
export async function leadspaceClient(secretId: string, baseUrl: string): Promise<LeadspaceClient> {
  return leadspaceClientFromSecret(parseLeadspaceSecret(await getJsonSecret<unknown>(secretId)), baseUrl);
}
