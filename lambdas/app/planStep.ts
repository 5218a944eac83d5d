import type { JobCounter } from '../core/job';
import { BatchPacker, type Batch } from '../core/batcher';
import type { RowStatus } from '../core/enrichedFields';
import { jobLayout, type ManifestEntry } from '../core/jobLayout';
import { applyStepResult, BUDGET_SKIPPED, leadOf, recordStepOutcome, type LeadState } from '../core/leadState';
import { resolvePlan, stepApplies, type PlanStep } from '../core/plan';
import { cacheScope, vendorCacheKey, type CachedAnswer } from '../core/vendorCacheKey';
import { batchSizeFor } from '../core/batchSize';
import { describeBatchFailure } from '../core/failureReason';
import { VendorAnswerUnreadable } from '../core/errors';
import type { AnswerCache, BatchStore, JobStore, Log, ObjectWriter, StepResults } from './ports';

export interface PlanStepInput {
  jobId: string;
  /** the plan step to plan (0-based); the previous step's results are folded in first */
  step: number;
}

export interface PlanStepOutput {
  /** the step to plan after this one's batches ran */
  next: number;
  /** every step is planned and folded: Merge comes next */
  done: boolean;
  bucket: string;
  manifestKey: string;
  batchCount: number;
}

const EARLIER_ANSWER_UNREADABLE = 'skipped: earlier answer unreadable';
const awaitsReprocess = (state: LeadState) => state.steps.some((s) => s.status === `failed: ${describeBatchFailure(VendorAnswerUnreadable.name)}`);

/**
 * Leads are planned in chunks, each chunk's cache keys looked up together: up to LOOKUP_KEYS keys (the vendor cache
 * sends them as parallel BatchGetItem calls of 100), or MAX_CHUNK_LEADS leads when few of them need the step, so a
 * step that applies to one lead in a hundred makes one call per few thousand leads instead of one per hundred.
 */
export const LOOKUP_KEYS = 400;
const MAX_CHUNK_LEADS = 4_000;

export interface PlanStepSettings {
  /** the data bucket, named in the output for the distributed Map's reader */
  bucket: string;
  aggKnowledgeEnvironment: string;
  leadGeniusObjectsPerHour: number;
  leadDataExpiryDays: number;
}

export interface PlanStepPorts {
  jobs: Pick<JobStore, 'get' | 'advanceLeadsStep'>;
  batches: Pick<BatchStore, 'listForJob' | 'putNew'>;
  /** the job's files in the data bucket (jobLayout) */
  objects: {
    readJsonLines<T>(key: string): AsyncGenerator<T>;
    openWriter(key: string, contentType: string): ObjectWriter;
    putJson(key: string, value: unknown): Promise<void>;
    putJsonLines(key: string, lines: readonly unknown[]): Promise<void>;
  };
  openStepResults(jobId: string, step: number, planStep: PlanStep | undefined, unfinished: RowStatus): Promise<StepResults>;
  /** the cross-job cache of vendor answers */
  cache: Pick<AnswerCache, 'getMany'>;
  now(): Date;
  log: (keys: Record<string, string | number>) => Log;
}

/**
 * PlanStep, one step of the waterfall. Folds the previous step's answers into every lead's state, then picks the leads this
 * step applies to (its rules, on values known so far), answers what the cross-job cache already knows, sends one
 * record for leads that ask the vendor the same question, holds the rest to the job's budget for the vendor, and
 * writes the step's batches and manifest. Streams: memory holds one batch, one chunk of leads (at most
 * MAX_CHUNK_LEADS) and one key per lead sent.
 */
export async function planStep(ports: PlanStepPorts, settings: PlanStepSettings, event: PlanStepInput): Promise<PlanStepOutput> {
  const { jobs, objects } = ports;
  const job = await jobs.get(event.jobId);
  if (!job) throw new Error(`Job ${event.jobId} not found`);
  const logger = ports.log({ jobId: event.jobId, step: event.step });
  const layout = jobLayout(event.jobId);
  const plan = resolvePlan(job.options?.plan);
  // A cancelled job plans no further step: what earlier steps bought is folded in and merged.
  const step = job.cancelRequestedAt ? undefined : plan[event.step];
  const previous = event.step > 0 ? plan[event.step - 1] : undefined;
  const folded = await ports.openStepResults(event.jobId, event.step - 1, previous, 'failed: not processed, job stopped');

  const useCache = job.options?.bypassCache !== true;
  const budget = step ? job.options?.budget?.[step.vendor] : undefined;
  // Records earlier steps sent this vendor, from their batches: exact however often this step is replayed.
  const alreadyPlanned = step
    ? (await ports.batches.listForJob(event.jobId)).filter((b) => b.vendor === step.vendor && b.step < event.step).reduce((sum, b) => sum + b.records, 0)
    : 0;
  const counts = { planned: 0, cacheHits: 0, skippedBudget: 0 };
  const packer = step ? new BatchPacker(event.step, batchSizeFor(step.vendor, settings.leadGeniusObjectsPerHour)) : undefined;
  const scope = step ? cacheScope(step.vendor, settings.aggKnowledgeEnvironment) : '';
  // Leads of this job that ask the vendor the same question share one record: cache key → the one sent.
  const sent = new Map<string, { x: string; sb: string }>();
  const manifest: ManifestEntry[] = [];
  const writeBatch = async (batch: Batch | undefined) => {
    if (!batch) return;
    await objects.putJsonLines(layout.batch(batch.batchId), batch.records);
    manifest.push({ batchId: batch.batchId, records: batch.records.length });
  };

  const out = objects.openWriter(layout.leads(event.step + 1), 'application/x-ndjson');
  // The chunk being gathered: folded lead states, and the cache key of each that this step applies to.
  let states: LeadState[] = [];
  let keys = new Map<string, string>();
  const gather = async (read: LeadState) => {
    const state = await folded.fold(read);
    states.push(state);
    if (step && stepApplies(step, state.values) && !awaitsReprocess(state)) keys.set(state.x, vendorCacheKey(step.vendor, leadOf(state), scope));
  };
  const planChunk = async () => {
    const cached: Map<string, CachedAnswer> = useCache && keys.size > 0 ? await ports.cache.getMany([...keys.values()], ports.now()) : new Map();
    for (const state of states) {
      const cacheKey = keys.get(state.x);
      // An earlier answer was paid for but could not be read: what it holds may make this step needless, so the
      // lead is not sent on a guess; `leadflow reprocess` reads the answer, a rerun then buys only what is missing.
      const held = step !== undefined && awaitsReprocess(state) && stepApplies(step, state.values);
      let next: LeadState = held ? recordStepOutcome(state, step.vendor, EARLIER_ANSWER_UNREADABLE) : state;
      if (step && cacheKey !== undefined) {
        const answer = cached.get(cacheKey);
        const leader = sent.get(cacheKey);
        if (answer) {
          counts.cacheHits += 1;
          next = applyStepResult(state, step, { externalId: state.x, ...answer }, { cached: true });
        } else if (leader) {
          next = { ...state, sb: leader.sb, sx: leader.x };
        } else if (budget !== undefined && alreadyPlanned + counts.planned >= budget) {
          counts.skippedBudget += 1;
          next = recordStepOutcome(state, step.vendor, BUDGET_SKIPPED);
        } else {
          counts.planned += 1;
          next = { ...state, sb: packer!.currentBatchId };
          sent.set(cacheKey, { x: state.x, sb: next.sb! });
          await writeBatch(packer!.add({ externalId: state.x, lead: leadOf(state), cacheKey }));
        }
      }
      await out.write(`${JSON.stringify(next)}\n`);
    }
    states = [];
    keys = new Map();
  };
  for await (const state of objects.readJsonLines<LeadState>(layout.leads(event.step))) {
    await gather(state);
    if (keys.size >= LOOKUP_KEYS || states.length >= MAX_CHUNK_LEADS) await planChunk();
  }
  await planChunk();
  await writeBatch(packer?.flush());
  await out.end();

  const manifestKey = layout.manifest(event.step);
  if (step) {
    await objects.putJson(manifestKey, manifest);
    const expiresAt = Math.floor(ports.now().getTime() / 1000) + settings.leadDataExpiryDays * 86_400;
    await ports.batches.putNew(
      manifest.map((m) => ({ jobId: event.jobId, batchId: m.batchId, step: event.step, vendor: step.vendor, records: m.records, expiresAt })),
    );
  }
  const stepCounts: Partial<Record<JobCounter, number>> = step
    ? {
        batchCount: manifest.length,
        [`${step.vendor}Planned`]: counts.planned,
        [`${step.vendor}CacheHits`]: counts.cacheHits,
        [`${step.vendor}SkippedBudget`]: counts.skippedBudget,
      }
    : {};
  await jobs.advanceLeadsStep(event.jobId, event.step, stepCounts, ports.now());
  logger.info('Planned step', { vendor: step?.vendor ?? 'none', batches: manifest.length, ...counts });
  return { next: event.step + 1, done: !step, bucket: settings.bucket, manifestKey, batchCount: manifest.length };
}
