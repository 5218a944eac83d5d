import type { S3Event } from 'aws-lambda';
import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { JobsRepository } from '../aws/jobsRepository';
import { StepFunctionsExecutions } from '../aws/executions';
import { bareETag, readTextIfExists } from '../aws/s3';
import { webhookRulesFromEnv } from '../aws/webhookRules';
import { classifyKey, parseSidecar, SIDECAR_SUFFIX } from '../core/dropFolder';
import { deterministicJobId } from '../core/jobIds';

/** The ETag the event names (S3 always sends one for created objects; a hand-made event may not). */
const eTagOf = (record: S3Event['Records'][number]): string | undefined => (record.s3.object.eTag ? bareETag(record.s3.object.eTag) : undefined);

/**
 * Starts jobs from objects landing in the bucket: a presigned upload (`uploads/<jobId>/…`) starts the job
 * that asked for it; a file dropped in `inbox/` becomes a job of its own. S3 may deliver an event twice: the
 * job id comes from the object (key and ETag) and names the execution, so a replay starts nothing new.
 */
export async function handler(event: S3Event): Promise<void> {
  const env = config('JOBS_TABLE', 'DATA_BUCKET', 'STATE_MACHINE_ARN', 'LEAD_DATA_EXPIRY_DAYS');
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  const executions = new StepFunctionsExecutions(env.STATE_MACHINE_ARN);

  for (const record of event.Records) {
    const { key, object } = classifyKey(record.s3.object.key);
    if (object.kind === 'upload') {
      const logger = invocationLogger({ jobId: object.jobId });
      const job = await jobs.get(object.jobId);
      if (!job || job.inputKey !== key || job.status === 'CANCELLED') {
        logger.warn('Upload ignored: no job is waiting for this object');
        continue;
      }
      // The first upload is the job's input: its ETag pins what Prepare reads, so a second upload to the same URL
      // (valid for minutes) cannot replace it.
      await jobs.transition(job.jobId, 'AWAITING_UPLOAD', 'PREPARING', new Date(), { inputETag: eTagOf(record) });
      logger.info('Upload arrived', { execution: await executions.start(job.jobId, key) });
    } else if (object.kind === 'inbox') {
      const jobId = deterministicJobId('inbox', `${key}\u0000${record.s3.object.eTag ?? record.s3.object.sequencer}`);
      const logger = invocationLogger({ jobId });
      const sidecar = parseSidecar(await readTextIfExists(env.DATA_BUCKET, key + SIDECAR_SUFFIX), webhookRulesFromEnv());
      const failureReason = !object.supported
        ? `Unsupported file type for ${object.fileName.includes('.') ? `".${object.fileName.split('.').pop()}"` : 'a file without extension'}: use .csv, .csv.gz, .txt, .tsv, .json, .jsonl or .xlsx.`
        : !sidecar.ok
          ? sidecar.reason
          : undefined;
      const job = await jobs.createIfAbsent(
        {
          jobId,
          inputKey: key,
          source: 'inbox',
          fileName: object.fileName,
          inputETag: eTagOf(record),
          options: sidecar.ok ? sidecar.options : undefined,
          ...(failureReason ? { status: 'FAILED' as const, failureReason } : {}),
        },
        new Date(),
      );
      if (job.status === 'FAILED') {
        logger.warn('Dropped file refused', { reason: job.failureReason });
        continue;
      }
      logger.info('Dropped file accepted', { execution: await executions.start(jobId, key) });
    }
  }
}
