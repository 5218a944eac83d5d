import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readBoundedBody } from './boundedBody';
import type { JsonProtocolServer } from './jsonProtocolServer';
import { verifySigV4, type LocalCredentials } from './sigv4';

/** Lambda's own limit for a synchronous invocation's payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * Lambda's Invoke (request-response) on its REST protocol, for the functions the job API invokes itself (the
 * estimate): the real SDK client calls it, the handler runs in this process. A handler's error is answered as
 * Lambda answers it: 200, `X-Amz-Function-Error: Unhandled`, and `{ errorType, errorMessage }`. npm has no Lambda
 * emulator that runs without Docker, hence this one.
 */
export async function startLambdaEmulator(
  invoke: (functionName: string, event: unknown) => Promise<unknown>,
  options: { credentials: LocalCredentials },
): Promise<JsonProtocolServer> {
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body ?? null));
    };
    try {
      const body = await readBoundedBody(req, MAX_PAYLOAD_BYTES);
      if (!body) return reply(413, { Type: 'User', message: `Request payloads are limited to ${MAX_PAYLOAD_BYTES} bytes` });
      const bodySha256 = createHash('sha256').update(body).digest('hex');
      const verdict = verifySigV4({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, bodySha256 }, options.credentials, Date.now());
      if (!verdict.ok) return reply(403, { message: verdict.message }, { 'x-amzn-errortype': 'UnrecognizedClientException' });
      const name = INVOKE_PATH.exec((req.url ?? '').split('?')[0] ?? '')?.[1];
      if (req.method !== 'POST' || name === undefined)
        return reply(404, { message: 'Unsupported operation' }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
      const event = body.length > 0 ? (JSON.parse(body.toString('utf-8')) as unknown) : {};
      try {
        reply(200, await invoke(decodeURIComponent(name), event));
      } catch (error) {
        const { name: errorType, message: errorMessage } = error as Error;
        reply(200, { errorType, errorMessage }, { 'x-amz-function-error': 'Unhandled' });
      }
    } catch {
      reply(500, { message: 'Emulator error' }, { 'x-amzn-errortype': 'ServiceException' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
