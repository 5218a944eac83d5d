/* Implemented by rawAnswers (lambdas/aws/workflowPorts.ts), objects in the data bucket. */

/** The vendors' raw answers, kept as they came (jobLayout.rawResults). */
export interface RawAnswers {
  put(jobId: string, batchId: string, round: number, raw: unknown): Promise<void>;
}
