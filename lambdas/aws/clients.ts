import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

import { lazy } from './lazy';

// Clients are created on first use (lazy): the local runtime sets AWS_ENDPOINT_URL_* before the first call.

export const documentClient = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

let s3Settings: S3ClientConfig = {};

/**
 * Settings an S3 emulator needs and AWS does not (local/emulators/s3.ts, S3_EMULATOR_CLIENT). Only the local
 * runtime calls it, before the first S3 request: deployed code runs with the SDK's defaults.
 */
export function useS3ClientSettings(settings: S3ClientConfig): void {
  s3Settings = settings;
}

export const s3Client = lazy(() => new S3Client(s3Settings));

export const sfnClient = lazy(() => new SFNClient({}));

export const eventBridgeClient = lazy(() => new EventBridgeClient({}));
