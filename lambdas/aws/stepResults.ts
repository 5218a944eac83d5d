import { BatchesRepository } from './batchesRepository';
import type { StepResults } from '../app/ports';
import { readJsonLinesIfExists } from './s3';
import type { RecordResult, RowStatus } from '../core/enrichedFields';
import { describeBatchFailure } from '../core/failureReason';
import { jobLayout } from '../core/jobLayout';
import { applyStepResult, recordStepOutcome, type LeadState } from '../core/leadState';
import type { PlanStep } from '../core/plan';
import { ResultCache } from '../core/resultCache';

/**
 * Reads one plan step's results back, batch by batch as leads ask for them. A lead whose batch failed gets that
 * failure as its step outcome; one whose batch never finished (the job stopped) gets `unfinished`.
 */
export async function openStepResults(
  bucket: string,
  batchesTable: string,
  jobId: string,
  step: number,
  planStep: PlanStep | undefined,
  unfinished: RowStatus,
): Promise<StepResults> {
  const batches = await new BatchesRepository(batchesTable).listForJob(jobId, step);
  const byId = new Map(batches.map((b) => [b.batchId, b]));
  const layout = jobLayout(jobId);
  const results = new ResultCache(async (batchId) => {
    // A retry round's results supersede the first round's for the records that were retried.
    const rounds = Array.from({ length: byId.get(batchId)?.round ?? 1 }, (_, i) => i + 1);
    const files = await Promise.all(rounds.map((round) => readJsonLinesIfExists<RecordResult>(bucket, layout.results(batchId, round))));
    return files.flatMap((r) => r ?? []);
  });

  const fold = async (state: LeadState): Promise<LeadState> => {
    const { sb, sx, ...rest } = state;
    if (sb === undefined || !planStep) return rest;
    const batch = byId.get(sb);
    // Results already bought stay, even when a later round of the batch failed or the job stopped.
    const result = batch ? await results.get(sb, sx ?? state.x) : undefined;
    if (result) return applyStepResult(rest, planStep, result);
    if (batch?.state === 'FAILED') return recordStepOutcome(rest, planStep.vendor, `failed: ${describeBatchFailure(batch.error)}`);
    return recordStepOutcome(rest, planStep.vendor, unfinished);
  };
  return { fold, batches };
}
