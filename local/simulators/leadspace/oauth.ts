import { randomBytes } from 'node:crypto';
import type { SimulatorStats } from './stats';

/*
 * The OAuth 2.0 side of the simulator, after Leadspace's "API v3 OAuth 2.0 Diagram" (support.leadspace.com,
 * article 360000827409); the client side is lambdas/vendors/leadspace/oauth.ts.
 *
 * Documented, and simulated as documented:
 *   POST /oauth/authorize  JSON {"user": <program id>, "pass": <authentication secret>, "audience": "API_GATEWAY"}
 *                          → 200 {"token", "refreshToken", "expiration"}   (expiration in epoch seconds)
 *   PUT  /oauth/authorize  refreshes; JSON in and out.
 *   Wrong credentials → 401. Tokens last 24 hours (accessTokenTtlSeconds).
 *
 * Invented here (the article does not say, or the stored copy of it stops short):
 *   - the refresh body: every plausible reading is accepted: {"refreshToken"}, {"user", "refreshToken"},
 *     {"token", "refreshToken"}, and all three together. A "user" or "token" given must match the refresh token.
 *   - refresh tokens rotate: a refresh answers a new pair and retires the refresh token it used; the access token
 *     issued before stays valid until it expires. Refresh tokens have no lifetime of their own; they die with
 *     rotation, revokeRefreshTokens(), or their program leaving the registered ones.
 *   - the refresh answer has the same three fields as the authorize answer.
 *   - 400 for a body that is not a JSON object of strings, a Content-Type other than JSON, or an audience other
 *     than API_GATEWAY; 401 for an unknown refresh token. The error bodies (routes.ts) use the general error format
 *     of the Bulk v3 document.
 *   - expirationFormat other than epoch seconds: only to test the client's defensive readings.
 */

export interface OAuthProgram {
  programId: string;
  /** The authentication secret ("pass"). */
  secret: string;
}

export type ExpirationFormat = 'epoch-seconds' | 'epoch-milliseconds' | 'iso-8601';

export interface TokenAnswer {
  token: string;
  refreshToken: string;
  expiration: number | string;
}

export type TokenOutcome = { kind: 'granted'; body: TokenAnswer } | { kind: 'unauthorized' } | { kind: 'invalid_request' } | { kind: 'invalid_audience' };

export interface TokenIssuerOptions {
  programs: readonly OAuthProgram[];
  ttlSeconds: number;
  clock: () => number;
  stats: SimulatorStats;
  expirationFormat?: ExpirationFormat;
}

export const AUDIENCE = 'API_GATEWAY';

interface IssuedToken {
  programId: string;
  expiresAt: number;
}

interface IssuedRefreshToken {
  programId: string;
  /** The access token issued with it. */
  token: string;
}

/** Issues tokens and answers whether one is still good. Knows nothing about HTTP beyond its bodies. */
export class TokenIssuer {
  private programs = new Map<string, string>();
  /** access token → its program and expiry on the simulator's clock */
  private readonly issued = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedRefreshToken>();

  constructor(private readonly options: TokenIssuerOptions) {
    this.setPrograms(options.programs);
  }

  /** Replaces the registered programs; a program no longer listed gets 401 on authorize and on refresh. */
  setPrograms(programs: readonly OAuthProgram[]): void {
    this.programs = new Map(programs.map((p) => [p.programId, p.secret]));
  }

  /** Every access token issued so far stops working (tokens issued later are unaffected). */
  revokeAll(): void {
    this.issued.clear();
  }

  /** Every refresh token issued so far is refused (401); authorize still works. */
  revokeRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  authorize(contentType: string | undefined, text: string): TokenOutcome {
    const body = jsonBody(contentType, text);
    if (!body || typeof body.user !== 'string' || typeof body.pass !== 'string') return { kind: 'invalid_request' };
    if (this.programs.get(body.user) !== body.pass) return { kind: 'unauthorized' };
    if (body.audience !== AUDIENCE) return { kind: 'invalid_audience' };
    this.options.stats.tokensIssued += 1;
    return { kind: 'granted', body: this.issue(body.user) };
  }

  refresh(contentType: string | undefined, text: string): TokenOutcome {
    const body = jsonBody(contentType, text);
    if (!body || typeof body.refreshToken !== 'string') return { kind: 'invalid_request' };
    const { user, token } = body;
    if ((user !== undefined && typeof user !== 'string') || (token !== undefined && typeof token !== 'string')) {
      return { kind: 'invalid_request' };
    }
    const issued = this.refreshTokens.get(body.refreshToken);
    if (
      !issued ||
      !this.programs.has(issued.programId) ||
      (user !== undefined && user !== issued.programId) ||
      (token !== undefined && token !== issued.token)
    ) {
      return { kind: 'unauthorized' };
    }
    this.refreshTokens.delete(body.refreshToken);
    this.options.stats.tokensRefreshed += 1;
    return { kind: 'granted', body: this.issue(issued.programId) };
  }

  /** Whether `token` is an issued access token that has neither expired nor been revoked. */
  accepts(token: string): boolean {
    const issued = this.issued.get(token);
    if (issued === undefined) return false;
    if (this.options.clock() < issued.expiresAt) return true;
    this.issued.delete(token);
    return false;
  }

  private issue(programId: string): TokenAnswer {
    const token = `lsat_${randomBytes(24).toString('base64url')}`;
    const refreshToken = `lsrt_${randomBytes(18).toString('base64url')}`;
    const format = this.options.expirationFormat ?? 'epoch-seconds';
    // The moment the answer states is the moment the token dies: whole seconds when the answer says seconds.
    const exact = this.options.clock() + this.options.ttlSeconds * 1000;
    const expiresAt = format === 'epoch-seconds' ? Math.floor(exact / 1000) * 1000 : exact;
    this.issued.set(token, { programId, expiresAt });
    this.refreshTokens.set(refreshToken, { programId, token });
    const expiration = format === 'epoch-seconds' ? expiresAt / 1000 : format === 'epoch-milliseconds' ? expiresAt : new Date(expiresAt).toISOString();
    return { token, refreshToken, expiration };
  }
}

/** A JSON object body sent as JSON, or undefined. */
function jsonBody(contentType: string | undefined, text: string): Record<string, unknown> | undefined {
  if (!/^application\/json\b/i.test(contentType ?? '')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** `Basic base64(programId:token)` (RFC 7617: the first colon separates), or undefined. */
export function basicCredentials(header: string | undefined): { programId: string; token: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { programId: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}
