import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { Agent } from 'node:http';

import { lazy } from './lazy';

// Clients are created on first use (lazy): the local runtime sets AWS_ENDPOINT_URL_* before the first call.

export interface LocalClientSettings {
  /** what an S3 emulator needs and AWS does not (local/emulators/s3.ts, S3_EMULATOR_CLIENT) */
  s3: S3ClientConfig;
  /**
   * Sockets each client may open to its endpoint. On Lambda every container has its own clients, each with the
   * SDK's pool of 50; one local process stands in for all of a run's containers, so it needs the pools of many.
   */
  maxSockets: number;
}

let local: LocalClientSettings | undefined;

/**
 * Settings for the local runtime's emulators on loopback. Only the local runtime calls it, before the first
 * request: deployed code runs with the SDK's defaults.
 */
export function useLocalClientSettings(settings: LocalClientSettings): void {
  local = settings;
}

/** What every client is made with: the SDK's defaults on AWS, the local settings under the local runtime. */
export const common = () => (local ? { requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: local.maxSockets }) } } : {});

export const documentClient = /* @__PURE__ */ lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(common()), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

export const s3Client = /* @__PURE__ */ lazy(() => new S3Client({ ...common(), ...local?.s3 }));

export const sfnClient = /* @__PURE__ */ lazy(() => new SFNClient(common()));

export const eventBridgeClient = /* @__PURE__ */ lazy(() => new EventBridgeClient(common()));
