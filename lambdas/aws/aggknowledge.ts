import { AggKnowledgeClient, type AggKnowledgeEnvironment } from '../vendors/aggknowledge';
import { getJsonSecret } from './secrets';
import { secretBaseUrl } from './secretBaseUrl';

/** The documented shape of the AggKnowledge secret: `{ "apiKey": "...", "baseUrl"?: "https://..." }`. */
interface AggKnowledgeSecret {
  apiKey: string;
  baseUrl?: string;
}

export async function aggKnowledgeClient(
  secretId: string,
  baseUrl: string,
  environment: AggKnowledgeEnvironment,
  retry?: { maxAttempts: number },
): Promise<AggKnowledgeClient> {
  const secret = await getJsonSecret<AggKnowledgeSecret>(secretId);
  if (typeof secret.apiKey !== 'string' || secret.apiKey.length === 0) {
    throw new Error('The AggKnowledge secret has no "apiKey" field');
  }
  const url = typeof secret.baseUrl === 'string' ? secretBaseUrl('AggKnowledge', secret.baseUrl) : baseUrl;
  return new AggKnowledgeClient({ baseUrl: url, apiKey: secret.apiKey, environment, ...(retry && { retry }) });
}
