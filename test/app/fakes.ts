import type { BatchRecord } from '../../lambdas/core/batch';
import type { RecordResult, RowStatus } from '../../lambdas/core/enrichedFields';
import { describeBatchFailure } from '../../lambdas/core/failureReason';
import type { JobCounter, JobRecord } from '../../lambdas/core/job';
import { jobLayout } from '../../lambdas/core/jobLayout';
import { applyStepResult, recordStepOutcome, type LeadState } from '../../lambdas/core/leadState';
import type { PlanStep } from '../../lambdas/core/plan';
import type { Log, ObjectWriter, StepResults } from '../../lambdas/app/ports';

/** A batch row as Submit leaves it after the vendor accepted round 1. */
export function submittedBatch(fields: Partial<BatchRecord> = {}): BatchRecord {
  return {
    jobId: 'job-1',
    batchId: 's1-b00001',
    step: 0,
    vendor: 'leadspace',
    records: 500,
    round: 1,
    state: 'SUBMITTED',
    submittedRound: 1,
    vendorBulkId: 'bulk-1',
    submittedAt: '2026-12-01T10:00:00.000Z',
    expiresAt: 0,
    ...fields,
  } as BatchRecord;
}

/** A clock the test moves by hand. */
export function manualClock(startIso = '2026-12-01T10:00:00.000Z') {
  let at = Date.parse(startIso);
  return { now: () => at, advance: (ms: number) => void (at += ms) };
}

/** A log that keeps what was written, to assert no lead data reaches it. */
export function memoryLog() {
  const lines: { level: string; message: string; keys: Record<string, string | number>; fields?: Record<string, unknown> }[] = [];
  const log = (keys: Record<string, string | number>): Log => ({
    debug: (message, fields) => void lines.push({ level: 'debug', message, keys, fields }),
    info: (message, fields) => void lines.push({ level: 'info', message, keys, fields }),
    warn: (message, fields) => void lines.push({ level: 'warn', message, keys, fields }),
    error: (message, fields) => void lines.push({ level: 'error', message, keys, fields }),
  });
  return { lines, log };
}

/**
 * Batch rows in memory, with the conditions the repository puts on its writes (lambdas/aws/batchesRepository.ts):
 * a collected batch cannot be reopened, only a failed one recovered.
 */
export function memoryBatches(...rows: BatchRecord[]) {
  const byKey = new Map(rows.map((b) => [`${b.jobId}/${b.batchId}`, { ...b }]));
  const rowOf = (batch: { jobId: string; batchId: string }) => {
    const row = byKey.get(`${batch.jobId}/${batch.batchId}`);
    if (!row) throw new Error('no such batch');
    return row;
  };
  return {
    rows: byKey,
    get: async (jobId: string, batchId: string) => ({ ...rowOf({ jobId, batchId }) }),
    listForJob: async (jobId: string, step?: number) =>
      [...byKey.values()].filter((b) => b.jobId === jobId && (step === undefined || b.step === step)).map((b) => ({ ...b })),
    incrementPollCount: async (batch: BatchRecord) => {
      const row = rowOf(batch);
      row.pollCount = (row.pollCount ?? 0) + 1;
      return row.pollCount;
    },
    /** SUBMITTED when the vendor accepted the round, PENDING otherwise (an in-flight claim's uncertainty is not modelled). */
    reopen: async (batch: BatchRecord) => {
      const row = rowOf(batch);
      if (row.state === 'COLLECTED') throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
      const accepted = batch.submittedRound === batch.round && Boolean(batch.vendorBulkId);
      row.state = accepted ? 'SUBMITTED' : 'PENDING';
      for (const field of ['error', 'taskToken', 'claimedRound', 'uncertainAttempts'] as const) delete row[field];
    },
    recover: async (batch: BatchRecord) => {
      const row = rowOf(batch);
      if (row.state !== 'FAILED') return false;
      row.state = 'COLLECTED';
      delete row.error;
      return true;
    },
  };
}

/** One job row whose counters add up, as the repository's atomic ADD does. */
export function memoryJob(fields: Partial<JobRecord> = {}) {
  const job = { jobId: 'job-1', status: 'RUNNING', inputKey: 'inbox/leads.csv', createdAt: '', updatedAt: '', expiresAt: 0, ...fields } as JobRecord;
  return {
    job,
    get: async (jobId: string) => (jobId === job.jobId ? { ...job } : undefined),
    addCounts: async (jobId: string, counts: Partial<Record<JobCounter, number>>) => {
      if (jobId !== job.jobId) throw new Error('no such job');
      for (const [counter, n] of Object.entries(counts) as [JobCounter, number][]) job[counter] = (job[counter] ?? 0) + n;
    },
  };
}

/** A data bucket in memory: text by key, JSON and JSON lines as the S3 helpers write them. */
export function memoryObjects(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  const lines = <T>(key: string) =>
    files
      .get(key)!
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as T);
  return {
    files,
    /** a JSON lines file's parsed lines */
    lines,
    readJsonIfExists: async <T>(key: string) => (files.has(key) ? (JSON.parse(files.get(key)!) as T) : undefined),
    readJsonLines: async function* <T>(key: string): AsyncGenerator<T> {
      if (!files.has(key)) throw Object.assign(new Error(`no object ${key}`), { name: 'NoSuchKey' });
      yield* lines<T>(key);
    },
    putJson: async (key: string, value: unknown) => void files.set(key, JSON.stringify(value)),
    putJsonLines: async (key: string, values: readonly unknown[]) => void files.set(key, values.map((v) => `${JSON.stringify(v)}\n`).join('')),
    /** the object appears once the upload ends, as a multipart upload's does */
    openWriter: (key: string, _contentType: string): ObjectWriter => {
      let body = '';
      return { write: async (chunk) => void (body += chunk), end: async () => void files.set(key, body) };
    },
    copy: async (from: string, to: string) => {
      if (!files.has(from)) throw Object.assign(new Error(`no object ${from}`), { name: 'NoSuchKey' });
      files.set(to, files.get(from)!);
    },
  };
}

/**
 * A plan step's results read back from memory as lambdas/aws/stepResults.ts reads them from S3: a later round's
 * results supersede the first's, a lead of a failed batch gets the failure, one of an unfinished batch `unfinished`.
 */
export function memoryStepResults(objects: ReturnType<typeof memoryObjects>, batches: ReturnType<typeof memoryBatches>) {
  return async (jobId: string, step: number, planStep: PlanStep | undefined, unfinished: RowStatus): Promise<StepResults> => {
    const layout = jobLayout(jobId);
    const stepBatches = await batches.listForJob(jobId, step);
    const results = new Map<string, RecordResult>();
    for (const batch of stepBatches) {
      for (let round = 1; round <= batch.round; round++) {
        const key = layout.results(batch.batchId, round);
        if (objects.files.has(key)) for (const result of objects.lines<RecordResult>(key)) results.set(`${batch.batchId}/${result.externalId}`, result);
      }
    }
    const fold = async (state: LeadState): Promise<LeadState> => {
      const { sb, sx, ...rest } = state;
      if (sb === undefined || !planStep) return rest;
      const batch = stepBatches.find((b) => b.batchId === sb);
      const result = batch && results.get(`${sb}/${sx ?? state.x}`);
      if (result) return applyStepResult(rest, planStep, result);
      if (batch?.state === 'FAILED') return recordStepOutcome(rest, planStep.vendor, `failed: ${describeBatchFailure(batch.error)}`);
      return recordStepOutcome(rest, planStep.vendor, unfinished);
    };
    return { fold, batches: stepBatches };
  };
}
