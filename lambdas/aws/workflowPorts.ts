import type { Log } from '../app/ports';
import { jobLayout } from '../core/jobLayout';
import { BatchesRepository } from './batchesRepository';
import { JobsRepository } from './jobsRepository';
import { invocationLogger } from './logger';
import { copyObject, openObjectWriter, putJson, putJsonLines, readJsonIfExists, readJsonLines, readJsonLinesIfExists } from './s3';
import { openStepResults } from './stepResults';
import type { PlanStep } from '../core/plan';
import type { RowStatus } from '../core/enrichedFields';
import type { RoundFiles } from '../app/collectRound';
import type { StepRecord } from '../core/batcher';
import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from './clients';

/*
 * The AWS adapters behind the workflow's ports (lambdas/app/ports), built from the handler's configuration.
 * One function per port, so each handler builds only what its use case takes.
 */

export const batchStore = (table: string) => new BatchesRepository(table);

export const jobStore = (table: string, leadDataExpiryDays: number) => new JobsRepository(table, leadDataExpiryDays);

export const rawAnswers = (bucket: string) => ({
  put: (jobId: string, batchId: string, round: number, raw: unknown) => putJson(bucket, jobLayout(jobId).rawResults(batchId, round), raw),
});

/** A round's files under the job's prefix (jobLayout). */
export const roundFiles = (bucket: string): RoundFiles => ({
  readSent: (jobId, batchId, round) => readJsonLines<StepRecord>(bucket, jobLayout(jobId).sent(batchId, round)),
  putResults: (jobId, batchId, round, results) => putJsonLines(bucket, jobLayout(jobId).results(batchId, round), results),
  putRetry: (jobId, batchId, records) => putJsonLines(bucket, jobLayout(jobId).retryBatch(batchId), records),
});

export function invocationLog(keys: Record<string, string | number>): Log {
  const logger = invocationLogger(keys);
  return {
    debug: (message, fields) => (fields ? logger.debug(message, fields) : logger.debug(message)),
    info: (message, fields) => (fields ? logger.info(message, fields) : logger.info(message)),
    warn: (message, fields) => (fields ? logger.warn(message, fields) : logger.warn(message)),
    error: (message, fields) => (fields ? logger.error(message, fields) : logger.error(message)),
  };
}

/** Task tokens die when Await times out; the poll loop picks the results up, so these are not errors. */
const STALE_TOKEN_ERRORS = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/** Resumes a parked Await (a callback's only effect); a token that already lapsed is no error. */
export const wakeTask = (taskToken: string): Promise<void> =>
  sfnClient()
    .send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))
    .then(
      () => undefined,
      (error: Error) => {
        if (!STALE_TOKEN_ERRORS.has(error.name)) throw error;
      },
    );

/** The job's files in the data bucket, by key (jobLayout): what Merge, PlanStep and Reprocess read and write. */
export const jobFiles = (bucket: string) => ({
  readJsonIfExists: <T>(key: string) => readJsonIfExists<T>(bucket, key),
  readJsonLines: <T>(key: string) => readJsonLines<T>(bucket, key),
  readJsonLinesIfExists: <T>(key: string) => readJsonLinesIfExists<T>(bucket, key),
  openWriter: (key: string, contentType: string) => openObjectWriter(bucket, key, contentType),
  putJson: (key: string, value: unknown) => putJson(bucket, key, value),
  putJsonLines: (key: string, lines: readonly unknown[]) => putJsonLines(bucket, key, lines),
  copy: (from: string, to: string) => copyObject(bucket, from, to),
});

/** A plan step's answers, folded onto the leads (lambdas/aws/stepResults.ts). */
export const stepResultsOf = (bucket: string, batchesTable: string) => (jobId: string, step: number, planStep: PlanStep | undefined, unfinished: RowStatus) =>
  openStepResults(bucket, batchesTable, jobId, step, planStep, unfinished);
