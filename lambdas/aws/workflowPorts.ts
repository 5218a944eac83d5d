import type { Log } from '../app/ports';
import { jobLayout } from '../core/jobLayout';
import { BatchesRepository } from './batchesRepository';
import { JobsRepository } from './jobsRepository';
import { invocationLogger } from './logger';
import { putJson } from './s3';

/*
 * The AWS adapters behind the workflow's ports (lambdas/app/ports.ts), built from the handler's configuration.
 * One function per port, so each handler builds only what its use case takes.
 */

export const batchStore = (table: string) => new BatchesRepository(table);

export const jobStore = (table: string, leadDataExpiryDays: number) => new JobsRepository(table, leadDataExpiryDays);

export const rawAnswers = (bucket: string) => ({
  put: (jobId: string, batchId: string, round: number, raw: unknown) => putJson(bucket, jobLayout(jobId).rawResults(batchId, round), raw),
});

export function invocationLog(keys: Record<string, string | number>): Log {
  const logger = invocationLogger(keys);
  return {
    debug: (message, fields) => (fields ? logger.debug(message, fields) : logger.debug(message)),
    info: (message, fields) => (fields ? logger.info(message, fields) : logger.info(message)),
    warn: (message, fields) => (fields ? logger.warn(message, fields) : logger.warn(message)),
  };
}
