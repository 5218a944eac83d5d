import { awsCost } from '../core/awsCost';
import type { AwsPrices } from '../core/awsPrices';
import { Deduper } from '../core/batcher';
import { stepDuration, StepTally, type LeadForecast, type VendorLimits } from '../core/estimateRules';
import type { CountRange, JobEstimate, StepEstimate } from '../core/estimate';
import { intakeRefusal } from '../core/intakeCheck';
import type { JobOptions } from '../core/jobOptions';
import { leadKey } from '../core/leadKey';
import { initialState } from '../core/leadState';
import { resolvePlan, type Vendor } from '../core/plan';
import { projectUsage, type JobShape } from '../core/usageModel';
import { cacheScope, type CachedAnswer } from '../core/vendorCacheKey';
import { batchSizeFor } from '../core/batchSize';
import type { AnswerCache } from './ports';
import { LOOKUP_KEYS } from './planStep';
import { readIntake, type IntakeSettings, type IntakeSource } from './readIntake';

export interface EstimateInput {
  /** the file to estimate, in the data bucket */
  inputKey: string;
  options: JobOptions;
}

export interface EstimateSettings extends IntakeSettings, VendorLimits {
  aggKnowledgeEnvironment: string;
  prices: AwsPrices;
}

export interface EstimateJobPorts {
  objects: IntakeSource;
  /** the cross-job cache of vendor answers: read, never written */
  cache: Pick<AnswerCache, 'getMany'>;
  now(): Date;
}

/** Leads counted together, their cache keys looked up in calls of at most LOOKUP_KEYS (as PlanStep does). */
const CHUNK_LEADS = 2_000;

/**
 * The estimate (docs/estimate.md): the job's own intake (mapping, validation, dedupe) and its plan's rules against
 * the cross-job cache, calling no vendor and writing nothing. What a step sends is exact when the values it reads
 * are known before any vendor answers, and a range when earlier answers decide it.
 */
export async function estimateJob(ports: EstimateJobPorts, settings: EstimateSettings, input: EstimateInput): Promise<JobEstimate> {
  const intake = await readIntake(ports.objects, { inputKey: input.inputKey, options: input.options }, settings);
  const plan = resolvePlan(input.options.plan);
  const useCache = input.options.bypassCache !== true;
  const tallies = plan.map((step, i) => {
    const earlier = plan.slice(0, i);
    const afterSameVendor = earlier.some((s) => s.vendor === step.vendor);
    const budget = input.options.budget?.[step.vendor];
    // The first step of a vendor has the whole budget; a later one what the earlier left, 0 to all of it.
    const room = budget === undefined ? undefined : { least: afterSameVendor ? 0 : budget, most: budget };
    return new StepTally(
      step,
      cacheScope(step.vendor, settings.aggKnowledgeEnvironment),
      earlier.some((s) => s.overwrite),
      room,
      afterSameVendor,
    );
  });
  const lookups = plan.map(() => 0);

  const countChunk = async (chunk: LeadForecast[]) => {
    for (const [i, tally] of tallies.entries()) {
      const questions = chunk.map((lead) => tally.question(lead));
      const keys = [...new Set(questions.flatMap((q) => (q.applies !== 'no' && q.cacheKey !== undefined ? [q.cacheKey] : [])))];
      lookups[i]! += questions.filter((q) => q.applies !== 'no').length;
      const cached = new Map<string, CachedAnswer>();
      for (let at = 0; useCache && at < keys.length; at += LOOKUP_KEYS) {
        for (const [key, answer] of await ports.cache.getMany(keys.slice(at, at + LOOKUP_KEYS), ports.now())) cached.set(key, answer);
      }
      chunk.forEach((lead, n) => {
        const key = questions[n]!.cacheKey;
        chunk[n] = tally.count(lead, questions[n]!, key === undefined ? undefined : cached.get(key));
      });
    }
  };

  const deduper = new Deduper();
  const byReason: Record<string, number> = {};
  let rows = 0;
  let rejected = 0;
  let duplicates = 0;
  let reportFooters = 0;
  let chunk: LeadForecast[] = [];
  for await (const row of intake.rows) {
    rows += 1;
    if (row.kind === 'footer') reportFooters += 1;
    else if (row.kind === 'rejected') {
      rejected += 1;
      byReason[row.reason] = (byReason[row.reason] ?? 0) + 1;
    } else {
      const placement = deduper.place(leadKey(row.lead), rows);
      if (placement.duplicate) duplicates += 1;
      else chunk.push({ state: initialState(placement.externalId, row.lead), certain: true });
      if (chunk.length >= CHUNK_LEADS) {
        await countChunk(chunk);
        chunk = [];
      }
    }
  }
  await countChunk(chunk);

  const spent: Partial<Record<Vendor, CountRange>> = {};
  const steps: StepEstimate[] = tallies.map((tally, i) => {
    const { vendor } = tally.step;
    const budget = input.options.budget?.[vendor];
    const before = spent[vendor] ?? { min: 0, max: 0 };
    // What earlier steps of the vendor certainly sent is not this step's to spend.
    const records = { ...tally.counts.records, max: Math.min(tally.counts.records.max, budget === undefined ? Number.POSITIVE_INFINITY : budget - before.min) };
    spent[vendor] = { min: before.min + records.min, max: before.max + records.max };
    return { step: i, vendor, ...tally.counts, records, ...(budget !== undefined && { budget }), ...stepDuration(vendor, records, settings) };
  });

  const shape = (end: 'min' | 'max'): JobShape => ({
    rows,
    planSteps: plan.length + 1,
    steps: steps.map((s, i) => ({
      vendor: s.vendor,
      records: s.records[end],
      batches: Math.ceil(s.records[end] / batchSizeFor(s.vendor, settings.leadGeniusObjectsPerHour)),
      lookups: useCache ? lookups[i]! : 0,
    })),
  });
  const usd = (lines: { usd: number }[]) => lines.reduce((sum, line) => sum + line.usd, 0);
  const most = awsCost(projectUsage(shape('max')), settings.prices);
  const refusal = input.options.force ? undefined : intakeRefusal(intake.view, { rows, rejected, reportFooters });
  return {
    rows,
    rejected: { total: rejected, byReason },
    reportFooters,
    duplicates,
    uniqueLeads: deduper.uniqueLeads,
    intake: intake.view,
    ...(refusal !== undefined && { refusal }),
    steps,
    durationSeconds: {
      min: steps.reduce((sum, s) => sum + s.durationSeconds.min, 0),
      max: steps.reduce((sum, s) => sum + s.durationSeconds.max, 0),
    },
    awsCost: { usd: { min: usd(awsCost(projectUsage(shape('min')), settings.prices)), max: usd(most) }, lines: most, pricesAsOf: settings.prices.asOf },
  };
}
