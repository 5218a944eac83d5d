import { z } from 'zod';
import { HeroBaseClient } from '../vendors/herobase';
import { getJsonSecret } from './secrets';
import { secretBaseUrl } from './secretBaseUrl';

/** The documented shape of the HeroBase secret; the base URL is the customer's own subdomain. */
const HeroBaseSecretSchema = z.object({
  username: z.string().trim().min(1),
  password: z.string().min(1),
  baseUrl: z.string().min(1),
});

export async function heroBaseClient(secretId: string): Promise<HeroBaseClient> {
  const parsed = HeroBaseSecretSchema.safeParse(await getJsonSecret<unknown>(secretId));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))].join(', ');
    throw new Error(`The HeroBase secret is missing or has invalid fields: ${fields}`);
  }
  const { username, password, baseUrl } = parsed.data;
  return new HeroBaseClient({ baseUrl: secretBaseUrl('HeroBase', baseUrl), username, password });
}
