import * as z from 'zod';
import { VendorFatalError, VendorProtocolError } from '../errors';
import { sendWithRetry, transportOptions, type TransportOptions, type TransportSettings } from '../transport';
import { readErrorSummary, trackingSuffix } from './errorBody';

/*
 * Leadspace OAuth 2.0, the alternative to the perpetual token, as Leadspace's article "API v3 OAuth 2.0 Diagram"
 * (support.leadspace.com, article 360000827409, linked from the Bulk API v3 document) describes it: a
 * username-password exchange with the API gateway, JSON in and out, none of RFC 6749's grant types or field names.
 *
 *   POST {baseUrl}/oauth/authorize          Content-Type: application/json
 *   { "user": <program id>, "pass": <authentication secret>, "audience": "API_GATEWAY" }
 *   → { "token": "...", "refreshToken": "...", "expiration": 1520262937 }     (expiration: epoch seconds)
 *
 *   PUT {baseUrl}/oauth/authorize           Content-Type: application/json
 *   { "user": <program id>, "refreshToken": <the latest refreshToken> }
 *   → the same three fields
 *
 * The token then goes in `Authorization: Bearer <token>`, exactly like a perpetual token.
 *
 * What the article leaves open, and how Leadflow reads it:
 *  - The refresh body. The stored copy of the article stops after "Refresh Token Process / Request type: PUT /
 *    Endpoint ... / Header: Content-Type application/json". {"user", "refreshToken"} is the body a published
 *    transcription of the article gives (api-evangelist/leadspace: examples/leadspace-examples.yml and the
 *    RefreshRequest schema of openapi/leadspace-authorization-api-openapi.yml). It is also the safest of the
 *    plausible readings: it names the program, carries no secret, and a gateway expecting {"refreshToken"} alone
 *    would most likely ignore the extra field. The simulator accepts {"refreshToken"}, {"user", "refreshToken"}
 *    and {"token", "refreshToken"}.
 *  - A refresh answer without a refreshToken keeps the previous one; with one, the new one replaces it.
 *  - Anything but a usable 2XX answer to the refresh (a 4XX, an unreadable body) means the refresh token is no
 *    longer good: the provider authorizes anew with the program id and secret. 429/5XX/network failures are the
 *    shared transport's (retried, then VendorTransientError), on either request.
 *  - 400, 401 or 403 to the authorize request: the program id or secret is refused (VendorFatalError 'unauthorized').
 *  - `expiration`: epoch seconds as documented. Read defensively by magnitude: ≥ 1e11 is epoch milliseconds (1e11 s
 *    is the year 5138), 1e9..1e11 epoch seconds, below 1e9 (before 2001, so never a real expiry moment) seconds from
 *    now, a non-numeric string an ISO 8601 moment; absent, the 24 hours Leadspace gives a token. Which reading
 *    matched is reported (onGrant, lastExpirationReading) so production logs show what Leadspace actually sends.
 */

export const LEADSPACE_TOKEN_PATH = '/oauth/authorize';
export const LEADSPACE_OAUTH_AUDIENCE = 'API_GATEWAY';

/** Refresh this long before the vendor's expiry, so a token never runs out between being handed out and used. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** Leadspace tokens "expire every 24 hours"; used when an answer leaves out `expiration`. */
const DEFAULT_LIFETIME_MS = 86_400_000;

const VENDOR = 'leadspace';

/** Where a LeadspaceClient gets its bearer token when it authenticates with OAuth. */
export interface LeadspaceTokenProvider {
  /** A token believed valid now: the cached one, or a freshly fetched (refreshed or authorized) one. */
  getToken(): Promise<string>;
  /** The API refused `token` (401): stop handing it out, unless a newer token already replaced it. */
  invalidate(token: string): void;
}

/** The OAuth credentials from Leadspace's credentials email. */
export interface LeadspaceOAuthCredentials {
  /** Sent as "user". */
  programId: string;
  /** The authentication secret, sent as "pass". */
  secret: string;
}

/** How an answer's `expiration` was read; see the readings above. */
export type ExpirationReading = 'epoch-seconds' | 'epoch-milliseconds' | 'iso-8601' | 'seconds-from-now' | 'absent';

/** One token obtained, as monitoring may see it: no token, no secret. */
export interface LeadspaceTokenGrant {
  via: 'authorize' | 'refresh';
  expirationReading: ExpirationReading;
  /** From the request leaving to the expiry the answer gave. */
  lifetimeMs: number;
  /** With via 'authorize': the HTTP status of the refresh that was refused just before, if one was tried. */
  refreshRefusedStatus?: number;
}

export interface LeadspaceOAuthOptions extends LeadspaceOAuthCredentials, TransportSettings {
  /** The API's base URL; the token endpoint is {baseUrl}/oauth/authorize. */
  baseUrl: string;
  /** How long before expiry a cached token is replaced. Default 5 minutes (capped at half the token's lifetime). */
  refreshMarginMs?: number;
  /** Milliseconds since the epoch. Default Date.now. */
  clock?: () => number;
  /** Where tokens are kept. Default: one cache for the whole module, so a warm Lambda reuses its token. */
  cache?: LeadspaceTokenCache;
  /** Called for every token obtained (an observer that throws is ignored). */
  onGrant?: (grant: LeadspaceTokenGrant) => void;
}

export interface LeadspaceOAuthTokenProvider extends LeadspaceTokenProvider {
  /** How the latest answer's `expiration` was read; undefined before the first token. */
  readonly lastExpirationReading: ExpirationReading | undefined;
}

interface CachedGrant {
  token: string;
  refreshToken: string | undefined;
  /** The clock reading from which the token is no longer handed out (expiry minus the refresh margin). */
  refreshAt: number;
}

interface CacheEntry {
  grant?: CachedGrant;
  /** The renewal under way, shared by every caller that finds no usable token meanwhile. */
  inFlight?: Promise<string>;
  lastExpirationReading?: ExpirationReading;
}

/** Tokens and refresh tokens per (base URL, program id). Never holds the authentication secret. */
export class LeadspaceTokenCache {
  private readonly entries = new Map<string, CacheEntry>();

  entry(baseUrl: string, programId: string): CacheEntry {
    const key = JSON.stringify([baseUrl, programId]);
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

/** Forgets every cached token of the module-wide cache (tests, or after rotating the authentication secret). */
export function clearLeadspaceTokenCache(): void {
  moduleCache.clear();
}

/**
 * A token provider for Leadspace OAuth. Tokens are cached per (baseUrl, programId) and handed out until
 * `refreshMarginMs` before they expire; then (or after the API refused one) the refresh token is tried, and a new
 * authorize made if it is refused. However many callers ask at once, one request is under way.
 */
export function leadspaceOAuthTokenProvider(options: LeadspaceOAuthOptions): LeadspaceOAuthTokenProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const clock = options.clock ?? Date.now;
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  if (!(margin >= 0)) throw new RangeError('refreshMarginMs must be 0 or more');
  const entry = (options.cache ?? moduleCache).entry(baseUrl, options.programId);
  const transport = transportOptions({ id: VENDOR, name: 'Leadspace' }, options, async (response) => trackingSuffix(await readErrorSummary(response)));
  const credentials: LeadspaceOAuthCredentials = { programId: options.programId, secret: options.secret };

  const keep = (granted: GrantedToken, requestedAt: number, grant: Omit<LeadspaceTokenGrant, 'expirationReading' | 'lifetimeMs'>) => {
    // Counted from when the request left, not when the answer came: the vendor's clock started no later.
    const lifetimeMs = granted.expiresAt - requestedAt;
    entry.grant = {
      token: granted.accessToken,
      refreshToken: granted.refreshToken ?? (grant.via === 'refresh' ? entry.grant?.refreshToken : undefined),
      refreshAt: granted.expiresAt - Math.min(margin, lifetimeMs / 2),
    };
    entry.lastExpirationReading = granted.expirationReading;
    try {
      options.onGrant?.({ ...grant, expirationReading: granted.expirationReading, lifetimeMs });
    } catch {
      // Monitoring never breaks authentication.
    }
    return granted.accessToken;
  };

  const renew = async (): Promise<string> => {
    const refreshToken = entry.grant?.refreshToken;
    let refreshRefusedStatus: number | undefined;
    if (refreshToken !== undefined) {
      const requestedAt = clock();
      const refreshed = await refreshAccessToken(baseUrl, options.programId, refreshToken, transport, requestedAt);
      if ('accessToken' in refreshed) return keep(refreshed, requestedAt, { via: 'refresh' });
      refreshRefusedStatus = refreshed.refusedStatus;
      // Not tried again: should the authorize below fail too, the next caller goes straight to authorize.
      entry.grant = undefined;
    }
    const requestedAt = clock();
    const granted = await requestAccessToken(baseUrl, credentials, transport, requestedAt);
    return keep(granted, requestedAt, { via: 'authorize', ...(refreshRefusedStatus !== undefined && { refreshRefusedStatus }) });
  };

  return {
    getToken() {
      const cached = entry.grant;
      if (cached && clock() < cached.refreshAt) return Promise.resolve(cached.token);
      entry.inFlight ??= renew().finally(() => {
        entry.inFlight = undefined;
      });
      return entry.inFlight;
    },
    invalidate(token) {
      // The refresh token stays: a refused access token (revoked, expired early) says nothing against it.
      if (entry.grant?.token === token) entry.grant = { ...entry.grant, refreshAt: -Infinity };
    },
    get lastExpirationReading() {
      return entry.lastExpirationReading;
    },
  };
}

const TokenAnswerSchema = z.looseObject({
  token: z.string().min(1),
  refreshToken: z.string().min(1).nullish(),
  expiration: z.union([z.number(), z.string()]).nullish(),
});

export interface GrantedToken {
  accessToken: string;
  refreshToken?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  expirationReading: ExpirationReading;
}

/** Why a refresh brought no token: the status it got (a 4XX, or a 2XX with an unusable body). */
export interface RefusedRefresh {
  refusedStatus: number;
}

/**
 * The authorize request. 5XX, 429 and network failures go through the shared transport (retried, then
 * VendorTransientError); 400, 401 and 403 mean the program id or secret is refused (VendorFatalError
 * 'unauthorized'). Messages never carry the secret or a token.
 */
export async function requestAccessToken(
  baseUrl: string,
  credentials: LeadspaceOAuthCredentials,
  transport: TransportOptions,
  requestedAt: number = Date.now(),
): Promise<GrantedToken> {
  const response = await sendWithRetry(
    `${baseUrl}${LEADSPACE_TOKEN_PATH}`,
    jsonRequest('POST', { user: credentials.programId, pass: credentials.secret, audience: LEADSPACE_OAUTH_AUDIENCE }),
    transport,
    'OAuth token request',
  );

  if (response.status === 400 || response.status === 401 || response.status === 403) {
    const tracking = trackingSuffix(await readErrorSummary(response));
    throw new VendorFatalError({
      vendor: VENDOR,
      httpStatus: response.status,
      code: 'unauthorized',
      message: `Leadspace refused the OAuth program id and authentication secret (HTTP ${response.status})${tracking}`,
    });
  }
  if (!response.ok) {
    const tracking = trackingSuffix(await readErrorSummary(response));
    throw new VendorProtocolError({
      vendor: VENDOR,
      httpStatus: response.status,
      message: `Leadspace answered the OAuth token request with undocumented HTTP ${response.status}${tracking}`,
    });
  }
  const granted = await readGrant(response, requestedAt);
  if (typeof granted === 'string') {
    throw new VendorProtocolError({ vendor: VENDOR, httpStatus: response.status, message: `Leadspace OAuth token response ${granted}` });
  }
  return granted;
}

/**
 * The refresh request (PUT, same endpoint). A token, or the status of a refusal for the caller to fall back on
 * authorize; transient failures throw VendorTransientError like any other call.
 */
export async function refreshAccessToken(
  baseUrl: string,
  programId: string,
  refreshToken: string,
  transport: TransportOptions,
  requestedAt: number = Date.now(),
): Promise<GrantedToken | RefusedRefresh> {
  const response = await sendWithRetry(
    `${baseUrl}${LEADSPACE_TOKEN_PATH}`,
    jsonRequest('PUT', { user: programId, refreshToken }),
    transport,
    'OAuth token refresh',
  );
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { refusedStatus: response.status };
  }
  const granted = await readGrant(response, requestedAt);
  return typeof granted === 'string' ? { refusedStatus: response.status } : granted;
}

function jsonRequest(method: 'POST' | 'PUT', body: Record<string, string>): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  };
}

/** The token answer, or what is wrong with it (never its content: it holds tokens). */
async function readGrant(response: Response, requestedAt: number): Promise<GrantedToken | string> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return 'is not valid JSON';
  }
  const parsed = TokenAnswerSchema.safeParse(body);
  if (!parsed.success) return 'has no usable "token"';
  const expiry = readExpiration(parsed.data.expiration, requestedAt);
  if (!expiry) return 'has an unreadable "expiration"';
  if (!(expiry.expiresAt > requestedAt)) return `has an "expiration" already past (read as ${expiry.reading})`;
  return {
    accessToken: parsed.data.token,
    ...(parsed.data.refreshToken && { refreshToken: parsed.data.refreshToken }),
    expiresAt: expiry.expiresAt,
    expirationReading: expiry.reading,
  };
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH_MS_FROM = 1e11;
const EPOCH_SECONDS_FROM = 1e9;

/** Reads `expiration` (see the readings at the top); undefined when it is none of them. */
export function readExpiration(value: number | string | null | undefined, requestedAt: number): { expiresAt: number; reading: ExpirationReading } | undefined {
  if (value === undefined || value === null) return { expiresAt: requestedAt + DEFAULT_LIFETIME_MS, reading: 'absent' };
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return readExpiration(Number(trimmed), requestedAt);
    if (!ISO_8601.test(trimmed)) return undefined;
    const at = Date.parse(trimmed);
    return Number.isFinite(at) ? { expiresAt: at, reading: 'iso-8601' } : undefined;
  }
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value >= EPOCH_MS_FROM) return { expiresAt: value, reading: 'epoch-milliseconds' };
  if (value >= EPOCH_SECONDS_FROM) return { expiresAt: value * 1000, reading: 'epoch-seconds' };
  return { expiresAt: requestedAt + value * 1000, reading: 'seconds-from-now' };
}
