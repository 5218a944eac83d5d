import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readBoundedBody } from './boundedBody';
import { verifySigV4, type LocalCredentials } from './sigv4';

/** An AWS-style service error: the SDK turns `__type` into the thrown error's name. */
export class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

export type Operation = (input: Record<string, unknown>) => unknown | Promise<unknown>;

export interface JsonProtocolServer {
  url: string;
  close(): Promise<void>;
}

/** More than any request of these APIs carries (a secret is at most 64 KB, an event batch 256 KB). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A loopback endpoint for services on the AWS JSON protocol (`X-Amz-Target: <prefix>.<Operation>`), enough
 * for the real SDK clients to talk to an in-process emulator. Written here because npm has no emulator for
 * Secrets Manager or for Step Functions' task-token API that runs without Docker.
 */
export async function startJsonProtocolServer(
  targetPrefix: string,
  contentType: string,
  operations: Record<string, Operation>,
  /** with credentials, only requests signed with them are answered (local/emulators/sigv4.ts) */
  options: { credentials?: LocalCredentials } = {},
): Promise<JsonProtocolServer> {
  const server: Server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : '';
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(JSON.stringify(body));
    };
    try {
      const body = await readBoundedBody(req, MAX_BODY_BYTES);
      if (!body) return reply(413, { __type: 'RequestEntityTooLargeException', message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes` });
      if (options.credentials) {
        const bodySha256 = createHash('sha256').update(body).digest('hex');
        const verdict = verifySigV4({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers, bodySha256 }, options.credentials, Date.now());
        if (!verdict.ok) {
          const type =
            verdict.code === 'InvalidAccessKeyId' || verdict.code === 'MissingAuthentication' ? 'UnrecognizedClientException' : 'InvalidSignatureException';
          return reply(403, { __type: type, message: verdict.message });
        }
      }
      const operation = operations[name];
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: `Unsupported operation ${target}` });
      const raw = body.toString('utf-8');
      reply(200, (await operation(raw ? (JSON.parse(raw) as Record<string, unknown>) : {})) ?? {});
    } catch (error) {
      if (error instanceof ServiceError) return reply(error.statusCode, { __type: error.type, message: error.message });
      reply(500, { __type: 'InternalFailure', message: 'Emulator error' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
