import { campaignData, type ExportLine } from '../core/campaignMapping';
import { jobLayout } from '../core/jobLayout';
import type { LeadState } from '../core/leadState';
import { VendorFatalError } from '../vendors/errors';
import { checkLeadData, isInvalidImport, type HeroBaseClient } from '../vendors/herobase';
import type { Clock, ExportLedger, JobStore, Log, ObjectWriter } from './ports';

export interface ExportPorts {
  jobs: Pick<JobStore, 'get'>;
  heroBase(): Promise<Pick<HeroBaseClient, 'importExample' | 'importLead'>>;
  /** runs a call (of `requests` HTTP requests) within the account's shared fair-use pace */
  paced<T>(call: () => Promise<T>, requests?: number): Promise<T>;
  /** the job's export ledger: which lead was claimed, and its outcome */
  ledger(jobId: string): ExportLedger;
  /** the job's leads after the plan step given (jobLayout.leads) */
  leads(jobId: string, step: number): AsyncIterable<LeadState>;
  openWriter(key: string, contentType: string): ObjectWriter;
  /** the invocation's time, for its slice */
  clock: Clock;
  log: (keys: Record<string, string | number>) => Log;
}

/** A Lambda runs 15 minutes at most: stop taking new leads after this, and let the state machine call again. */
const SLICE_MS = 10 * 60_000;
const CHUNK = 100;

/**
 * Pushes the job's enriched leads into its HeroBase campaign: maps each lead to the campaign's fields, validates
 * it against the campaign's own rules (required fields, one regex per field) before sending, sends the valid ones
 * at the account's fair-use rate (a limiter shared by every job of the user), and records a per-lead outcome.
 * Returns `done: false` when its time slice ran out; the state machine calls it again and it carries on.
 */
export async function exportToCampaign(ports: ExportPorts, jobId: string): Promise<{ done: boolean }> {
  const started = ports.clock();
  const job = await ports.jobs.get(jobId);
  const target = job?.options?.export;
  // A cancelled job pushes nothing into the dialer.
  if (!job || !target || job.cancelRequestedAt) return { done: true };
  const logger = ports.log({ jobId });
  const client = await ports.heroBase();
  const { paced } = ports;
  const specs = await paced(() => client.importExample(target.campaignCode, { all: true }), 2);
  const fields = specs.map((spec) => spec.name);
  const ledger = ports.ledger(jobId);

  const exportOne = async (state: LeadState): Promise<void> => {
    const data = campaignData(fields, state.values, target.fieldMapping);
    const problems = checkLeadData(specs, data);
    if (problems.length > 0) {
      await ledger.record(state.x, `invalid for campaign: ${[...new Set(problems.map((p) => p.field))].join(', ')}`);
      return;
    }
    // Claimed before sending: a lead another attempt claimed is never sent again (HeroBase has no idempotency key).
    if (!(await ledger.claim(state.x))) return;
    let outcome: string;
    let leadId: string | undefined;
    try {
      const result = await paced(() => client.importLead(target.campaignCode, data));
      if (isInvalidImport(result)) outcome = `invalid for campaign: ${result.invalid.map((f) => f.field).join(', ')}`;
      else [outcome, leadId] = ['exported', result.leadId];
    } catch (error) {
      // A 400 without field errors refuses this lead only (a duplicate, a rule the example does not show).
      if (error instanceof VendorFatalError && error.httpStatus === 400) outcome = 'invalid for campaign: refused by HeroBase';
      else if (error instanceof VendorFatalError) throw error;
      else outcome = 'failed: herobase unavailable';
    }
    await ledger.record(state.x, outcome, leadId);
  };

  let pending = 0;
  let chunk: LeadState[] = [];
  const leadsStep = job.leadsStep ?? 0;
  const runChunk = async () => {
    const known = await ledger.getMany(chunk.map((s) => s.x));
    for (const state of chunk) {
      if (known.has(state.x)) continue;
      if (ports.clock() - started > SLICE_MS) {
        pending += 1;
        continue;
      }
      await exportOne(state);
    }
    chunk = [];
  };
  try {
    for await (const state of ports.leads(jobId, leadsStep)) {
      chunk.push(state);
      if (chunk.length >= CHUNK) await runChunk();
    }
    await runChunk();
  } catch (error) {
    // The job stops here (a refused login, a lost right): what was sent must still show as sent.
    if (error instanceof VendorFatalError) await writeOutcomes(ports, jobId, leadsStep, ledger);
    throw error;
  }
  if (pending > 0) {
    logger.info('Export continues in the next slice', { pending });
    return { done: false };
  }
  await writeOutcomes(ports, jobId, leadsStep, ledger);
  logger.info('Export finished');
  return { done: true };
}

/** The outcomes in lead order, for Merge to zip with the leads. */
async function writeOutcomes(ports: ExportPorts, jobId: string, leadsStep: number, ledger: ExportLedger): Promise<void> {
  const out = ports.openWriter(jobLayout(jobId).exportOutcomes, 'application/x-ndjson');
  let chunk: string[] = [];
  const flush = async () => {
    const known = await ledger.getMany(chunk);
    for (const x of chunk) {
      const entry = known.get(x);
      // No entry: the export stopped before reaching the lead. Claimed but never answered: an attempt died while
      // sending it, and HeroBase cannot say whether it arrived.
      const outcome =
        entry === undefined ? 'failed: not exported, job stopped' : (entry.outcome ?? 'failed: herobase answer lost (check the campaign before sending again)');
      await out.write(`${JSON.stringify({ x, outcome } satisfies ExportLine)}\n`);
    }
    chunk = [];
  };
  for await (const state of ports.leads(jobId, leadsStep)) {
    chunk.push(state.x);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  await out.end();
}
