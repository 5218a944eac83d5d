import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './clients';
import { isConditionFailure } from './conditionFailure';

/*
 * Optimistic read-decide-write of one item of the limits table, shared by every running Lambda invocation: the
 * item is read strongly consistently, the caller decides on it, and the new item is written only if its version
 * is still the one read, so two invocations can never both spend the same capacity. A decision that writes
 * nothing (a refusal) costs no write.
 */

export interface VersionedItem {
  limitKey: string;
  version: number;
}

export interface VersionedWriteOptions {
  /** conditional-write races to lose before giving up for now */
  maxAttempts: number;
  /** waits between lost races */
  sleep: (ms: number) => Promise<void>;
  /** in [0, 1) */
  random: () => number;
}

/** What a decision on the current item (undefined: none yet) comes to: an item to write (its version is set here), and a result. */
export interface Decision<T extends VersionedItem, R> {
  write?: Omit<T, 'version' | 'limitKey'>;
  result: R;
}

/** Full-jitter backoff between lost races: a few milliseconds at first, never more than a quarter second. */
const RACE_BACKOFF_BASE_MS = 5;
const RACE_BACKOFF_CAP_MS = 250;

export const realTimers: Pick<VersionedWriteOptions, 'sleep' | 'random'> = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The decision's result once its write (if any) won, or `contended` after maxAttempts lost races. */
export async function decideAndWrite<T extends VersionedItem, R>(
  tableName: string,
  limitKey: string,
  decide: (current: T | undefined) => Decision<T, R>,
  options: VersionedWriteOptions,
): Promise<{ result: R } | { contended: true }> {
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    const out = await documentClient().send(new GetCommand({ TableName: tableName, Key: { limitKey }, ConsistentRead: true }));
    const current = out.Item as T | undefined;
    const decision = decide(current);
    if (!decision.write) return { result: decision.result };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: tableName,
          Item: { ...decision.write, limitKey, version: Number(current?.version ?? 0) + 1 },
          ...(current
            ? {
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': current.version },
              }
            : { ConditionExpression: 'attribute_not_exists(limitKey)' }),
        }),
      );
      return { result: decision.result };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Another invocation wrote first: wait a little (full jitter) and decide again on what it left.
      if (attempt < options.maxAttempts) {
        await options.sleep(Math.floor(options.random() * Math.min(RACE_BACKOFF_CAP_MS, RACE_BACKOFF_BASE_MS * 2 ** attempt)));
      }
    }
  }
  return { contended: true };
}
