import { randomBytes } from 'node:crypto';
import type { SimulatorStats } from './stats';

/*
 * The OAuth 2.0 side of the simulator. The vendor document names "Oauth 2.0" without details; this follows
 * Leadflow's reading (lambdas/vendors/leadspace/oauth.ts): the client-credentials grant at POST /oauth2/token,
 * client credentials in HTTP Basic, a form body `grant_type=client_credentials`, and
 * 200 { access_token, token_type: "Bearer", expires_in }, 401 { error: "invalid_client" },
 * 400 { error: "unsupported_grant_type" | "invalid_request" }.
 */

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export type GrantOutcome =
  | { kind: 'granted'; body: { access_token: string; token_type: 'Bearer'; expires_in: number } }
  | { kind: 'invalid_client' }
  | { kind: 'invalid_request' }
  | { kind: 'unsupported_grant_type' };

export interface TokenIssuerOptions {
  clients: readonly OAuthClient[];
  ttlSeconds: number;
  clock: () => number;
  stats: SimulatorStats;
}

/** Issues access tokens and answers whether one is still good. Knows nothing about HTTP beyond header parsing. */
export class TokenIssuer {
  private clients = new Map<string, string>();
  /** access token → expiry on the simulator's clock */
  private readonly issued = new Map<string, number>();

  constructor(private readonly options: TokenIssuerOptions) {
    this.setClients(options.clients);
  }

  /** Replaces the registered clients; tokens already issued stay valid until they expire or are revoked. */
  setClients(clients: readonly OAuthClient[]): void {
    this.clients = new Map(clients.map((c) => [c.clientId, c.clientSecret]));
  }

  /** Every token issued so far stops working (tokens issued later are unaffected). */
  revokeAll(): void {
    this.issued.clear();
  }

  grant(authorization: string | undefined, contentType: string | undefined, body: string): GrantOutcome {
    const client = basicCredentials(authorization);
    if (!client || this.clients.get(client.clientId) !== client.clientSecret) return { kind: 'invalid_client' };
    if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return { kind: 'invalid_request' };
    const grantType = new URLSearchParams(body).get('grant_type');
    if (grantType === null) return { kind: 'invalid_request' };
    if (grantType !== 'client_credentials') return { kind: 'unsupported_grant_type' };

    const accessToken = `lsat_${randomBytes(24).toString('base64url')}`;
    this.issued.set(accessToken, this.options.clock() + this.options.ttlSeconds * 1000);
    this.options.stats.tokensIssued += 1;
    return { kind: 'granted', body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.options.ttlSeconds } };
  }

  /** Whether `token` is an issued access token that has neither expired nor been revoked. */
  accepts(token: string): boolean {
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return false;
    if (this.options.clock() < expiresAt) return true;
    this.issued.delete(token);
    return false;
  }
}

/** `Basic base64(id:secret)`, each part form-urlencoded as RFC 6749 §2.3.1 asks. */
function basicCredentials(header: string | undefined): OAuthClient | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
