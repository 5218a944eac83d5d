import { classifyKey, parseSidecar, SIDECAR_SUFFIX } from '../core/dropFolder';
import { deterministicJobId } from '../core/jobIds';
import type { WebhookTargetRules } from '../core/webhook/deliver';
import type { Executions } from '../api/ports';
import type { JobStore, Log } from './ports';

/** An object that landed in the bucket, as its S3 event names it (the ETag bare, without quotes). */
export interface LandedObject {
  key: string;
  eTag?: string;
  sequencer?: string;
}

export interface StartJobsPorts {
  jobs: Pick<JobStore, 'get' | 'createIfAbsent' | 'transition'>;
  executions: Pick<Executions, 'start'>;
  /** the text of an object, or undefined when there is none (a drop-folder file's options sidecar) */
  readText(key: string): Promise<string | undefined>;
  webhooks: WebhookTargetRules;
  now(): Date;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * Starts jobs from objects landing in the bucket: a presigned upload (`uploads/<jobId>/…`) starts the job that
 * asked for it; a file dropped in `inbox/` becomes a job of its own. S3 may deliver an event twice: the job id
 * comes from the object (key and ETag) and names the execution, so a replay starts nothing new.
 */
export async function startJobsFromObjects(ports: StartJobsPorts, objects: readonly LandedObject[]): Promise<void> {
  for (const landed of objects) {
    const { key, object } = classifyKey(landed.key);
    if (object.kind === 'upload') await startUpload(ports, key, object.jobId, landed.eTag);
    else if (object.kind === 'inbox') await startDropped(ports, key, object, landed);
  }
}

async function startUpload(ports: StartJobsPorts, key: string, jobId: string, eTag: string | undefined): Promise<void> {
  const log = ports.log({ jobId });
  const job = await ports.jobs.get(jobId);
  if (!job || job.inputKey !== key || job.status === 'CANCELLED') return log.warn('Upload ignored: no job is waiting for this object');
  // The first upload is the job's input: its ETag pins what Prepare reads, so a second upload to the same URL
  // (valid for minutes) cannot replace it.
  await ports.jobs.transition(job.jobId, 'AWAITING_UPLOAD', 'PREPARING', ports.now(), { inputETag: eTag });
  log.info('Upload arrived', { execution: await ports.executions.start(job.jobId, key) });
}

async function startDropped(ports: StartJobsPorts, key: string, object: { fileName: string; supported: boolean }, landed: LandedObject): Promise<void> {
  const jobId = deterministicJobId('inbox', `${key}\u0000${landed.eTag ?? landed.sequencer}`);
  const log = ports.log({ jobId });
  const sidecar = parseSidecar(await ports.readText(key + SIDECAR_SUFFIX), ports.webhooks);
  const failureReason = !object.supported
    ? `Unsupported file type for ${object.fileName.includes('.') ? `".${object.fileName.split('.').pop()}"` : 'a file without extension'}: use .csv, .csv.gz, .txt, .tsv, .json, .jsonl or .xlsx.`
    : !sidecar.ok
      ? sidecar.reason
      : undefined;
  const job = await ports.jobs.createIfAbsent(
    {
      jobId,
      inputKey: key,
      source: 'inbox',
      fileName: object.fileName,
      inputETag: landed.eTag,
      options: sidecar.ok ? sidecar.options : undefined,
      ...(failureReason ? { status: 'FAILED' as const, failureReason } : {}),
    },
    ports.now(),
  );
  if (job.status === 'FAILED') return log.warn('Dropped file refused', { reason: job.failureReason });
  log.info('Dropped file accepted', { execution: await ports.executions.start(jobId, key) });
}
