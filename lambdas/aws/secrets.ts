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

/** The current text value and, when the secret was rotated, the previous one (newest first). */
export async function getTextSecretVersions(secretId: string): Promise<string[]> {
  previousProvider ??= new SecretsProvider();
  const [current, previous] = await Promise.all([
    getTextSecret(secretId),
    previousProvider
      .get(secretId, { maxAge: CACHE_SECONDS, sdkOptions: { VersionStage: 'AWSPREVIOUS' } })
      // A secret never rotated has no AWSPREVIOUS version: that is not an error.
      .catch(() => undefined),
  ]);
  return typeof previous === 'string' && previous.length > 0 && previous !== current ? [current, previous] : [current];
}
