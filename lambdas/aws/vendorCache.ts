import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients';
import type { AnswerCache } from '../app/ports';
import type { CachedAnswer } from '../core/vendorCacheKey';

interface CacheItem extends CachedAnswer {
  cacheKey: string;
  cachedAt: string;
  expiresAt: number;
}

const MAX_GET = 100;
const MAX_WRITE = 25;

/**
 * Vendor answers across jobs, keyed by vendorCacheKey (a hash: no lead data in keys). The values are lead data,
 * so the table is encrypted and every item expires (DynamoDB TTL, and a read-side check because TTL deletion lags).
 */
export class VendorCache implements AnswerCache {
  constructor(
    private readonly tableName: string,
    private readonly ttlDays: number,
  ) {}

  async getMany(keys: readonly string[], now: Date): Promise<Map<string, CachedAnswer>> {
    const found = new Map<string, CachedAnswer>();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const unique = [...new Set(keys)];
    for (let i = 0; i < unique.length; i += MAX_GET) {
      let request: Record<string, unknown>[] | undefined = unique.slice(i, i + MAX_GET).map((cacheKey) => ({ cacheKey }));
      while (request && request.length > 0) {
        const out = await documentClient().send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: request, ConsistentRead: false } } }));
        for (const item of (out.Responses?.[this.tableName] ?? []) as CacheItem[]) {
          if (item.expiresAt > nowSeconds) found.set(item.cacheKey, { status: item.status, values: item.values });
        }
        request = out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  async putMany(entries: ReadonlyMap<string, CachedAnswer>, now: Date): Promise<void> {
    const expiresAt = Math.floor(now.getTime() / 1000) + this.ttlDays * 86_400;
    const items = [...entries].map(
      ([cacheKey, answer]): CacheItem => ({
        cacheKey,
        status: answer.status,
        values: answer.values,
        cachedAt: now.toISOString(),
        expiresAt,
      }),
    );
    for (let i = 0; i < items.length; i += MAX_WRITE) {
      let requests = items.slice(i, i + MAX_WRITE).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }
}
