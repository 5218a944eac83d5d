import { createHash } from 'node:crypto';
import { LeadGeniusClient } from '../vendors/leadgenius';
import type { TransportSettings } from '../vendors/transport';
import { getJsonSecret } from './secrets';
import { secretBaseUrlWithHttpOptIn } from './secretBaseUrl';

/**
 * The documented shape of the LeadGenius secret: `{ "apiKey": "...", "baseUrl"?: "https://...", "allowHttp"?: true }`.
 * `allowHttp` lets `baseUrl` use plain http, as the vendor's document does (`http:///api.leadgenius.com`); the key
 * then travels unencrypted, so it is an explicit choice in the secret, never a default.
 */
interface LeadGeniusSecret {
  apiKey: string;
  baseUrl?: string;
  allowHttp?: boolean;
}

export async function leadGeniusClient(
  secretId: string,
  baseUrl: string,
  settings: Omit<TransportSettings, 'retry'> = {},
): Promise<{ client: LeadGeniusClient; keyId: string }> {
  return leadGeniusClientFromSecret(await getJsonSecret<unknown>(secretId), baseUrl, settings);
}

/**
 * The client for a secret value already read. `settings` are for tests (a fetch that reaches a simulator under
 * another host name); retries are not among them: see below.
 */
export function leadGeniusClientFromSecret(
  value: unknown,
  baseUrl: string,
  settings: Omit<TransportSettings, 'retry'> = {},
): { client: LeadGeniusClient; keyId: string } {
  const secret = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof LeadGeniusSecret, unknown>>;
  if (typeof secret.apiKey !== 'string' || secret.apiKey.length === 0) {
    throw new Error('The LeadGenius secret has no "apiKey" field');
  }
  if (secret.allowHttp !== undefined && typeof secret.allowHttp !== 'boolean') {
    throw new Error('The LeadGenius secret\'s "allowHttp" must be true or false');
  }
  // Limits are per key: the shared limiter is keyed on a digest of it, never the key itself.
  const keyId = createHash('sha256').update(secret.apiKey).digest('hex').slice(0, 16);
  const url = typeof secret.baseUrl === 'string' ? secretBaseUrlWithHttpOptIn('LeadGenius', secret.baseUrl, secret.allowHttp === true) : baseUrl;
  // One attempt per call: every call is paid for with a grant from the shared limiter (vendorSteps/leadgenius.ts).
  return { client: new LeadGeniusClient({ ...settings, baseUrl: url, apiKey: secret.apiKey, retry: { maxAttempts: 1 } }), keyId };
}
