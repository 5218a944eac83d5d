/**
 * A value built on first use and kept: per container for handlers (adapters, parsed configuration) and per
 * process for SDK clients. Not at import, because the local runtime sets the environment (endpoints, table names)
 * before the first call, and Lambda functions that never use something do not pay for it at cold start.
 */
export function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = create();
      built = true;
    }
    return value as T;
  };
}
