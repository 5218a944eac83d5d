import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { problem } from './problem';

export const API_KEY_HEADER = 'x-api-key';

/**
 * Who calls: the id of the API key the request carried (API Gateway's `apiKeyId` on AWS, the key's name under
 * `leadflow serve`), never the key itself. Jobs belong to the key that created them; an operator key sees all.
 */
export interface Caller {
  id: string;
  operator: boolean;
}

declare module 'hono' {
  interface ContextVariableMap {
    caller: Caller;
  }
}

/** A key `leadflow serve` accepts; `id` names its team and is what jobs record. */
export interface ApiKeyEntry {
  id: string;
  key: string;
  operator?: boolean;
}

/**
 * How callers are known. `keys`: the app checks `x-api-key` itself (`leadflow serve`). `gateway`: API Gateway
 * checked the key and its usage plan before the function ran, and names it in the request context.
 */
export type ApiAuth = { kind: 'keys'; keys: readonly ApiKeyEntry[] } | { kind: 'gateway'; operatorKeyIds: readonly string[] };

// Comparing digests makes the comparison constant-time whatever the lengths: the key's length does not leak.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Identifies the caller of every request, or answers 401. A key is never logged or echoed. */
export function authenticate(auth: ApiAuth): MiddlewareHandler {
  const identify = auth.kind === 'keys' ? keyIdentifier(auth.keys) : gatewayIdentifier(auth.operatorKeyIds);
  return async (c, next) => {
    const caller = identify(c);
    if (!caller) return problem(c, 401, `Send your API key in the ${API_KEY_HEADER} header.`);
    c.set('caller', caller);
    await next();
  };
}

function keyIdentifier(keys: readonly ApiKeyEntry[]): (c: Context) => Caller | undefined {
  // An empty key would be matched by an empty header: refuse to start rather than serve an open API.
  if (keys.length === 0 || keys.some((k) => k.key.length === 0)) throw new Error('The API key must not be empty');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('Each API key needs an id of its own');
  const expected = keys.map((k) => ({ ...k, digest: digest(k.key) }));
  return (c) => {
    const given = c.req.header(API_KEY_HEADER);
    if (given === undefined) return undefined;
    const presented = digest(given);
    // Every key is compared, so the time taken does not say which one matched, or how many there are before it.
    let match: Caller | undefined;
    for (const entry of expected) {
      if (timingSafeEqual(presented, entry.digest)) match = { id: entry.id, operator: entry.operator === true };
    }
    return match;
  };
}

/** The REST API's request context, as the Lambda adapter passes it on (`c.env.requestContext`). */
function gatewayIdentifier(operatorKeyIds: readonly string[]): (c: Context) => Caller | undefined {
  const operators = new Set(operatorKeyIds);
  return (c) => {
    const env = c.env as { requestContext?: { identity?: { apiKeyId?: unknown } } } | undefined;
    const id = env?.requestContext?.identity?.apiKeyId;
    // Every job route requires a key, so a request without one did not come through API Gateway's check.
    if (typeof id !== 'string' || id.length === 0) return undefined;
    return { id, operator: operators.has(id) };
  };
}

/** Whether `caller` may see `job`: its own, or any for an operator (jobs from the drop folder have no owner). */
export const mayAccess = (caller: Caller, job: { owner?: string }): boolean => caller.operator || job.owner === caller.id;
