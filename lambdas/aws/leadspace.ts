import { LeadspaceClient } from '../vendors/leadspace';
import { getJsonSecret } from './secrets';

/** The documented shape of the Leadspace secret: `{ "token": "...", "programId": "..." }`. */
interface LeadspaceSecret {
  token: string;
  programId?: string;
}

export async function leadspaceClient(secretId: string, baseUrl: string): Promise<LeadspaceClient> {
  const secret = await getJsonSecret<LeadspaceSecret>(secretId);
  if (typeof secret.token !== 'string' || secret.token.length === 0) {
    throw new Error('The Leadspace secret has no "token" field');
  }
  return new LeadspaceClient({ baseUrl, token: secret.token });
}
