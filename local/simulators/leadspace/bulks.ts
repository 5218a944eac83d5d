import { randomUUID } from 'node:crypto';
import { ProcessingHold } from '../processingHold';
import type { BulkStatus, CallbackSender } from './callbacks';
import { deriveLeadspaceEnrichment, type LeadspaceEnrichmentData } from './enrichment';
import type { FaultInjector } from './faults';
import { externalIdOf, failsAdvancedValidation, type LeadspaceRequestItem } from './request';
import { ENRICHMENT_STATUSES } from './referenceData';
import type { SimulatorStats } from './stats';

/** One results[] element of the polling response. */
export interface SimulatedResult {
  status: 'success' | 'failure';
  errors: Array<{ code: number; description: string | null }>;
  external_id: string | null;
  data?: LeadspaceEnrichmentData;
}

export interface ResultsBody {
  results: SimulatedResult[];
  external_bulk_id?: string;
}

export interface BulkSubmission {
  items: LeadspaceRequestItem[];
  externalBulkId?: string;
  callbackUrl?: string;
}

export type SubmitOutcome = { kind: 'accepted'; id: string } | { kind: 'insufficient_credits' } | { kind: 'backlog_full' };
export type ResultsOutcome = { kind: 'processing' } | { kind: 'done'; body: ResultsBody } | { kind: 'not_found' };

export interface BulkProcessorOptions {
  credits: number;
  processingDelayMs: number;
  backlogLimit: number;
  faults: FaultInjector;
  stats: SimulatorStats;
  callbacks: CallbackSender;
  /** Absolute polling URL for a bulk id, for the callback body. */
  pollingUrl: (bulkId: string) => string;
}

interface Bulk extends BulkSubmission {
  id: string;
  body?: ResultsBody;
}

/**
 * The vendor's side of a bulk: credits, the backlog, delayed processing, results kept for polling, callbacks.
 * Knows nothing about HTTP.
 */
export class BulkProcessor {
  private credits: number;
  private backlog = 0;
  private readonly bulks = new Map<string, Bulk>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly processing = new ProcessingHold<Bulk>((bulk) => this.schedule(bulk));

  constructor(private readonly options: BulkProcessorOptions) {
    this.credits = options.credits;
  }

  submit(submission: BulkSubmission): SubmitOutcome {
    const count = submission.items.length;
    // Credits are checked, not reserved: two bulks accepted together can still run out mid-processing, which is
    // what the INSUFFICIENT_CREDITS callback status exists for.
    if (count > this.credits) return { kind: 'insufficient_credits' };
    if (this.backlog + count > this.options.backlogLimit) return { kind: 'backlog_full' };

    const bulk: Bulk = { ...submission, id: randomUUID() };
    this.bulks.set(bulk.id, bulk);
    this.backlog += count;
    this.options.stats.peakBacklog = Math.max(this.options.stats.peakBacklog, this.backlog);
    this.options.stats.bulksAccepted += 1;
    this.options.stats.recordsReceived += count;
    this.processing.admit(bulk);
    return { kind: 'accepted', id: bulk.id };
  }

  /**
   * Holds the processing of every bulk accepted from now on until the returned function is called: what is
   * accepted together is then processed together, however slowly the requests arrived.
   */
  holdProcessing(): () => void {
    return this.processing.hold();
  }

  private schedule(bulk: Bulk): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.complete(bulk);
    }, this.options.processingDelayMs);
    this.timers.add(timer);
  }

  /** Sets the credits left, e.g. to run out in the middle of a job. */
  setCredits(credits: number): void {
    this.credits = credits;
  }

  results(id: string): ResultsOutcome {
    const bulk = this.bulks.get(id);
    if (!bulk) return { kind: 'not_found' };
    return bulk.body ? { kind: 'done', body: bulk.body } : { kind: 'processing' };
  }

  /** Stops pending processing; bulks not yet processed stay "processing" forever. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private complete(bulk: Bulk): void {
    const { results, bulkStatus } = this.process(bulk.items);
    this.backlog -= bulk.items.length;
    bulk.body = { results, ...(bulk.externalBulkId !== undefined && { external_bulk_id: bulk.externalBulkId }) };
    if (bulk.callbackUrl) {
      void this.options.callbacks.send({
        bulkId: bulk.id,
        callbackMethod: { callbackUrl: bulk.callbackUrl, pollingUrl: this.options.pollingUrl(bulk.id) },
        bulkStatus,
        successRecords: results.filter((r) => r.status === 'success').length,
        personEnriched: results.filter((r) => hasPerson(r.data)).length,
        companyEnriched: results.filter((r) => hasCompany(r.data)).length,
      });
    }
  }

  /**
   * Processes records in order. When credits run out the bulk stops there: the records not reached get no result
   * at all (the document defines no record error for it) and the bulk ends INSUFFICIENT_CREDITS.
   */
  private process(items: LeadspaceRequestItem[]): { results: SimulatedResult[]; bulkStatus: BulkStatus } {
    const results: SimulatedResult[] = [];
    for (const item of items) {
      const external_id = externalIdOf(item);
      if (failsAdvancedValidation(item)) {
        results.push({ status: 'failure', errors: [{ code: 1200, description: 'Invalid Input' }], external_id });
        continue;
      }
      if (this.options.faults.internalErrorOnFirstProcessing(item)) {
        results.push({ status: 'failure', errors: [{ code: 1100, description: 'Internal Error' }], external_id });
        continue;
      }
      if (this.credits < 1) return { results, bulkStatus: 'INSUFFICIENT_CREDITS' };
      this.credits -= 1;
      this.options.stats.billedRecords += 1;
      results.push({ status: 'success', errors: [], external_id, data: deriveLeadspaceEnrichment(item) });
    }
    return { results, bulkStatus: 'COMPLETED' };
  }
}

function hasPerson(data: LeadspaceEnrichmentData | undefined): boolean {
  return data?.enrichment_status === ENRICHMENT_STATUSES.person || data?.enrichment_status === ENRICHMENT_STATUSES.both;
}

function hasCompany(data: LeadspaceEnrichmentData | undefined): boolean {
  return data?.enrichment_status === ENRICHMENT_STATUSES.company || data?.enrichment_status === ENRICHMENT_STATUSES.both;
}
