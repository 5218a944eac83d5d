import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf-8');
}

/**
 * A loopback endpoint for services on the AWS JSON protocol (`X-Amz-Target: <prefix>.<Operation>`), enough
 * for the real SDK clients to talk to an in-process emulator. Written here because npm has no emulator for
 * Secrets Manager or for Step Functions' task-token API that runs without Docker.
 */
export async function startJsonProtocolServer(
  targetPrefix: string,
  contentType: string,
  operations: Record<string, Operation>,
): Promise<JsonProtocolServer> {
  const server: Server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(`${targetPrefix}.`) ? target.slice(targetPrefix.length + 1) : '';
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': contentType });
      res.end(JSON.stringify(body));
    };
    const operation = operations[name];
    if (!operation) return reply(400, { __type: 'UnknownOperationException', message: `Unsupported operation ${target}` });
    try {
      const raw = await readBody(req);
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
