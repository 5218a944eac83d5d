import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { handler as callbackHandler } from '../lambdas/handlers/callback';
import { toApiGatewayEvent } from './apiGatewayEvent';
import type { UsageMeter } from './usageMeter';

export interface CallbackServer {
  /** the local equivalent of the API stage URL the CDK stack hands to Submit as CALLBACK_BASE_URL */
  baseUrl: string;
  close(): Promise<void>;
}

export const MAX_CALLBACK_BYTES = 64 * 1024;

/** The callback route of the REST API on loopback, invoking the same Lambda handler API Gateway would. */
export async function startCallbackServer(meter: UsageMeter): Promise<CallbackServer> {
  const app = new Hono();
  const { callback } = meter.timed({ callback: callbackHandler });
  const resource = '/callbacks/{vendor}/{jobId}/{batchId}';
  // A vendor's callback is a few hundred bytes; anything far larger is not one, and is not read into memory.
  app.use('*', bodyLimit({ maxSize: MAX_CALLBACK_BYTES, onError: (c) => c.text('Payload Too Large', 413) }));
  app.post('/callbacks/:vendor/:jobId/:batchId', async (c) => {
    meter.apiRequest();
    const result = await callback(await toApiGatewayEvent(c, resource));
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
