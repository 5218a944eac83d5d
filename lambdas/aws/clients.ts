import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

import { lazy } from './lazy';

// Clients are created on first use (lazy): the local runtime sets AWS_ENDPOINT_URL_* before the first call.

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
