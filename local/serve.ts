import { serve as serveHttp } from '@hono/node-server';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../lambdas/api/app';
import { CONSOLE_PATH, createConsoleApp, isConsolePath } from '../lambdas/console/assets';
import { CONSOLE_ASSETS } from '../lambdas/console/assets.generated';
import type { ApiKeyEntry } from '../lambdas/api/caller';
import { awsApiPorts } from '../lambdas/aws/apiPorts';
import { s3Client } from '../lambdas/aws/clients';
import { INBOX_PREFIX, SIDECAR_SUFFIX } from '../lambdas/core/dropFolder';
import { watchInbox } from './inboxWatcher';
import { OPERATOR_KEY_ID, parseTeamKeys } from './teamKeys';
import { LocalRuntime, type LocalRuntimeOptions } from './runtime';

export interface ServeOptions extends LocalRuntimeOptions {
  port?: number;
  inboxDir: string;
  /** the operator's key, which sees every job; defaults to LEADFLOW_API_KEY, else a fresh random key */
  apiKey?: string;
  /** keys of teams that each see only their own jobs; defaults to LEADFLOW_TEAM_KEYS (local/teamKeys.ts) */
  teamKeys?: ApiKeyEntry[];
}

export interface Server {
  url: string;
  /** the web console: url + /console */
  consoleUrl: string;
  apiKey: string;
  /** names of the team keys, each seeing only its own jobs */
  teams: string[];
  runtime: LocalRuntime;
  close(): Promise<void>;
}

/**
 * `leadflow serve`: the job API on 127.0.0.1 (the same application API Gateway fronts, here with an
 * `x-api-key` check) and a watched inbox folder feeding the drop-folder path through the local S3 bucket, with
 * jobs running on the embedded runtime.
 */
export async function startServer(options: ServeOptions): Promise<Server> {
  const apiKey = options.apiKey || process.env.LEADFLOW_API_KEY || randomBytes(24).toString('base64url');
  const teamKeys = options.teamKeys ?? parseTeamKeys(process.env.LEADFLOW_TEAM_KEYS);
  if (teamKeys.some((team) => team.key === apiKey)) throw new Error("A team key must differ from the operator's API key");
  const keys = [{ id: OPERATOR_KEY_ID, key: apiKey, operator: true }, ...teamKeys];
  const runtime = await LocalRuntime.start(options);
  // Webhook receivers on this machine listen on loopback, over plain http.
  const app = createApiApp(awsApiPorts(), {
    auth: { kind: 'keys', keys },
    webhooks: { allowPrivateHosts: true, allowHttp: true },
    maxUploadBytes: Number(runtime.deployment.environment.MAX_INPUT_BYTES),
  });
  // The web console at /console, without a key as on AWS: the page holds no data and calls the API with the user's key.
  const webConsole = createConsoleApp(CONSOLE_ASSETS);
  const fetch = (request: Request) => (isConsolePath(new URL(request.url).pathname) ? webConsole.fetch(request) : app.fetch(request));
  const http = await new Promise<ReturnType<typeof serveHttp>>((resolve) => {
    const s = serveHttp({ fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const bucket = runtime.deployment.environment.DATA_BUCKET!;
  const inbox = await watchInbox(options.inboxDir, async (path, name) => {
    // Sidecars go up as they are; a data file's upload fires the S3 event that starts its job.
    const key = `${INBOX_PREFIX}${name}`;
    const { size } = await stat(path);
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(path), ContentLength: size }));
    if (!name.endsWith(SIDECAR_SUFFIX)) process.stderr.write(`leadflow: inbox: ${name} uploaded\n`);
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    consoleUrl: `${url}${CONSOLE_PATH}`,
    apiKey,
    teams: teamKeys.map((team) => team.id),
    runtime,
    async close() {
      inbox.close();
      await new Promise((resolve) => http.close(resolve));
      await runtime.close();
    },
  };
}
