import type { RowStatus } from '../core/enrichedFields';
import type { StepRecord } from '../core/batcher';
import { VendorAnswerUnreadable } from '../core/errors';
import { jobLayout } from '../core/jobLayout';
import { replayStepDecision, type LeadState } from '../core/leadState';
import { resolvePlan, type PlanStep, type Vendor } from '../core/plan';
import type { AnswerCache, BatchStore, JobStore, ObjectWriter, StepResults, VendorStep } from './ports';
import { roundResults } from './roundResults';

export interface ReprocessInput {
  jobId: string;
}

export interface ReprocessOutput {
  /** rounds whose kept answer was read again */
  roundsRead: number;
  /** batches that had failed as unreadable and now are collected */
  recovered: number;
  /** rounds this code still cannot read */
  unreadable: number;
}

export interface ReprocessPorts {
  batches: Pick<BatchStore, 'listForJob' | 'recover'>;
  /** the job's files in the data bucket (jobLayout) */
  objects: {
    readJsonIfExists<T>(key: string): Promise<T | undefined>;
    readJsonLines<T>(key: string): AsyncGenerator<T>;
    putJsonLines(key: string, lines: readonly unknown[]): Promise<void>;
    openWriter(key: string, contentType: string): ObjectWriter;
    copy(from: string, to: string): Promise<void>;
  };
  openStepResults(jobId: string, step: number, planStep: PlanStep | undefined, unfinished: RowStatus): Promise<StepResults>;
  jobs: Pick<JobStore, 'get' | 'addCounts'>;
  cache: Pick<AnswerCache, 'putMany'>;
  vendorStep: (vendor: Vendor) => VendorStep;
}

/**
 * Reads every vendor answer a job kept (jobLayout.rawResults, written before it was parsed) again with the code
 * that runs now, and rebuilds the leads' states from them, without calling any vendor: a reading fixed after a
 * vendor answered in an unexpected form recovers what was paid for. Merge then writes the outputs again.
 */
export async function reprocessJob(jobId: string, ports: ReprocessPorts): Promise<ReprocessOutput> {
  const job = await ports.jobs.get(jobId);
  if (!job) throw new Error(`Job ${jobId} not found`);
  const layout = jobLayout(jobId);
  const out: ReprocessOutput = { roundsRead: 0, recovered: 0, unreadable: 0 };
  let from: number | undefined;
  for (const batch of await ports.batches.listForJob(jobId)) {
    const vendor = ports.vendorStep(batch.vendor);
    const rounds = batch.submittedRound ?? 0;
    /** what the last round's answer billed: the one an unreadable answer stopped the batch at */
    let billed = 0;
    let unread = 0;
    for (let round = 1; round <= rounds; round++) {
      const raw = await ports.objects.readJsonIfExists<unknown>(layout.rawResults(batch.batchId, round));
      if (raw === undefined) {
        unread += 1;
        continue;
      }
      const sent: StepRecord[] = [];
      for await (const record of ports.objects.readJsonLines<StepRecord>(layout.sent(batch.batchId, round))) sent.push(record);
      let read: ReturnType<typeof roundResults>;
      try {
        read = roundResults(vendor, batch.vendor, raw, sent, round < rounds);
      } catch (error) {
        if (!(error instanceof VendorAnswerUnreadable)) throw error;
        out.unreadable += 1;
        unread += 1;
        continue;
      }
      await ports.objects.putJsonLines(layout.results(batch.batchId, round), read.final);
      await ports.cache.putMany(read.answers, new Date());
      // Collect counted each earlier round's billing when it scheduled the next round: only the last can be uncounted.
      if (round === rounds) billed = read.collected.billed;
      out.roundsRead += 1;
      from = Math.min(from ?? batch.step, batch.step);
    }
    if (rounds > 0 && unread === 0 && batch.state === 'FAILED' && batch.error === VendorAnswerUnreadable.name && (await ports.batches.recover(batch))) {
      out.recovered += 1;
      // Billing an unreadable answer could not be counted when it came: it is now.
      await ports.jobs.addCounts(jobId, { batchesDone: 1, batchesFailed: -1, recordsBilled: billed, [`${batch.vendor}Billed`]: billed });
    }
  }
  if (from !== undefined) await refold(jobId, from, resolvePlan(job.options?.plan), job.leadsStep ?? 0, ports);
  return out;
}

/**
 * Rebuilds the lead states written after step `from` (jobLayout.leads): each is the previous one with that step's
 * answers folded in, plus what the next step decided (replayed, never decided again). Merge folds the last step.
 */
async function refold(jobId: string, from: number, plan: PlanStep[], leadsStep: number, ports: ReprocessPorts): Promise<void> {
  const layout = jobLayout(jobId);
  for (let n = from + 2; n <= leadsStep; n++) {
    const answers = await ports.openStepResults(jobId, n - 2, plan[n - 2], 'failed: not processed, job stopped');
    const before = ports.objects.readJsonLines<LeadState>(layout.leads(n))[Symbol.asyncIterator]();
    const rebuilt = `${layout.leads(n)}.reprocessed`;
    const writer = ports.objects.openWriter(rebuilt, 'application/x-ndjson');
    for await (const state of ports.objects.readJsonLines<LeadState>(layout.leads(n - 1))) {
      const old = await before.next();
      if (old.done || old.value.x !== state.x) throw new Error(`Lead states of step ${n} out of step with step ${n - 1} at ${state.x}`);
      const folded = await answers.fold(state);
      const decided = plan[n - 1];
      await writer.write(`${JSON.stringify(decided ? replayStepDecision(folded, old.value, decided) : folded)}\n`);
    }
    await writer.end();
    await ports.objects.copy(rebuilt, layout.leads(n));
  }
}
