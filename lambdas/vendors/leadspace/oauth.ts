import { z } from 'zod';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings } from '../transport';
import { readErrorSummary, trackingSuffix } from './errorBody';

/*
 * Leadspace OAuth 2.0, the alternative to the perpetual token. The vendor document only says "Oauth 2.0" and gives
 * no endpoint, grant or response format, so this is Leadflow's reading: the conventional client-credentials grant
 * of RFC 6749 §4.4, served next to the API.
 *
 *   POST {baseUrl}/oauth2/token
 *   Authorization: Basic base64(urlencode(clientId) ":" urlencode(clientSecret))      (RFC 6749 §2.3.1)
 *   Content-Type: application/x-www-form-urlencoded
 *   grant_type=client_credentials
 *
 *   200 { "access_token": "...", "token_type": "Bearer", "expires_in": 86400 }   (DESIGN: tokens last 24 h)
 *   401 { "error": "invalid_client" }            wrong or unknown client credentials
 *   400 { "error": "unsupported_grant_type" }    (or another RFC 6749 §5.2 error)
 *
 * The access token then goes in `Authorization: Bearer <token>` exactly like the perpetual one.
 */

export const LEADSPACE_TOKEN_PATH = '/oauth2/token';

/** Refresh this long before the vendor's expiry, so a token never runs out between being handed out and used. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** Used when a token response leaves out expires_in (RFC 6749 only recommends it): DESIGN's 24 hours. */
const DEFAULT_EXPIRES_IN_SECONDS = 86_400;

const VENDOR = 'leadspace';

/** Where a LeadspaceClient gets its bearer token when it authenticates with OAuth. */
export interface LeadspaceTokenProvider {
  /** A token believed valid now: the cached one, or a freshly fetched one. */
  getToken(): Promise<string>;
  /** The API refused `token` (401): forget it, unless a newer token already replaced it. */
  invalidate(token: string): void;
}

export interface LeadspaceOAuthCredentials {
  clientId: string;
  clientSecret: string;
}

export interface LeadspaceOAuthOptions extends LeadspaceOAuthCredentials, TransportSettings {
  /** The API's base URL; the token endpoint is {baseUrl}/oauth2/token. */
  baseUrl: string;
  /** How long before expiry a cached token is replaced. Default 5 minutes (capped at half the token's lifetime). */
  refreshMarginMs?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  clock?: () => number;
  /** Where tokens are kept. Default: one cache for the whole module, so a warm Lambda reuses its token. */
  cache?: LeadspaceTokenCache;
}

interface CachedToken {
  value: string;
  /** The clock reading from which the token is no longer handed out (expiry minus the refresh margin). */
  refreshAt: number;
}

interface CacheEntry {
  token?: CachedToken;
  /** The fetch under way, shared by every caller that finds no usable token meanwhile. */
  inFlight?: Promise<string>;
}

/** Access tokens per (base URL, client id). Holds tokens only, never client secrets. */
export class LeadspaceTokenCache {
  private readonly entries = new Map<string, CacheEntry>();

  entry(baseUrl: string, clientId: string): CacheEntry {
    const key = JSON.stringify([baseUrl, clientId]);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Module scope: survives from one invocation of a warm Lambda to the next. */
const moduleCache = new LeadspaceTokenCache();

/** Forgets every cached token of the module-wide cache (tests, or after rotating client credentials). */
export function clearLeadspaceTokenCache(): void {
  moduleCache.clear();
}

/**
 * A token provider for the client-credentials grant. Tokens are cached per (baseUrl, clientId), reused until
 * `refreshMarginMs` before they expire, and fetched by one request however many callers ask at once.
 */
export function leadspaceOAuthTokenProvider(options: LeadspaceOAuthOptions): LeadspaceTokenProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const clock = options.clock ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  if (!(margin >= 0)) throw new RangeError('refreshMarginMs must be 0 or more');
  const entry = (options.cache ?? moduleCache).entry(baseUrl, options.clientId);
  const transport = transportOptions({ id: VENDOR, name: 'Leadspace' }, options, async (response) =>
    trackingSuffix(await readErrorSummary(response)),
  );
  const credentials = { clientId: options.clientId, clientSecret: options.clientSecret };

  const fetchFresh = async (): Promise<string> => {
    const requestedAt = clock();
    const granted = await requestAccessToken(baseUrl, credentials, transport);
    const lifetimeMs = granted.expiresInSeconds * 1000;
    // Counted from when the request left, not when the answer came: the vendor's clock started no later.
    entry.token = { value: granted.accessToken, refreshAt: requestedAt + lifetimeMs - Math.min(margin, lifetimeMs / 2) };
    return granted.accessToken;
  };

  return {
    getToken() {
      const cached = entry.token;
      if (cached && clock() < cached.refreshAt) return Promise.resolve(cached.value);
      entry.inFlight ??= fetchFresh().finally(() => {
        entry.inFlight = undefined;
      });
      return entry.inFlight;
    },
    invalidate(token) {
      if (entry.token?.value === token) entry.token = undefined;
    },
  };
}

const TokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

export interface GrantedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/**
 * One client-credentials grant. 5XX, 429 and network failures go through the shared transport (retried, then
 * VendorTransientError); 400 and 401 mean the credentials or the grant are refused (VendorFatalError
 * 'unauthorized'). Messages never carry the client secret or a token.
 */
export async function requestAccessToken(
  baseUrl: string,
  credentials: LeadspaceOAuthCredentials,
  transport: TransportOptions,
): Promise<GrantedToken> {
  const basic = Buffer.from(`${formEncode(credentials.clientId)}:${formEncode(credentials.clientSecret)}`).toString('base64');
  const response = await sendWithRetry(
    `${baseUrl}${LEADSPACE_TOKEN_PATH}`,
    {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    },
    transport,
    'OAuth token request',
  );

  if (response.status === 400 || response.status === 401) {
    const summary = await readErrorSummary(response);
    // RFC 6749 error codes are fixed identifiers; anything else the server wrote stays out of the message.
    const code = summary.error && /^[a-z_]{1,64}$/.test(summary.error) ? `, ${summary.error}` : '';
    throw new VendorFatalError({
      vendor: VENDOR,
      httpStatus: response.status,
      code: 'unauthorized',
      message: `Leadspace refused the OAuth client credentials (HTTP ${response.status}${code})${trackingSuffix(summary)}`,
    });
  }
  if (response.status !== 200) {
    const tracking = trackingSuffix(await readErrorSummary(response));
    throw new VendorProtocolError({
      vendor: VENDOR,
      httpStatus: response.status,
      message: `Leadspace answered the OAuth token request with undocumented HTTP ${response.status}${tracking}`,
    });
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = TokenResponseSchema.safeParse(body);
  const tokenType = parsed.success ? parsed.data.token_type : undefined;
  const expiresIn = parsed.success ? (parsed.data.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS) : 0;
  if (!parsed.success || (tokenType !== undefined && tokenType.toLowerCase() !== 'bearer') || !(expiresIn > 0)) {
    // Never the body itself: it holds a token.
    throw new VendorProtocolError({
      vendor: VENDOR,
      httpStatus: response.status,
      message: 'Leadspace OAuth token response has no usable bearer access_token and expires_in',
    });
  }
  return { accessToken: parsed.data.access_token, expiresInSeconds: expiresIn };
}

/** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks for the Basic credentials. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
