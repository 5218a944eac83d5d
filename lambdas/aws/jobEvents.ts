import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeClient } from './clients';
import type { JobCompletedDetail } from '../core/job';

export const JOB_COMPLETED = { source: 'leadflow', detailType: 'Leadflow Job Completed' } as const;

export async function publishJobCompleted(eventBusName: string, detail: JobCompletedDetail): Promise<void> {
  const out = await eventBridgeClient().send(
    new PutEventsCommand({
      Entries: [{ EventBusName: eventBusName, Source: JOB_COMPLETED.source, DetailType: JOB_COMPLETED.detailType, Detail: JSON.stringify(detail) }],
    }),
  );
  if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`EventBridge refused the completion event: ${out.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
}
