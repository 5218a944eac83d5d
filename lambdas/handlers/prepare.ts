import { config } from '../aws/config';
import { invocationLogger } from '../aws/logger';
import { JobsRepository } from '../aws/jobsRepository';
import { BatchesRepository } from '../aws/batchesRepository';
import { openObjectWriter, putJson, putJsonLines, readObject } from '../aws/s3';
import { inputFormatOf, readInput } from '../core/input/readInput';
import { scanTextEncoding } from '../core/csv/detectEncoding';
import { mapColumns } from '../core/columnMapping';
import { leadFromRow } from '../core/leadFromRow';
import { leadKey } from '../core/leadKey';
import { Batcher, type Batch } from '../core/batcher';
import { jobLayout, type ManifestEntry, type PlannedRow } from '../core/jobLayout';

/** Leadspace accepts at most 500 records per bulk request. */
export const LEADSPACE_MAX_BATCH = 500;

export interface PrepareInput {
  jobId: string;
  inputKey: string;
}

export interface PrepareOutput {
  bucket: string;
  manifestKey: string;
  batchCount: number;
}

/**
 * Streams the input once: decode, map columns, validate, normalize, dedupe, and write the batches, the row plan
 * (what Merge walks) and the manifest (what the distributed Map reads). Only keys and counts are returned.
 */
export async function handler(event: PrepareInput): Promise<PrepareOutput> {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS');
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  const batches = new BatchesRepository(env.BATCHES_TABLE);
  const layout = jobLayout(event.jobId);
  const job = await jobs.createIfAbsent({ jobId: event.jobId, inputKey: event.inputKey }, new Date());
  const logger = invocationLogger({ jobId: event.jobId });

  const format = inputFormatOf(job.inputKey) ?? 'csv';
  // Only plain CSV can be read twice cheaply for the encoding; JSON is UTF-8 by definition.
  const encoding = format === 'csv' ? await scanTextEncoding(await readObject(env.DATA_BUCKET, job.inputKey)) : undefined;
  const records = readInput(await readObject(env.DATA_BUCKET, job.inputKey), format, { encoding });
  const first = await records.next();
  if (first.done) throw new Error('unreachable: readLeadFile reports an empty file itself');
  const header = first.value;
  const mapping = mapColumns(header, job.options?.columnMapping);

  const batcher = new Batcher(LEADSPACE_MAX_BATCH);
  const manifest: ManifestEntry[] = [];
  const writeBatch = async (batch: Batch) => {
    await putJsonLines(env.DATA_BUCKET, layout.batch(batch.batchId), batch.records);
    manifest.push({ batchId: batch.batchId, records: batch.records.length });
  };

  const rows = openObjectWriter(env.DATA_BUCKET, layout.rows, 'application/x-ndjson');
  let rowCount = 0;
  let rejected = 0;
  let duplicates = 0;
  for await (const cells of records) {
    rowCount += 1;
    const parsed = leadFromRow(cells, mapping);
    let planned: PlannedRow;
    if (!parsed.ok) {
      rejected += 1;
      planned = { c: cells, r: parsed.reason };
    } else {
      const placement = batcher.place(leadKey(parsed.lead), parsed.lead, rowCount);
      if (placement.duplicate) duplicates += 1;
      if (placement.full) await writeBatch(placement.full);
      planned = { c: cells, x: placement.externalId, b: placement.batchId, ...(placement.duplicate ? { d: true as const } : {}) };
    }
    await rows.write(JSON.stringify(planned) + '\n');
  }
  const last = batcher.flush();
  if (last) await writeBatch(last);
  await rows.end();
  await putJson(env.DATA_BUCKET, layout.duplicated, batcher.duplicatedIds());
  await putJson(env.DATA_BUCKET, layout.header, header);
  await putJson(env.DATA_BUCKET, layout.manifest, manifest);

  const expiresAt = Math.floor(Date.now() / 1000) + env.LEAD_DATA_EXPIRY_DAYS * 86_400;
  await batches.putNew(manifest.map((m) => ({ jobId: event.jobId, batchId: m.batchId, records: m.records, expiresAt })));
  await jobs.update(
    event.jobId,
    {
      status: 'RUNNING',
      rows: rowCount,
      rejected,
      duplicates,
      uniqueLeads: batcher.uniqueLeads,
      batchCount: manifest.length,
      batchesDone: 0,
      batchesFailed: 0,
    },
    new Date(),
  );
  logger.info('Prepared job', { rows: rowCount, rejected, duplicates, uniqueLeads: batcher.uniqueLeads, batches: manifest.length });
  return { bucket: env.DATA_BUCKET, manifestKey: layout.manifest, batchCount: manifest.length };
}
