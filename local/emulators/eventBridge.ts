import { randomUUID } from 'node:crypto';
import { startJsonProtocolServer, type JsonProtocolServer } from './jsonProtocolServer';
import type { LocalCredentials } from './sigv4';

/** An event as a rule target receives it from EventBridge. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

/** PutEvents on the real JSON 1.1 protocol; each accepted entry is handed to `onEvent` as a rule would. */
export function startEventBridgeEmulator(
  onEvent: (event: DeliveredEvent) => void,
  options: { credentials?: LocalCredentials } = {},
): Promise<JsonProtocolServer> {
  return startJsonProtocolServer(
    'AWSEvents',
    'application/x-amz-json-1.1',
    {
      PutEvents: (input) => {
        const entries = (input.Entries as { Source: string; DetailType: string; Detail: string; Resources?: string[] }[]) ?? [];
        const ids = entries.map((entry) => {
          const id = randomUUID();
          onEvent({
            version: '0',
            id,
            'detail-type': entry.DetailType,
            source: entry.Source,
            account: '000000000000',
            time: new Date().toISOString(),
            region: 'us-east-1',
            resources: entry.Resources ?? [],
            detail: JSON.parse(entry.Detail) as unknown,
          });
          return { EventId: id };
        });
        return { FailedEntryCount: 0, Entries: ids };
      },
    },
    options,
  );
}
