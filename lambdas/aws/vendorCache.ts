import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import { documentClient } from './clients';
import type { AnswerCache } from '../app/ports';
import type { CachedAnswer } from '../core/vendorCacheKey';

/**
 * One cached answer. `answer` is the answer's JSON, deflated: DynamoDB bills writes per started kilobyte, and a
 * person profile as nested attributes often passed one; compressed it rarely reaches half of one. Items written
 * before kept `status` and `values` as attributes, and are still read.
 */
interface CacheItem {
  cacheKey: string;
  answer?: Uint8Array;
  status?: CachedAnswer['status'];
  values?: CachedAnswer['values'];
  expiresAt: number;
}

const MAX_GET = 100;
const MAX_WRITE = 25;
/** BatchGetItem and BatchWriteItem calls in flight at once per look-up or write: enough to hide the round trips. */
const PARALLEL_CALLS = 4;
/** Unprocessed keys and items are retried with exponential backoff, as AWS asks, up to this many times. */
const MAX_RETRIES = 8;

const encode = (answer: CachedAnswer): Uint8Array => deflateRawSync(JSON.stringify({ status: answer.status, values: answer.values }));
const decode = (item: CacheItem): CachedAnswer =>
  item.answer ? (JSON.parse(inflateRawSync(item.answer).toString('utf-8')) as CachedAnswer) : { status: item.status!, values: item.values ?? {} };

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 2_000) * (0.5 + Math.random() / 2)));

/** Sends a batch request, then what DynamoDB left unprocessed, with backoff, until nothing is left. */
async function untilProcessed<T>(first: T[], left: string, send: (requests: T[]) => Promise<T[] | undefined>): Promise<void> {
  let requests: T[] | undefined = first;
  for (let attempt = 0; requests && requests.length > 0; attempt++) {
    if (attempt > MAX_RETRIES) throw new Error(`The vendor cache left ${requests.length} ${left} after ${MAX_RETRIES} retries`);
    if (attempt > 0) await backoff(attempt);
    requests = await send(requests);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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
    await pMap(
      chunks([...new Set(keys)], MAX_GET),
      (chunk) =>
        untilProcessed<Record<string, unknown>>(
          chunk.map((cacheKey) => ({ cacheKey })),
          'keys unprocessed',
          async (keys) => {
            const out = await documentClient().send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: false } } }));
            for (const item of (out.Responses?.[this.tableName] ?? []) as CacheItem[]) {
              if (item.expiresAt > nowSeconds) found.set(item.cacheKey, decode(item));
            }
            return out.UnprocessedKeys?.[this.tableName]?.Keys;
          },
        ),
      { concurrency: PARALLEL_CALLS },
    );
    return found;
  }

  async putMany(entries: ReadonlyMap<string, CachedAnswer>, now: Date): Promise<void> {
    const expiresAt = Math.floor(now.getTime() / 1000) + this.ttlDays * 86_400;
    const items = [...entries].map(([cacheKey, answer]): CacheItem => ({ cacheKey, answer: encode(answer), expiresAt }));
    await pMap(
      chunks(items, MAX_WRITE),
      (chunk) =>
        untilProcessed(
          chunk.map((Item) => ({ PutRequest: { Item } })),
          'answers unwritten',
          async (requests) => {
            const out = await documentClient().send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
            return out.UnprocessedItems?.[this.tableName] as typeof requests | undefined;
          },
        ),
      { concurrency: PARALLEL_CALLS },
    );
  }
}
