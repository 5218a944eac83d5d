import { createHash } from 'node:crypto';

/**
 * A job id that is a pure function of `seed`, in UUID form (RFC 9562 version 8, name-based with SHA-256), so
 * the same request or the same S3 object always names the same job and execution.
 */
export function deterministicJobId(namespace: string, seed: string): string {
  const hash = createHash('sha256').update(`${namespace}\u0000${seed}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x80;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What a job's later executions do: go on where it stopped, or read its kept vendor answers again. */
export type FollowUp = 'resume' | 'reprocess';

/** The job states each follow-up reopens a job from: a resume goes on where a stop left off; a reprocess re-reads any. */
export const FOLLOW_UP_FROM: Record<FollowUp, readonly ('COMPLETED' | 'PARTIAL' | 'FAILED' | 'CANCELLED')[]> = {
  resume: ['FAILED', 'PARTIAL'],
  reprocess: ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'],
};

/*
 * A job's later executions are new ones (names are unique per state machine): the job id, what it does, a count.
 * Rules on execution events (lib/job-events.ts) pass the execution name; Merge reads the job id back from it.
 */
const FOLLOW_UP = /^(.+)--(?:resume|reprocess)-\d+$/;

export const followUpExecutionName = (jobId: string, kind: FollowUp, count: number) => `${jobId}--${kind}-${count}`;

export const jobIdOfExecution = (name: string) => FOLLOW_UP.exec(name)?.[1] ?? name;

/** The execution input of a follow-up: the state machine's first Choice (lib/workflow.ts) reads the flag. */
export const followUpInput = (jobId: string, inputKey: string, kind: FollowUp) => ({ jobId, inputKey, [kind]: true });
