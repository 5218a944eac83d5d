import { planStep, type PlanStepInput, type PlanStepOutput, type PlanStepPorts } from '../app/planStep';
import { resumeBatches } from '../app/resumeBatches';
import { config } from '../aws/config';
import { lazy } from '../aws/lazy';
import { openObjectWriter, putJson, putJsonLines, readJsonLines } from '../aws/s3';
import { openStepResults } from '../aws/stepResults';
import { VendorCache } from '../aws/vendorCache';
import { batchStore, invocationLog, jobStore } from '../aws/workflowPorts';

const ports = lazy(() => {
  const env = config('JOBS_TABLE', 'BATCHES_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'CACHE_TABLE', 'CACHE_TTL_DAYS', 'AGGKNOWLEDGE_ENVIRONMENT', 'LEADGENIUS_OBJECTS_PER_HOUR');
  const [bucket, jobs, batches] = [env.DATA_BUCKET, jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), batchStore(env.BATCHES_TABLE)];
  const objects = { readJsonLines: <T>(key: string) => readJsonLines<T>(bucket, key), openWriter: (key: string, type: string) => openObjectWriter(bucket, key, type), putJson: (key: string, value: unknown) => putJson(bucket, key, value), putJsonLines: (key: string, lines: readonly unknown[]) => putJsonLines(bucket, key, lines) };
  const step: PlanStepPorts = { jobs, batches, objects, openStepResults: (jobId, n, planned, unfinished) => openStepResults(bucket, env.BATCHES_TABLE, jobId, n, planned, unfinished), cache: new VendorCache(env.CACHE_TABLE, env.CACHE_TTL_DAYS), now: () => new Date(), log: invocationLog };
  const settings = { bucket, aggKnowledgeEnvironment: env.AGGKNOWLEDGE_ENVIRONMENT, leadGeniusObjectsPerHour: env.LEADGENIUS_OBJECTS_PER_HOUR, leadDataExpiryDays: env.LEAD_DATA_EXPIRY_DAYS };
  return { step, settings, resume: { batches, jobs, bucket } };
});

/** PlanStep (lambdas/app/planStep.ts); the Resume state runs here too: it needs exactly PlanStep's tables and answers in its shape. */
export async function handler(event: PlanStepInput | { jobId: string; resume: true }): Promise<PlanStepOutput> {
  if ('resume' in event) return resumeBatches(event.jobId, ports().resume);
  return planStep(ports().step, ports().settings, event);
}
