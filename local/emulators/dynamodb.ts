import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { privateSocketFolder, startAuthGate, type Gate } from './authGate';
import type { LocalCredentials } from './sigv4';
// dynalite ships no types; its factory returns a node http.Server.
import dynalite from 'dynalite';

export interface DynamoDbEmulator {
  url: string;
  /** Creates the table; with `keep`, a table a persisted emulator already holds stays as it was. */
  createTable(input: CreateTableCommandInput, options?: { keep?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** DynamoDB's own answer to a request it cannot authenticate. */
function refuse(res: ServerResponse, verdict: { code: string; message: string }): void {
  const type = verdict.code === 'InvalidAccessKeyId' || verdict.code === 'MissingAuthentication' ? 'UnrecognizedClientException' : 'InvalidSignatureException';
  res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message: verdict.message }));
}

/**
 * DynamoDB in process (dynalite): conditional writes, ADD counters and queries behave as on AWS. In memory, or
 * kept in a LevelDB folder at `path` between runs; one process at a time may hold that folder. With
 * `credentials`, dynalite listens on a private socket and only requests signed with them reach it
 * (local/emulators/authGate.ts); without, it answers anyone on loopback (tests of the emulator alone).
 */
export async function startDynamoDbEmulator(options: { path?: string; credentials?: LocalCredentials } = {}): Promise<DynamoDbEmulator> {
  const server = (dynalite as (options: Record<string, unknown>) => Server)({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path && { path: options.path }),
  });
  const sockets = options.credentials && privateSocketFolder();
  let url: string;
  let gate: Gate | undefined;
  if (sockets && options.credentials) {
    const socket = sockets.path('dynamodb');
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    gate = await startAuthGate({ upstream: socket, credentials: options.credentials, kind: 'json', refuse });
    url = gate.url;
  } else {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const credentials = options.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' };
  const client = new DynamoDBClient({ endpoint: url, region: 'local', credentials });
  return {
    url,
    async createTable(input, { keep = false } = {}) {
      try {
        await client.send(new CreateTableCommand(input));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        if (keep) return;
        // A persisted table of a run that is over: start it afresh, once dynalite has finished deleting it (in the
        // background, item by item).
        await client.send(new DeleteTableCommand({ TableName: input.TableName }));
        for (let look = 0; ; look++) {
          const gone = await client.send(new DescribeTableCommand({ TableName: input.TableName })).then(
            () => false,
            (error: unknown) => {
              if (error instanceof ResourceNotFoundException) return true;
              throw error;
            },
          );
          if (gone) break;
          if (look > 500) throw new Error(`The persisted table ${input.TableName} was not deleted`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await client.send(new CreateTableCommand(input));
      }
    },
    async close() {
      client.destroy();
      await gate?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sockets?.remove();
    },
  };
}
