import type { IntakeView } from './intakeView';
import type { JobOptions } from './jobOptions';
import type { Vendor } from './plan';

/*
 * A job as every layer sees it: its states, where it came from, its counters and its record. Ids, timestamps and
 * counts only, never lead data. The DynamoDB adapter (lambdas/aws/jobsRepository.ts) stores it; the job API and
 * the use cases read it from here.
 */

/** Per-vendor counters on the job row (flat attributes, so concurrent batches can ADD to them atomically). */
/**
 * `Resent`: rounds sent again after an uncertain attempt's grace window passed without a callback (each may have
 * bought the round twice); `Recovered`: uncertain rounds adopted from the vendor's callback instead (docs/vendors.md).
 */
export const VENDOR_COUNTERS = ['Planned', 'Sent', 'Billed', 'CacheHits', 'SkippedBudget', 'Resent', 'Recovered', 'Unmapped'] as const;
export type VendorCounter = `${Vendor}${(typeof VENDOR_COUNTERS)[number]}`;
export type JobCounter = 'batchCount' | 'batchesDone' | 'batchesFailed' | 'recordsSubmitted' | 'recordsBilled' | VendorCounter;

export const JOB_STATUSES = ['AWAITING_UPLOAD', 'PREPARING', 'RUNNING', 'COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_SOURCES = ['api', 'upload', 'inbox', 'herobase', 'cli'] as const;
export type JobSource = (typeof JOB_SOURCES)[number];

/** The job row: ids, timestamps and counts only; never lead data. */
export interface JobRecord extends Partial<Record<VendorCounter, number>> {
  jobId: string;
  status: JobStatus;
  inputKey: string;
  createdAt: string;
  updatedAt: string;
  options?: JobOptions;
  source?: JobSource;
  /** original file name, shown to the user; never parsed */
  fileName?: string;
  /** the id of the API key that created the job; none for drop-folder and CLI jobs (operators see those) */
  owner?: string;
  /** the ETag of the input the job started with (from the S3 event): Prepare reads that version only */
  inputETag?: string;
  rows?: number;
  uniqueLeads?: number;
  duplicates?: number;
  rejected?: number;
  /** what intake understood of the file (mapping by position, preamble): field names, positions, header names */
  intake?: IntakeView & { reportFooters: number; raggedRows: number; refused?: true };
  /** the plan step whose lead states (jobLayout.leads) were written last */
  leadsStep?: number;
  batchCount?: number;
  batchesDone?: number;
  batchesFailed?: number;
  recordsSubmitted?: number;
  recordsBilled?: number;
  rowsByStatus?: Record<string, number>;
  /** rows rejected, failed or skipped, by reason (Merge: the summary's counts) */
  rowReasons?: RowReasons;
  /** the job's AWS cost at list prices, from its own counts, as Merge put it in summary.json (lambdas/core/jobCost.ts) */
  awsCostUsd?: number;
  /** per vendor of the plan, over the rows its steps applied to: what it found (Merge) */
  vendorOutcomes?: Partial<Record<Vendor, VendorOutcome>>;
  failureReason?: string;
  outputs?: Record<string, string>;
  completedAt?: string;
  cancelRequestedAt?: string;
  /** vendors that refused a submission for lack of credits during this job: later batches are not sent to them */
  outOfCredits?: Vendor[];
  /** how often the job was resumed after it stopped, or its kept answers read again (lambdas/app/followUp.ts) */
  resumes?: number;
  reprocesses?: number;
  expiresAt: number;
}

/** Rows by reason, per outcome that has one; the reasons are Leadflow's own words ("invalid email"), never a value. */
export interface RowReasons {
  rejected: Record<string, number>;
  failed: Record<string, number>;
  skipped: Record<string, number>;
}

/** Of the rows a vendor's step applied to: found something for, found nothing for, answered from the cache. */
export interface VendorOutcome {
  rows: number;
  found: number;
  notFound: number;
  fromCache: number;
}

/** A job has ended once nothing will change it any more: its results (if any) are final. */
export const ENDED_STATUSES = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const satisfies readonly JobStatus[];
export type EndedStatus = (typeof ENDED_STATUSES)[number];

export const isEnded = (status: JobStatus): status is EndedStatus => (ENDED_STATUSES as readonly JobStatus[]).includes(status);

export interface NewJobRecord {
  jobId: string;
  inputKey: string;
  status?: Extract<JobStatus, 'AWAITING_UPLOAD' | 'PREPARING' | 'FAILED'>;
  options?: JobOptions;
  source?: JobSource;
  fileName?: string;
  owner?: string;
  inputETag?: string;
  failureReason?: string;
}

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
