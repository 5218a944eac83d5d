import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { handler as callbackHandler } from '../lambdas/handlers/callback';
import { toApiGatewayEvent } from './apiGatewayEvent';

export interface CallbackServer {
  /** the local equivalent of the API stage URL the CDK stack hands to Submit as CALLBACK_BASE_URL */
  baseUrl: string;
  close(): Promise<void>;
}

/** The callback route of the REST API on loopback, invoking the same Lambda handler API Gateway would. */
export async function startCallbackServer(): Promise<CallbackServer> {
  const app = new Hono();
  const resource = '/callbacks/{vendor}/{jobId}/{batchId}';
  app.post('/callbacks/:vendor/:jobId/:batchId', async (c) => {
    const result = await callbackHandler(await toApiGatewayEvent(c, resource));
    return c.body(result.body, result.statusCode as 200, result.headers as Record<string, string>);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
