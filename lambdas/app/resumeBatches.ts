import type { BatchRecord } from '../core/batch';
import { jobLayout } from '../core/jobLayout';
import type { BatchStore, JobStore } from './ports';

export interface ResumePorts {
  batches: Pick<BatchStore, 'listForJob' | 'reopen'>;
  jobs: Pick<JobStore, 'addCounts'>;
  bucket: string;
}

/** Where the resumed execution goes on: the distributed Map over the step that was running (PlanStep's shape). */
export interface ResumeTarget {
  next: number;
  done: false;
  bucket: string;
  manifestKey: string;
  batchCount: number;
}

/**
 * Reopens what a stopped job left unfinished: the batches of the last plan step that ran and were not collected.
 * A batch the vendor accepted goes back to SUBMITTED, so Submit sends nothing and Poll reads it by the bulk id
 * stored; one never accepted goes back to PENDING (an uncertain round keeps its adoption rules). The Map then runs
 * the step's manifest again: collected batches pass straight through.
 */
export async function resumeBatches(jobId: string, ports: ResumePorts): Promise<ResumeTarget> {
  const all = await ports.batches.listForJob(jobId);
  if (all.length === 0) throw new Error('Nothing to resume: the job stopped before any batch was planned');
  const step = Math.max(...all.map((b) => b.step));
  const batches = all.filter((b) => b.step === step);
  const open = batches.filter((b: BatchRecord) => b.state !== 'COLLECTED');
  for (const batch of open) await ports.batches.reopen(batch);
  const failed = open.filter((b) => b.state === 'FAILED').length;
  if (failed > 0) await ports.jobs.addCounts(jobId, { batchesFailed: -failed });
  return { next: step + 1, done: false, bucket: ports.bucket, manifestKey: jobLayout(jobId).manifest(step), batchCount: batches.length };
}
