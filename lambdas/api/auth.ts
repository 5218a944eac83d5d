import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem';

export const API_KEY_HEADER = 'x-api-key';

// Comparing digests makes the comparison constant-time whatever the lengths: the key's length does not leak.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Requires `x-api-key` to equal `apiKey` on every request (`leadflow serve`; on AWS, API Gateway checks keys
 * before the function runs). The key is never logged or echoed.
 */
export function requireApiKey(apiKey: string): MiddlewareHandler {
  // An empty key would be matched by an empty header: refuse to start rather than serve an open API.
  if (apiKey.length === 0) throw new Error('The API key must not be empty');
  const expected = digest(apiKey);
  return async (c, next) => {
    const given = c.req.header(API_KEY_HEADER);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      return problem(c, 401, `Send your API key in the ${API_KEY_HEADER} header.`);
    }
    await next();
  };
}
