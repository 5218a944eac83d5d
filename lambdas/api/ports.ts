import type { JobRecord, JobSource, JobStatus } from '../core/job';
import type { JobOptions } from '../core/jobOptions';
import type { FollowUp } from '../core/jobIds';
import type { JobEstimate } from '../core/estimate';
import type { Vendor } from '../core/plan';
import type { TokenVersion } from '../app/ports/tokenSecrets';

/** The job API's view of the outside world; AWS adapters in lambdas/aws, fakes in unit tests. */
export interface NewJob {
  jobId: string;
  status: Extract<JobStatus, 'AWAITING_UPLOAD' | 'PREPARING'>;
  inputKey: string;
  source: JobSource;
  fileName?: string;
  options: JobOptions;
  /** the id of the API key that created the job (lambdas/api/caller.ts) */
  owner: string;
}

export interface JobListQuery {
  /** only the jobs of this key; every job when undefined (an operator) */
  owner?: string;
  status?: JobStatus;
  /** ISO 8601; only jobs created strictly after */
  createdAfter?: string;
  limit: number;
  /** opaque, from a previous page's nextCursor */
  cursor?: string;
}

export interface JobStore {
  get(jobId: string): Promise<JobRecord | undefined>;
  /** Creates the job; returns the existing one when the id is taken (a replayed request). */
  create(job: NewJob): Promise<JobRecord>;
  /** Newest first. */
  list(query: JobListQuery): Promise<{ jobs: JobRecord[]; nextCursor?: string }>;
  /** Records a cancellation request; false if the job already ended. */
  requestCancel(jobId: string): Promise<boolean>;
  /** Reopens an ended job for a follow-up; its number, or undefined when the job is in a state that allows none. */
  reopen(jobId: string, kind: FollowUp): Promise<number | undefined>;
  /** Puts back a job reopened for a follow-up whose execution never started: its status and failure reason. */
  restore(jobId: string, job: Pick<JobRecord, 'status' | 'failureReason'>): Promise<void>;
}

export interface ObjectStore {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /**
   * A presigned POST of exactly this key: S3 refuses a file over `maxBytes`, an empty one, or another content type.
   * `fields` go into the multipart form before the file.
   */
  presignPost(key: string, contentType: string, maxBytes: number, expiresInSeconds: number): Promise<{ url: string; fields: Record<string, string> }>;
  /** Deletes the object (an estimated file, once estimated). */
  remove(key: string): Promise<void>;
  /** A GET URL that downloads under `fileName`. */
  presignGet(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

export interface Executions {
  /** Starts the job's execution, named after the job: a second start of the same job is a no-op. */
  start(jobId: string, inputKey: string): Promise<'started' | 'already_started'>;
  /** Starts follow-up number `count` of an ended job: a new execution (lambdas/app/followUp.ts). */
  followUp(jobId: string, inputKey: string, kind: FollowUp, count: number): Promise<'started' | 'already_started'>;
}

/** The vendor secrets' metadata (never a value), for GET /tokens. */
export interface TokenStatusSource {
  /** The current version of the vendor's secret; undefined when the deployment names none. */
  describe(vendor: Vendor): Promise<TokenVersion | undefined>;
}

/** The estimate function (lambdas/handlers/estimate.ts): a file's estimate, or its LeadFileError / ColumnMappingError. */
export interface Estimator {
  estimate(inputKey: string, options: JobOptions): Promise<JobEstimate>;
}

export interface ApiPorts {
  jobs: JobStore;
  /** absent: GET /tokens lists every vendor as not configured */
  tokens?: TokenStatusSource;
  objects: ObjectStore;
  executions: Executions;
  estimates: Estimator;
  newJobId(): string;
  now(): Date;
}
