import type { BatchRecord } from '../core/batch';
import type { JobRecord } from '../core/job';
import type { Vendor } from '../core/plan';
import type { VendorStep } from '../aws/vendorSteps/types';

/*
 * The small ports the workflow's use cases are written against (lambdas/app/*). The AWS adapters implement them
 * (lambdas/aws); unit tests give in-memory ones (test/app/fakes.ts). Each use case picks only what it calls.
 */

/** What a use case logs: ids and counts only, never lead data (lambdas/aws/logger.ts). */
export interface Log {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The batch rows of a job (lambdas/aws/batchesRepository.ts). */
export interface BatchStore {
  get(jobId: string, batchId: string): Promise<BatchRecord>;
  incrementPollCount(batch: BatchRecord): Promise<number>;
}

/** The job rows (lambdas/aws/jobsRepository.ts). */
export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** the first reason wins: a later, derivative error must not hide the one a user can act on */
  recordFailureReason(jobId: string, reason: string): Promise<void>;
}

/** The vendor adapter of a batch's plan step. */
export type VendorSteps = (vendor: Vendor) => Pick<VendorStep, 'callsBack' | 'poll'>;

/** The vendors' raw answers, kept as they came (jobLayout.rawResults). */
export interface RawAnswers {
  put(jobId: string, batchId: string, round: number, raw: unknown): Promise<void>;
}

/** Milliseconds since the epoch: the runtime's clock (scaled in local runs), a fixed one in unit tests. */
export type Clock = () => number;

/** What every state of a batch gets from the distributed Map (lib/workflow.ts). */
export interface BatchStepInput {
  jobId: string;
  batchId: string;
}

/** Where the batch stands after Submit or Poll: the state machine's choices read these. */
export interface BatchProgress {
  /** the round is with the vendor (false: the shared rate limit had no room, or an uncertain round waits for its callback) */
  sent: boolean;
  ready: boolean;
  waitSeconds: number;
  /** the vendor calls back, so waiting parks a task token (Await) instead of sleeping */
  callsBack: boolean;
}
