import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';

/*
 * Secrets are read at run time and cached briefly per container: short enough that a rotated vendor token is
 * picked up within minutes, long enough that a burst of batches does not hammer Secrets Manager.
 */
const CACHE_SECONDS = 300;
let provider: SecretsProvider | undefined;

export async function getJsonSecret<T>(secretId: string): Promise<T> {
  provider ??= new SecretsProvider();
  const value = await provider.get(secretId, { maxAge: CACHE_SECONDS, transform: 'json' }).catch((error: Error) => {
    // The parser's message quotes the start of the secret: never let it reach a log or an execution history.
    if (error.name === 'TransformParameterError') throw new Error('Secret is not valid JSON');
    throw error;
  });
  if (value === undefined || value === null) throw new Error('Secret has no value');
  return value as T;
}

export async function getTextSecret(secretId: string): Promise<string> {
  provider ??= new SecretsProvider();
  const value = await provider.get(secretId, { maxAge: CACHE_SECONDS });
  if (typeof value !== 'string' || value.length === 0) throw new Error('Secret has no text value');
  return value;
}

/*
 * The version before the current one, for keys that sign things which outlive a rotation (callback URLs of batches
 * in flight). A provider of its own: Powertools caches by name, not by version stage.
 */
let previousProvider: SecretsProvider | undefined;
/** A secret never rotated has no AWSPREVIOUS version: remembered like a value, so it is not asked for each time. */
const noPrevious = new Map<string, number>();

/**
 * The current text value and, when the secret was rotated, the previous one (newest first). `fresh` skips the
 * caches: a signature that fails with cached keys may be made with a key rotated since.
 */
export async function getTextSecretVersions(secretId: string, fresh = false): Promise<string[]> {
  provider ??= new SecretsProvider();
  previousProvider ??= new SecretsProvider();
  const missing = !fresh && (noPrevious.get(secretId) ?? 0) > Date.now();
  const [current, previous] = await Promise.all([
    provider.get(secretId, { maxAge: CACHE_SECONDS, forceFetch: fresh }),
    missing
      ? undefined
      : previousProvider.get(secretId, { maxAge: CACHE_SECONDS, forceFetch: fresh, sdkOptions: { VersionStage: 'AWSPREVIOUS' } }).catch(() => {
          noPrevious.set(secretId, Date.now() + CACHE_SECONDS * 1000);
          return undefined;
        }),
  ]);
  if (typeof current !== 'string' || current.length === 0) throw new Error('Secret has no text value');
  return typeof previous === 'string' && previous.length > 0 && previous !== current ? [current, previous] : [current];
}
