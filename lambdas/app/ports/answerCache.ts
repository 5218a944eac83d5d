import type { CachedAnswer } from '../../core/vendorCacheKey';

/* Implemented by VendorCache (lambdas/aws/vendorCache.ts), a DynamoDB table. */

/** Vendor answers kept across jobs, by vendorCacheKey; an expired answer is never returned. */
export interface AnswerCache {
  getMany(keys: readonly string[], now: Date): Promise<Map<string, CachedAnswer>>;
  putMany(entries: ReadonlyMap<string, CachedAnswer>, now: Date): Promise<void>;
}
