import { AggKnowledgeClient, type AggKnowledgeEnvironment } from '../vendors/aggknowledge';
import { getJsonSecret } from './secrets';

/** The documented shape of the AggKnowledge secret: `{ "apiKey": "..." }`. */
interface AggKnowledgeSecret {
  apiKey: string;
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
  return new AggKnowledgeClient({ baseUrl, apiKey: secret.apiKey, environment, ...(retry && { retry }) });
}
