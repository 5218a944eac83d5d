import { randomUUID } from 'node:crypto';
import { ServiceError, startJsonProtocolServer, type JsonProtocolServer } from './jsonProtocolServer';

interface StoredSecret {
  name: string;
  arn: string;
  value: string;
  versionId: string;
  createdDate: number;
  lastChangedDate: number;
  description?: string;
}

export interface SecretsManagerEmulator extends JsonProtocolServer {
  /** Seeds a secret directly, as an operator would have done before the first job. */
  seed(name: string, value: string): void;
}

/**
 * The Secrets Manager operations Leadflow uses, on the real JSON protocol, so handlers read secrets through the
 * real SDK client and Powertools exactly as on AWS. Values stay in memory only.
 */
export async function startSecretsManagerEmulator(region = 'local'): Promise<SecretsManagerEmulator> {
  const secrets = new Map<string, StoredSecret>();
  const arnFor = (name: string) => `arn:aws:secretsmanager:${region}:000000000000:secret:${name}-${randomUUID().slice(0, 6)}`;
  const find = (id: unknown): StoredSecret => {
    const secret = secrets.get(String(id)) ?? [...secrets.values()].find((s) => s.arn === id);
    if (!secret) throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const put = (name: string, value: string, description?: string): StoredSecret => {
    const now = Date.now() / 1000;
    const existing = secrets.get(name);
    const secret: StoredSecret = {
      name,
      arn: existing?.arn ?? arnFor(name),
      value,
      versionId: randomUUID(),
      createdDate: existing?.createdDate ?? now,
      lastChangedDate: now,
      description: description ?? existing?.description,
    };
    secrets.set(name, secret);
    return secret;
  };

  const server = await startJsonProtocolServer('secretsmanager', 'application/x-amz-json-1.1', {
    CreateSecret: (input) => {
      const name = String(input.Name);
      if (secrets.has(name)) throw new ServiceError('ResourceExistsException', 'The secret already exists.');
      const s = put(name, String(input.SecretString ?? ''), input.Description as string | undefined);
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId };
    },
    PutSecretValue: (input) => {
      const s = put(find(input.SecretId).name, String(input.SecretString ?? ''));
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId, VersionStages: ['AWSCURRENT'] };
    },
    GetSecretValue: (input) => {
      const s = find(input.SecretId);
      return { ARN: s.arn, Name: s.name, VersionId: s.versionId, SecretString: s.value, VersionStages: ['AWSCURRENT'], CreatedDate: s.lastChangedDate };
    },
    DescribeSecret: (input) => {
      const s = find(input.SecretId);
      return { ARN: s.arn, Name: s.name, Description: s.description, CreatedDate: s.createdDate, LastChangedDate: s.lastChangedDate };
    },
  });
  return { ...server, seed: (name, value) => void put(name, value) };
}
