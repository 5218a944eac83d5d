import type { z } from '@hono/zod-openapi';
import type { JobRecord } from '../core/job';
import type { JobOptions } from '../core/jobOptions';
import { VENDORS } from '../core/plan';
import { jobAwsCost, jobShapeOf } from '../core/jobCost';
import { AWS_LIST_PRICES } from '../core/awsPrices';
import { withoutCredentials } from '../core/webhook/withoutCredentials';
import type { JobLinks, JobViewSchema } from './schemas';

export type JobView = z.infer<typeof JobViewSchema>;

export const jobLinks = (jobId: string): z.infer<typeof JobLinks> => ({ self: `/jobs/${jobId}`, results: `/jobs/${jobId}/results` });

/**
 * What a user sees of a job: status, progress, timestamps and the reason it failed. The job row holds ids,
 * counts and options only, never lead data, and the view adds nothing that is not on the row (and drops
 * credentials from a webhook URL, should a row hold one).
 */
export function jobView(job: JobRecord): JobView {
  // Read through an optional property so this compiles whether or not the row type declares the field yet.
  const cancelRequestedAt = (job as { cancelRequestedAt?: string }).cancelRequestedAt;
  return {
    jobId: job.jobId,
    status: job.status,
    ...(job.source !== undefined && { source: job.source }),
    ...(job.owner !== undefined && { owner: job.owner }),
    ...(job.fileName !== undefined && { fileName: job.fileName }),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.completedAt !== undefined && { completedAt: job.completedAt }),
    progress: {
      rows: job.rows ?? 0,
      batchCount: job.batchCount ?? 0,
      batchesDone: job.batchesDone ?? 0,
      batchesFailed: job.batchesFailed ?? 0,
      rowsByStatus: job.rowsByStatus ?? {},
      recordsSent: job.recordsSubmitted ?? 0,
      recordsBilled: job.recordsBilled ?? 0,
      vendors: vendorProgress(job),
    },
    ...(job.intake !== undefined && { intake: job.intake }),
    ...(job.options !== undefined && { options: viewedOptions(job.options) }),
    ...(job.failureReason !== undefined && { error: job.failureReason }),
    ...(cancelRequestedAt !== undefined && { cancelRequested: true }),
    ...(job.rowReasons !== undefined && { reasons: job.rowReasons }),
    ...(job.vendorOutcomes !== undefined && { waterfall: job.vendorOutcomes }),
    // Merge's figure once the job has ended; until then the same model over the counts so far.
    ...(job.rows !== undefined && {
      cost: { usd: job.awsCostUsd ?? jobAwsCost(jobShapeOf(job), AWS_LIST_PRICES).usd, pricesAsOf: AWS_LIST_PRICES.asOf },
    }),
    links: jobLinks(job.jobId),
  };
}

/** The options as chosen, except that a webhook URL is never shown with credentials in it. */
function viewedOptions(options: JobOptions): JobOptions {
  return options.webhookUrl === undefined ? options : { ...options, webhookUrl: withoutCredentials(options.webhookUrl) };
}

/** The vendors a step has been planned for so far (their counters exist on the row), with their counters. */
function vendorProgress(job: JobRecord): JobView['progress']['vendors'] {
  const started = VENDORS.filter((vendor) => [job[`${vendor}Planned`], job[`${vendor}CacheHits`], job[`${vendor}SkippedBudget`]].some((n) => n !== undefined));
  return Object.fromEntries(
    started.map((vendor) => [
      vendor,
      {
        planned: job[`${vendor}Planned`] ?? 0,
        sent: job[`${vendor}Sent`] ?? 0,
        billed: job[`${vendor}Billed`] ?? 0,
        cacheHits: job[`${vendor}CacheHits`] ?? 0,
        skippedBudget: job[`${vendor}SkippedBudget`] ?? 0,
      },
    ]),
  );
}
