import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../lambdas/aws/clients';
import { VendorCache } from '../../lambdas/aws/vendorCache';
import { ENRICHED_FIELDS } from '../../lambdas/core/enrichedFields';
import type { CachedAnswer } from '../../lambdas/core/vendorCacheKey';
import type { DynamoDbEmulator } from '../../local/emulators/dynamodb';
import { startLimitsTable } from './limitsTableEmulator';

const TABLE = 'vendor-cache';
const NOW = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;

let emulator: DynamoDbEmulator;

beforeAll(async () => {
  emulator = await startLimitsTable(TABLE, 'cacheKey');
});

afterAll(async () => {
  await emulator?.close();
});

/** A full person profile: every field the waterfall knows, with values as long as real ones get. */
const profile = (n: number): CachedAnswer => ({
  status: 'enriched',
  values: Object.fromEntries(ENRICHED_FIELDS.map((field) => [field, `${field} of lead ${n}, as a vendor writes it: Müller & Søn GmbH, Straße 12`])),
});

/** An attribute's size as DynamoDB counts it (docs: item sizes): bytes of strings and binaries, 3 + the parts of maps. */
const sizeOf = (value: unknown): number => {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).length / 2) + 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + sizeOf(v) + 1, 0);
  if (value && typeof value === 'object') return 3 + Object.entries(value).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + sizeOf(v) + 1, 0);
  return 1;
};
/** What DynamoDB bills a write of this item: one unit per started kilobyte of names and values. */
const writeUnits = (item: Record<string, unknown>) => Math.ceil(Object.entries(item).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + sizeOf(v), 0) / 1024);

describe('VendorCache', () => {
  it('gives back every answer it was given, across many batch calls at once', async () => {
    const cache = new VendorCache(TABLE, 14);
    const answers = new Map(Array.from({ length: 260 }, (_, i) => [`key-${i}`, i % 3 ? profile(i) : { status: 'not_found' as const, values: {} }]));
    await cache.putMany(answers, NOW);
    const found = await cache.getMany([...answers.keys(), 'never-cached', 'key-1'], NOW);
    expect(found.size).toBe(260);
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries(answers));
  });

  it('stores a full profile in one write unit', async () => {
    await new VendorCache(TABLE, 14).putMany(new Map([['profile', profile(1)]]), NOW);
    const { Item } = await documentClient().send(new GetCommand({ TableName: TABLE, Key: { cacheKey: 'profile' } }));
    // The same answer as attributes, as items were written before: more than a kilobyte.
    expect(writeUnits({ cacheKey: 'profile', ...profile(1), expiresAt: 0 })).toBeGreaterThan(1);
    expect(writeUnits(Item!)).toBe(1);
  });

  it('reads answers written as attributes before, and never an expired one', async () => {
    const expiresAt = Math.floor((NOW.getTime() + DAY) / 1000);
    await documentClient().send(new PutCommand({ TableName: TABLE, Item: { cacheKey: 'old-style', ...profile(7), cachedAt: NOW.toISOString(), expiresAt } }));
    const cache = new VendorCache(TABLE, 14);
    expect((await cache.getMany(['old-style'], NOW)).get('old-style')).toEqual(profile(7));
    await cache.putMany(new Map([['fresh', profile(8)]]), NOW);
    const later = new Date(NOW.getTime() + 15 * DAY);
    expect((await cache.getMany(['old-style', 'fresh'], later)).size).toBe(0);
  });
});
