import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBoundedBody } from './boundedBody';
import { verifySigV4, type LocalCredentials, type Verdict } from './sigv4';

/** Fresh credentials for one process: the emulators answer only requests signed with them. */
export function generateCredentials(): LocalCredentials {
  return { accessKeyId: `LF${randomBytes(9).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64url') };
}

/**
 * A folder only this user can enter (mode 0700), for the emulators' Unix sockets: the emulators themselves listen
 * there, never on a TCP port another local user or a browser page could reach; only their gates do.
 */
export function privateSocketFolder(): { path(name: string): string; remove(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'leadflow-sockets-'));
  return { path: (name) => join(folder, `${name}.sock`), remove: () => rmSync(folder, { recursive: true, force: true }) };
}

export interface GateOptions {
  /** the Unix socket the emulator listens on */
  upstream: string;
  credentials: LocalCredentials;
  /**
   * How the service signs: `json` services sign the body's hash (the gate reads the body, at most maxBodyBytes);
   * `s3` states it in x-amz-content-sha256 or presigns, and bodies stream through untouched.
   */
  kind: 'json' | 's3';
  /** how a refusal is written, in the service's own error format */
  refuse(res: ServerResponse, verdict: Exclude<Verdict, { ok: true }>): void;
  /** changes a verified request before it goes on (the S3 emulator knows only its own access key) */
  rewrite?(req: IncomingMessage): { url: string; headers: IncomingMessage['headers'] };
  /** answers a request that carries no signature itself, or returns false to refuse it (S3's POST uploads) */
  unsigned?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  maxBodyBytes?: number;
  now?: () => number;
}

export interface Gate {
  url: string;
  close(): Promise<void>;
}

/**
 * An authenticating front for one emulator, on 127.0.0.1: it verifies every request's AWS Signature Version 4
 * against this process's generated credentials (local/emulators/sigv4.ts), refuses the rest in the service's own
 * error format, and forwards the verified ones to the emulator's private socket.
 */
export async function startAuthGate(options: GateOptions): Promise<Gate> {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    const signed = req.headers.authorization !== undefined || /[?&]X-Amz-Signature=/.test(target.url);
    if (!signed && options.unsigned) {
      if (await options.unsigned(req, res)) return;
    }
    let body: Buffer | undefined;
    let bodySha256: string | undefined;
    if (options.kind === 'json') {
      body = await readBoundedBody(req, maxBodyBytes);
      if (!body) {
        req.destroy();
        return void options.refuse(res, { ok: false, code: 'AccessDenied', message: `Request bodies are limited to ${maxBodyBytes} bytes.` });
      }
      bodySha256 = createHash('sha256').update(body).digest('hex');
    } else if (req.headers.authorization !== undefined && req.headers['x-amz-content-sha256'] === undefined) {
      return void options.refuse(res, { ok: false, code: 'AccessDenied', message: 'A signed S3 request must carry x-amz-content-sha256.' });
    }
    const verdict = verifySigV4({ ...target, bodySha256 }, options.credentials, now());
    if (!verdict.ok) {
      req.resume();
      return options.refuse(res, verdict);
    }
    const onward = options.rewrite?.(req) ?? { url: target.url, headers: req.headers };
    await forward(options.upstream, { method: target.method, ...onward }, body ?? req, res);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends the request on to the emulator's socket and its answer back, both streamed. */
export function forward(
  socketPath: string,
  request: { method: string; url: string; headers: IncomingMessage['headers'] },
  body: Buffer | NodeJS.ReadableStream,
  res: ServerResponse,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const upstream = httpRequest({ socketPath, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', resolve);
      answer.on('error', reject);
    });
    upstream.on('error', reject);
    if (Buffer.isBuffer(body)) upstream.end(body);
    else body.pipe(upstream);
  });
}
