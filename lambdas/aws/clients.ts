import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

/*
 * Clients are created on first use, not at import: the local runtime sets AWS_ENDPOINT_URL_* before the first
 * call, and Lambda functions that never touch a service do not pay for its client at cold start.
 */
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

export const documentClient = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const s3Client = lazy(
  () =>
    new S3Client({
      // Local S3 emulators only understand path-style addressing; AWS accepts it too.
      forcePathStyle: process.env.LEADFLOW_S3_FORCE_PATH_STYLE === 'true',
      // Streamed uploads are stored corrupted by s3rver with the newer default checksums (docs/toolchain.md, s3rver).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
);

export const sfnClient = lazy(() => new SFNClient({}));

export const eventBridgeClient = lazy(() => new EventBridgeClient({}));
