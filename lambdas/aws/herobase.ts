import { createHash } from 'node:crypto';
import { z } from 'zod';
import { now, sleep } from './clock';
import { VendorRateLimiter } from './vendorRateLimiter';
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

export interface HeroBasePacing {
  limitsTable: string;
  requestsPerMinute: number;
  marginMs: number;
}

/**
 * Runs HeroBase calls within the account's fair-use rate, shared by every function and job that calls HeroBase
 * with this secret: each call waits for a grant from the shared limiter first.
 */
export function heroBasePacer(secretId: string, pacing: HeroBasePacing): <T>(call: () => Promise<T>) => Promise<T> {
  const limiter = new VendorRateLimiter(pacing.limitsTable, { clock: now, marginMs: pacing.marginMs });
  // Per API user: the secret names the user, and its id (an ARN, not a credential) keys the ledger.
  const limitKey = `herobase#${createHash('sha256').update(secretId).digest('hex').slice(0, 16)}#requests`;
  const rules = [{ windowMs: 60_000, limit: pacing.requestsPerMinute }];
  return async (call) => {
    for (;;) {
      const grant = await limiter.take(limitKey, rules, 1);
      if (grant.granted) return call();
      await sleep(grant.retryAfterMs);
    }
  };
}
