import { createHash } from 'node:crypto';
import { AggKnowledgeClient, type AggKnowledgeEnvironment } from '../vendors/aggknowledge';
import { getJsonSecret } from './secrets';
import { secretBaseUrl } from './secretBaseUrl';

/** The documented shape of the AggKnowledge secret: `{ "apiKey": "...", "baseUrl"?: "https://..." }`. */
interface AggKnowledgeSecret {
  apiKey: string;
  baseUrl?: string;
}

/**
 * A client for the secret's key. `pace`, given the key's digest (never the key), returns the fetch that paces its
 * requests across jobs (lambdas/aws/vendorSteps/aggknowledge.ts).
 */
export async function aggKnowledgeClient(
  secretId: string,
  baseUrl: string,
  environment: AggKnowledgeEnvironment,
  retry?: { maxAttempts: number },
  pace?: (keyId: string) => typeof fetch,
): Promise<AggKnowledgeClient> {
  const secret = await getJsonSecret<AggKnowledgeSecret>(secretId);
  if (typeof secret.apiKey !== 'string' || secret.apiKey.length === 0) {
    throw new Error('The AggKnowledge secret has no "apiKey" field');
  }
  const url = typeof secret.baseUrl === 'string' ? secretBaseUrl('AggKnowledge', secret.baseUrl) : baseUrl;
  const fetchImpl = pace?.(createHash('sha256').update(secret.apiKey).digest('hex').slice(0, 16));
  return new AggKnowledgeClient({ baseUrl: url, apiKey: secret.apiKey, environment, ...(retry && { retry }), ...(fetchImpl && { fetchImpl }) });
}
