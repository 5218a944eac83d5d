import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeClient } from './clients';

export const JOB_COMPLETED = { source: 'leadflow', detailType: 'Leadflow Job Completed' } as const;

/** What a "Leadflow Job Completed" event carries: ids, status and counts, never lead data. */
export interface JobCompletedDetail {
  jobId: string;
  status: string;
  rows: number;
  rowsByStatus: Record<string, number>;
  uniqueLeads: number;
  recordsBilled: number;
  failureReason?: string;
}

export async function publishJobCompleted(eventBusName: string, detail: JobCompletedDetail): Promise<void> {
  const out = await eventBridgeClient().send(
    new PutEventsCommand({
      Entries: [{ EventBusName: eventBusName, Source: JOB_COMPLETED.source, DetailType: JOB_COMPLETED.detailType, Detail: JSON.stringify(detail) }],
    }),
  );
  if ((out.FailedEntryCount ?? 0) > 0) throw new Error(`EventBridge refused the completion event: ${out.Entries?.[0]?.ErrorCode ?? 'unknown'}`);
}
