import { createHash } from 'node:crypto';
import * as z from 'zod';
import { now, sleep } from './clock';
import { VendorRateLimiter } from './vendorRateLimiter';
import { HeroBaseClient, HeroBaseRateLimitedError } from '../vendors/herobase';
import { getJsonSecret } from './secrets';
import { secretBaseUrl } from './secretBaseUrl';

/** The documented shape of the HeroBase secret; the base URL is the customer's own subdomain. */
const HeroBaseSecretSchema = z.object({
  username: z.string().trim().min(1),
  password: z.string().min(1),
  baseUrl: z.string().min(1),
});

/**
 * `retry` as the transport takes it. Calls made through heroBasePacer pass `{ maxAttempts: 1 }`: every HTTP request
 * then has its own grant, and an import is never repeated by the transport after HeroBase may have stored it.
 */
export async function heroBaseClient(secretId: string, retry?: { maxAttempts: number }): Promise<HeroBaseClient> {
  const parsed = HeroBaseSecretSchema.safeParse(await getJsonSecret<unknown>(secretId));
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))].join(', ');
    throw new Error(`The HeroBase secret is missing or has invalid fields: ${fields}`);
  }
  const { username, password, baseUrl } = parsed.data;
  return new HeroBaseClient({ baseUrl: secretBaseUrl('HeroBase', baseUrl), username, password, ...(retry && { retry }) });
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
export function heroBasePacer(secretId: string, pacing: HeroBasePacing): <T>(call: () => Promise<T>, requests?: number) => Promise<T> {
  const limiter = new VendorRateLimiter(pacing.limitsTable, { clock: now, marginMs: pacing.marginMs });
  // Per API user: the secret names the user, and its id (an ARN, not a credential) keys the ledger.
  const limitKey = `herobase#${createHash('sha256').update(secretId).digest('hex').slice(0, 16)}#requests`;
  const rules = [{ windowMs: 60_000, limit: pacing.requestsPerMinute }];
  // `requests`: how many HTTP requests the call makes (importExample with all fields makes two).
  return async (call, requests = 1) => {
    for (;;) {
      const grant = await limiter.take(limitKey, rules, requests);
      if (!grant.granted) {
        await sleep(grant.retryAfterMs);
        continue;
      }
      try {
        return await call();
      } catch (error) {
        // HeroBase said slow down (another client of the same user, or a stricter limit than configured): a 429
        // stored nothing, so the call is made again once the vendor's Retry-After has passed.
        if (!(error instanceof HeroBaseRateLimitedError)) throw error;
        await sleep((error.retryAfterSeconds ?? 60) * 1_000);
      }
    }
  };
}
