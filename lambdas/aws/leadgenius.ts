import { createHash } from 'node:crypto';
import { LeadGeniusClient } from '../vendors/leadgenius';
import { getJsonSecret } from './secrets';
import { secretBaseUrl } from './secretBaseUrl';

/** The documented shape of the LeadGenius secret: `{ "apiKey": "...", "baseUrl"?: "https://..." }`. */
interface LeadGeniusSecret {
  apiKey: string;
  baseUrl?: string;
}

export async function leadGeniusClient(secretId: string, baseUrl: string): Promise<{ client: LeadGeniusClient; keyId: string }> {
  const secret = await getJsonSecret<LeadGeniusSecret>(secretId);
  if (typeof secret.apiKey !== 'string' || secret.apiKey.length === 0) {
    throw new Error('The LeadGenius secret has no "apiKey" field');
  }
  // Limits are per key: the shared limiter is keyed on a digest of it, never the key itself.
  const keyId = createHash('sha256').update(secret.apiKey).digest('hex').slice(0, 16);
  // One attempt per call: every call is paid for with a grant from the shared limiter (vendorSteps/leadgenius.ts).
  const url = typeof secret.baseUrl === 'string' ? secretBaseUrl('LeadGenius', secret.baseUrl) : baseUrl;
  return { client: new LeadGeniusClient({ baseUrl: url, apiKey: secret.apiKey, retry: { maxAttempts: 1 } }), keyId };
}
