import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
// dynalite ships no types; its factory returns a node http.Server.
import dynalite from 'dynalite';

export interface DynamoDbEmulator {
  url: string;
  createTable(input: CreateTableCommandInput): Promise<void>;
  close(): Promise<void>;
}

/** DynamoDB in process (dynalite, in memory): conditional writes, ADD counters and queries behave as on AWS. */
export async function startDynamoDbEmulator(): Promise<DynamoDbEmulator> {
  const server = (dynalite as (options: Record<string, unknown>) => Server)({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint: url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    url,
    async createTable(input) {
      await client.send(new CreateTableCommand(input));
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
