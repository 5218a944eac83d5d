import { describe, expect, it } from 'vitest';
import { pacedFetch } from '../../lambdas/aws/vendorRateLimiter';

describe('pacedFetch', () => {
  it("takes a grant of the request's tier before each request, and waits as long as the limiter says", async () => {
    const taken: string[] = [];
    const waited: number[] = [];
    const refusals = new Map([['aggknowledge#k#tier3', 2]]);
    const limiter = {
      take: async (limitKey: string) => {
        taken.push(limitKey);
        const left = refusals.get(limitKey) ?? 0;
        if (left === 0) return { granted: true as const };
        refusals.set(limitKey, left - 1);
        return { granted: false as const, retryAfterMs: 1_500 };
      },
    };
    const sent: string[] = [];
    const fetchImpl = pacedFetch(
      limiter,
      (method) => ({ limitKey: `aggknowledge#k#${method === 'POST' ? 'tier3' : 'tier4'}`, rules: [{ windowMs: 60_000, limit: 1 }] }),
      async (ms) => void waited.push(ms),
      async (input, init) => {
        sent.push(`${init?.method ?? 'GET'} ${String(input)}`);
        return new Response('{}');
      },
    );
    await fetchImpl('https://vendor.example/bulk', { method: 'POST' });
    await fetchImpl('https://vendor.example/bulk/1');
    expect(taken).toEqual(['aggknowledge#k#tier3', 'aggknowledge#k#tier3', 'aggknowledge#k#tier3', 'aggknowledge#k#tier4']);
    expect(waited).toEqual([1_500, 1_500]);
    // Nothing is sent before its grant: the POST went out once, after the two refusals.
    expect(sent).toEqual(['POST https://vendor.example/bulk', 'GET https://vendor.example/bulk/1']);
  });
});
