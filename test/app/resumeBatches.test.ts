import { describe, expect, it } from 'vitest';
import { resumeBatches, type ResumePorts } from '../../lambdas/app/resumeBatches';
import type { BatchRecord } from '../../lambdas/core/batch';
import type { JobRecord } from '../../lambdas/core/job';
import { memoryBatches, memoryJob, submittedBatch } from './fakes';

const JOB = 'job-1';
const BUCKET = 'leadflow-data';

function setup(batches: BatchRecord[], job: Partial<JobRecord> = {}) {
  const rows = memoryBatches(...batches);
  const jobs = memoryJob({ jobId: JOB, status: 'RUNNING', ...job });
  const ports: ResumePorts = { batches: rows, jobs, bucket: BUCKET };
  const state = (batchId: string) => {
    const { state, error } = rows.rows.get(`${JOB}/${batchId}`)!;
    return error ? `${state} ${error}` : state;
  };
  return { resume: () => resumeBatches(JOB, ports), state, job: jobs.job };
}

/** Step 0 ran to its end (one batch failed); the job stopped during step 1. */
const stopped = () => [
  submittedBatch({ batchId: 's0-b00001', state: 'COLLECTED' }),
  submittedBatch({ batchId: 's0-b00002', state: 'FAILED', error: 'VendorBulkFailed' }),
  submittedBatch({ batchId: 's1-b00001', step: 1, vendor: 'leadgenius', state: 'COLLECTED' }),
  // accepted by the vendor, then its polls ran out
  submittedBatch({ batchId: 's1-b00002', step: 1, vendor: 'leadgenius', state: 'FAILED', error: 'VendorUnavailable', vendorBulkId: 'lg-2' }),
  // refused before the vendor accepted it (credentials)
  submittedBatch({
    batchId: 's1-b00003',
    step: 1,
    vendor: 'leadgenius',
    state: 'FAILED',
    error: 'VendorUnavailable',
    submittedRound: undefined,
    vendorBulkId: undefined,
  }),
  // waiting on the vendor when the job stopped
  submittedBatch({ batchId: 's1-b00004', step: 1, vendor: 'leadgenius', state: 'SUBMITTED', vendorBulkId: 'lg-4' }),
  // its retry round scheduled, never sent
  submittedBatch({ batchId: 's1-b00005', step: 1, vendor: 'leadgenius', state: 'RETRY_PENDING', round: 2, submittedRound: 1, vendorBulkId: 'lg-5' }),
];

describe('Resume', () => {
  it("reopens the last step's failed and unfinished batches, leaves its collected ones and earlier steps alone, and runs that step's Map again", async () => {
    const { resume, state } = setup(stopped(), { batchCount: 7, batchesDone: 2, batchesFailed: 3 });
    expect(await resume()).toEqual({ next: 2, done: false, bucket: BUCKET, manifestKey: `jobs/${JOB}/work/manifest.s1.json`, batchCount: 5 });
    expect(['s1-b00001', 's1-b00002', 's1-b00003', 's1-b00004', 's1-b00005'].map(state)).toEqual([
      'COLLECTED',
      // polled by the bulk id stored, never bought again
      'SUBMITTED',
      'PENDING',
      'SUBMITTED',
      'PENDING',
    ]);
    // A step that ended is not run again: its failed batch stays failed.
    expect(['s0-b00001', 's0-b00002'].map(state)).toEqual(['COLLECTED', 'FAILED VendorBulkFailed']);
  });

  it('no longer counts the reopened batches as failed, once however often the resume is retried', async () => {
    const { resume, job } = setup(stopped(), { batchCount: 7, batchesDone: 2, batchesFailed: 3 });
    await resume();
    // s1-b00002 and s1-b00003 are open again; step 0's failed batch still counts.
    expect(job).toMatchObject({ batchCount: 7, batchesDone: 2, batchesFailed: 1 });
    await resume();
    expect(job).toMatchObject({ batchCount: 7, batchesDone: 2, batchesFailed: 1 });
  });

  it("reopens nothing when the last step's batches were all collected (the job stopped after them), and the Map passes them through", async () => {
    const { resume, state, job } = setup(
      [
        submittedBatch({ batchId: 's0-b00001', state: 'FAILED', error: 'VendorUnavailable' }),
        submittedBatch({ batchId: 's1-b00001', step: 1, state: 'COLLECTED' }),
        submittedBatch({ batchId: 's1-b00002', step: 1, state: 'COLLECTED' }),
      ],
      { batchCount: 3, batchesDone: 2, batchesFailed: 1 },
    );
    expect(await resume()).toMatchObject({ next: 2, manifestKey: `jobs/${JOB}/work/manifest.s1.json`, batchCount: 2 });
    expect(['s0-b00001', 's1-b00001', 's1-b00002'].map(state)).toEqual(['FAILED VendorUnavailable', 'COLLECTED', 'COLLECTED']);
    expect(job).toMatchObject({ batchesDone: 2, batchesFailed: 1 });
  });

  it('refuses a job that stopped before any batch was planned', async () => {
    const { resume } = setup([]);
    await expect(resume()).rejects.toThrow('Nothing to resume: the job stopped before any batch was planned');
  });
});
