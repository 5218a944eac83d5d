import type { JobRecord } from '../aws/jobsRepository';

export const links = (jobId: string) => ({ self: `/jobs/${jobId}`, results: `/jobs/${jobId}/results` });

/** What a user sees of a job: status, progress and counts; the job row holds nothing more sensitive. */
export function jobView(job: JobRecord) {
  return {
    jobId: job.jobId,
    status: job.status,
    source: job.source,
    fileName: job.fileName,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    completedAt: job.completedAt,
    progress: {
      rows: job.rows ?? 0,
      batchCount: job.batchCount ?? 0,
      batchesDone: job.batchesDone ?? 0,
      batchesFailed: job.batchesFailed ?? 0,
      rowsByStatus: job.rowsByStatus ?? {},
      recordsSent: job.recordsSubmitted ?? 0,
      recordsBilled: job.recordsBilled ?? 0,
    },
    options: job.options,
    error: job.failureReason,
    cancelRequested: job.cancelRequestedAt ? true : undefined,
    links: links(job.jobId),
  };
}
