import type { BatchRecord } from '../../lambdas/core/batch';
import type { Log } from '../../lambdas/app/ports';

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

/** Batch rows in memory, with the poll counter the repository keeps. */
export function memoryBatches(...rows: BatchRecord[]) {
  const byKey = new Map(rows.map((b) => [`${b.jobId}/${b.batchId}`, { ...b }]));
  return {
    rows: byKey,
    get: async (jobId: string, batchId: string) => {
      const row = byKey.get(`${jobId}/${batchId}`);
      if (!row) throw new Error('no such batch');
      return { ...row };
    },
    incrementPollCount: async (batch: BatchRecord) => {
      const row = byKey.get(`${batch.jobId}/${batch.batchId}`)!;
      row.pollCount = (row.pollCount ?? 0) + 1;
      return row.pollCount;
    },
  };
}
