import { randomUUID } from 'node:crypto';
import { ServiceError, startJsonProtocolServer, type JsonProtocolServer } from './jsonProtocolServer';
import type { LocalCredentials } from './sigv4';

interface StoredVersion {
  versionId: string;
  value: string;
  /** epoch seconds, as the JSON protocol carries timestamps */
  createdDate: number;
}

interface StoredSecret {
  name: string;
  arn: string;
  /** AWSCURRENT */
  current: StoredVersion;
  /** AWSPREVIOUS, once the value has been replaced */
  previous?: StoredVersion;
  createdDate: number;
  lastChangedDate: number;
  description?: string;
  tags: Map<string, string>;
}

export interface SecretsManagerEmulator extends JsonProtocolServer {
  /** Seeds a secret directly, as an operator would have done before the first job. */
  seed(name: string, value: string): void;
  /**
   * Backdates a secret's current value: its version's CreatedDate and the secret's LastChangedDate become `date`
   * (and CreatedDate too if it was later), as if the value had been written then. For token-age tests.
   */
  setLastChanged(id: string, date: Date): void;
}

/**
 * The Secrets Manager operations Leadflow uses, on the real JSON protocol, so handlers read secrets through the
 * real SDK client and Powertools exactly as on AWS. Values stay in memory only.
 *
 * LastChangedDate moves on every modification, tags included ("the last date and time that this secret was
 * modified in any way"), so code that takes a token's age from it rather than from its version is caught here.
 */
export async function startSecretsManagerEmulator(region = 'local', options: { credentials?: LocalCredentials } = {}): Promise<SecretsManagerEmulator> {
  const secrets = new Map<string, StoredSecret>();
  const arnFor = (name: string) => `arn:aws:secretsmanager:${region}:000000000000:secret:${name}-${randomUUID().slice(0, 6)}`;
  const find = (id: unknown): StoredSecret => {
    const secret = secrets.get(String(id)) ?? [...secrets.values()].find((s) => s.arn === id);
    if (!secret) throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const nowSeconds = () => Date.now() / 1000;
  const put = (name: string, value: string, description?: string): StoredSecret => {
    const now = nowSeconds();
    const existing = secrets.get(name);
    const secret: StoredSecret = {
      name,
      arn: existing?.arn ?? arnFor(name),
      current: { versionId: randomUUID(), value, createdDate: now },
      previous: existing?.current,
      createdDate: existing?.createdDate ?? now,
      lastChangedDate: now,
      description: description ?? existing?.description,
      tags: existing?.tags ?? new Map(),
    };
    secrets.set(name, secret);
    return secret;
  };
  const versionsToStages = (s: StoredSecret): Record<string, string[]> => ({
    [s.current.versionId]: ['AWSCURRENT'],
    ...(s.previous && { [s.previous.versionId]: ['AWSPREVIOUS'] }),
  });
  const tagList = (s: StoredSecret) => [...s.tags].map(([Key, Value]) => ({ Key, Value }));

  const server = await startJsonProtocolServer(
    'secretsmanager',
    'application/x-amz-json-1.1',
    {
      CreateSecret: (input) => {
        const name = String(input.Name);
        if (secrets.has(name)) throw new ServiceError('ResourceExistsException', 'The secret already exists.');
        const s = put(name, String(input.SecretString ?? ''), input.Description as string | undefined);
        for (const tag of (input.Tags as { Key: string; Value?: string }[] | undefined) ?? []) s.tags.set(tag.Key, tag.Value ?? '');
        return { ARN: s.arn, Name: s.name, VersionId: s.current.versionId };
      },
      PutSecretValue: (input) => {
        const s = put(find(input.SecretId).name, String(input.SecretString ?? ''));
        return { ARN: s.arn, Name: s.name, VersionId: s.current.versionId, VersionStages: ['AWSCURRENT'] };
      },
      GetSecretValue: (input) => {
        const s = find(input.SecretId);
        const previous = input.VersionStage === 'AWSPREVIOUS';
        const version = previous ? s.previous : s.current;
        if (!version) {
          throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS");
        }
        return {
          ARN: s.arn,
          Name: s.name,
          VersionId: version.versionId,
          SecretString: version.value,
          VersionStages: [previous ? 'AWSPREVIOUS' : 'AWSCURRENT'],
          CreatedDate: version.createdDate,
        };
      },
      DescribeSecret: (input) => {
        const s = find(input.SecretId);
        return {
          ARN: s.arn,
          Name: s.name,
          Description: s.description,
          CreatedDate: s.createdDate,
          LastChangedDate: s.lastChangedDate,
          VersionIdsToStages: versionsToStages(s),
          ...(s.tags.size > 0 && { Tags: tagList(s) }),
        };
      },
      ListSecretVersionIds: (input) => {
        const s = find(input.SecretId);
        const versions = [s.current, ...(s.previous ? [s.previous] : [])];
        const stages = versionsToStages(s);
        return {
          ARN: s.arn,
          Name: s.name,
          Versions: versions.map((v) => ({ VersionId: v.versionId, VersionStages: stages[v.versionId], CreatedDate: v.createdDate })),
        };
      },
      TagResource: (input) => {
        const s = find(input.SecretId);
        const tags = (input.Tags as { Key?: string; Value?: string }[] | undefined) ?? [];
        for (const tag of tags) {
          if (!tag.Key || tag.Key.length > 128 || (tag.Value ?? '').length > 256) throw new ServiceError('ValidationException', 'Invalid tag.');
        }
        for (const tag of tags) s.tags.set(tag.Key!, tag.Value ?? '');
        s.lastChangedDate = nowSeconds();
        return {};
      },
    },
    options,
  );
  return {
    ...server,
    seed: (name, value) => void put(name, value),
    setLastChanged: (id, date) => {
      const s = find(id);
      const at = date.getTime() / 1000;
      s.current.createdDate = at;
      s.lastChangedDate = at;
      s.createdDate = Math.min(s.createdDate, at);
    },
  };
}
