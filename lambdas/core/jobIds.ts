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

/*
 * A resumed job runs in a new execution (names are unique per state machine): the job id, then a resume count.
 * Rules on execution events (lib/job-events.ts) pass the execution name; Merge reads the job id back from it.
 */
const RESUMED = /^(.+)--resume-\d+$/;

export const resumeExecutionName = (jobId: string, resume: number) => `${jobId}--resume-${resume}`;

export const jobIdOfExecution = (name: string) => RESUMED.exec(name)?.[1] ?? name;
