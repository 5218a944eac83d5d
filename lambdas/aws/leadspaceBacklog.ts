import { createHash } from 'node:crypto';
import { config } from './config';
import { ADAPTER_ENV } from './functionEnvironment';
import { now } from './clock';
import { InFlightLedger } from './inFlightLedger';
import type { BatchIds, LeadspaceBacklog } from '../app/ports';

// Batch ids are Leadflow's own (`s1-b00001`), never with an "@"; job ids may be the caller's.
const holderOf = ({ jobId, batchId }: BatchIds) => `${batchId}@${jobId}`;
const jobOfHolder = (holder: string) => holder.slice(holder.indexOf('@') + 1);

/** The backlog of the account the Leadspace secret names; why it is held, in lambdas/app/ports/leadspaceBacklog.ts. */
export function leadspaceBacklog(): LeadspaceBacklog {
  const env = config(...ADAPTER_ENV.leadspaceBacklog);
  const ledger = new InFlightLedger(env.LIMITS_TABLE, now);
  // The secret's id, hashed: one Leadspace account per secret, and no ARN spelled out in the table.
  const limitKey = `leadspace#${createHash('sha256').update(env.LEADSPACE_SECRET_ID).digest('hex').slice(0, 16)}#backlog`;
  return {
    hold: (batch, records, untilMs) => ledger.hold(limitKey, { holder: holderOf(batch), amount: records, until: untilMs }, env.LEADSPACE_BACKLOG_LEADS),
    release: (batch) => ledger.release(limitKey, (holder) => holder === holderOf(batch)),
    releaseJob: (jobId) => ledger.release(limitKey, (holder) => jobOfHolder(holder) === jobId),
  };
}
