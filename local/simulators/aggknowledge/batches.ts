import { deriveAggKnowledgePerson, identityKey, type AggKnowledgeSimPerson } from './data';
import { ProcessingHold } from '../processingHold';
import { unmappablePerson, type DialectSwitch, type UnmappablePerson } from './dialect';
import type { FaultInjector } from './faults';
import type { BulkRequest } from './request';
import type { AggKnowledgeSimulatorStats } from './stats';

export type Environment = 'live' | 'test';
export type BatchStatus = 'pending' | 'processing' | 'completed';

/** The item body the API returns, in the default dialect (dialect.ts renders the others). */
export interface ItemBody {
  id: string;
  isSuccess: boolean;
  isRetryable: boolean;
  metadata: Record<string, unknown> | null;
  person: AggKnowledgeSimPerson | UnmappablePerson | null;
  error: { code: string; message: string } | null;
}

export interface BatchSummary {
  batchId: string;
  status: BatchStatus;
  total: number;
  /** Items processed successfully. */
  completed: number;
  /** Items processed unsuccessfully; completed + failed = items processed so far. */
  failed: number;
  createdAt: string;
}

interface Item {
  id: string;
  request: BulkRequest;
  /** Decided at submission: the first submission of a retryable-fault identity. */
  transientFailure: boolean;
  body?: ItemBody;
}

interface Batch {
  id: string;
  apiKey: string;
  environment: Environment;
  createdAt: number;
  items: Item[];
  processed: number;
  completed: number;
  failed: number;
}

/** The error texts never quote the request: the document's items echo metadata only. The codes are invented. */
const ERRORS = {
  not_found: 'No person matches the identifiers of this request',
  invalid_input: 'professionalSocialMediaUrl is not a LinkedIn person profile URL',
  temporarily_unavailable: 'The person could not be enriched right now; retry with the same input',
} as const;

const PROCESSING_STEPS = 4;

/**
 * The vendor's side of bulk enrichment: batches per key and environment, processed progressively in request
 * order (in up to 4 steps spread over processingDelayMs), so a batch goes pending → processing → completed and
 * its item list grows as a prefix. Knows nothing about HTTP. Invented, as the document says none of it: the
 * three status words, progressive processing, that only processed items are listed, that `test` batches are
 * free, and that a batch never ends `failed`.
 */
export class BatchStore {
  private nextBatch = 1;
  private readonly batches = new Map<string, Batch>();
  /** Per key and environment: identities already submitted (for the retryable-item fault). */
  private readonly submitted = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly processing = new ProcessingHold<Batch>((batch) => this.schedule(batch));

  constructor(
    private readonly options: {
      processingDelayMs: number;
      clock: () => number;
      stats: AggKnowledgeSimulatorStats;
      faults: FaultInjector;
      dialect: DialectSwitch;
    },
  ) {}

  create(apiKey: string, environment: Environment, requests: readonly BulkRequest[]): BatchSummary {
    const id = `akb_${String(this.nextBatch++).padStart(8, '0')}`;
    const batch: Batch = {
      id,
      apiKey,
      environment,
      createdAt: this.options.clock(),
      items: requests.map((request, index) => ({
        id: `${id}_${String(index + 1).padStart(4, '0')}`,
        request,
        transientFailure: this.firstRetryableSubmission(apiKey, environment, request),
      })),
      processed: 0,
      completed: 0,
      failed: 0,
    };
    this.batches.set(id, batch);
    const { stats } = this.options;
    if (environment === 'live') {
      stats.batchesCreated += 1;
      stats.itemsSubmitted += requests.length;
    } else {
      stats.testBatchesCreated += 1;
      stats.testItems += requests.length;
    }
    this.processing.admit(batch);
    return summarize(batch);
  }

  /** Holds the processing of every batch accepted from now on until the returned function is called. */
  holdProcessing(): () => void {
    return this.processing.hold();
  }

  /** The key's batches in one environment created at or after `createdAfter`, oldest first, one page. */
  list(apiKey: string, environment: Environment, query: { createdAfter?: number; limit: number; offset: number }) {
    const matching = [...this.batches.values()].filter(
      (b) => b.apiKey === apiKey && b.environment === environment && (query.createdAfter === undefined || b.createdAt >= query.createdAfter),
    );
    // Creation order (ids increase with it): a new batch lands at the end, so offset paging skips nothing.
    return { batches: matching.slice(query.offset, query.offset + query.limit).map(summarize), total: matching.length };
  }

  status(apiKey: string, environment: Environment, batchId: string): BatchSummary | undefined {
    const batch = this.find(apiKey, environment, batchId);
    return batch && summarize(batch);
  }

  /**
   * A page of processed items from `start`. `next` is where the following page starts, or null once the last
   * item of the batch has been listed (while the batch runs, the end of the processed prefix still has a next).
   * Undefined for an unknown batch; 'bad_start' when start lies beyond the batch.
   */
  items(apiKey: string, environment: Environment, batchId: string, start: number, limit: number) {
    const batch = this.find(apiKey, environment, batchId);
    if (!batch) return undefined;
    if (start > batch.items.length) return 'bad_start' as const;
    const end = Math.min(start + limit, batch.processed);
    const items = batch.items.slice(start, Math.max(start, end)).map((item) => item.body as ItemBody);
    const next = start + items.length;
    return { items, next: next < batch.items.length ? next : null };
  }

  item(apiKey: string, environment: Environment, batchId: string, itemId: string): ItemBody | undefined {
    return this.find(apiKey, environment, batchId)?.items.find((item) => item.id === itemId)?.body;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private find(apiKey: string, environment: Environment, batchId: string): Batch | undefined {
    const batch = this.batches.get(batchId);
    return batch && batch.apiKey === apiKey && batch.environment === environment ? batch : undefined;
  }

  private firstRetryableSubmission(apiKey: string, environment: Environment, request: BulkRequest): boolean {
    const identity = identityKey(request);
    if (identity === undefined || !this.options.faults.retryableIdentity(identity)) return false;
    const seen = `${apiKey}\u0000${environment}\u0000${identity}`;
    if (this.submitted.has(seen)) return false;
    this.submitted.add(seen);
    return true;
  }

  private schedule(batch: Batch): void {
    const steps = Math.min(PROCESSING_STEPS, batch.items.length);
    const chunk = Math.ceil(batch.items.length / steps);
    for (let step = 1; step <= steps; step++) {
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.process(batch, Math.min(step * chunk, batch.items.length));
        },
        Math.round((this.options.processingDelayMs * step) / steps),
      );
      this.timers.add(timer);
    }
  }

  private process(batch: Batch, upTo: number): void {
    for (; batch.processed < upTo; batch.processed++) {
      const item = batch.items[batch.processed] as Item;
      item.body = this.enrich(batch, item);
      if (item.body.isSuccess) batch.completed += 1;
      else batch.failed += 1;
    }
  }

  private enrich(batch: Batch, item: Item): ItemBody {
    const base = { id: item.id, metadata: item.request.metadata };
    if (item.transientFailure) return failure(base, 'temporarily_unavailable', true);
    const outcome = deriveAggKnowledgePerson(item.request);
    if (outcome.outcome === 'invalid_input') return failure(base, 'invalid_input', false);
    if (outcome.outcome === 'not_found') return failure(base, 'not_found', false);
    if (batch.environment === 'live') this.options.stats.billed += 1;
    const unmappable = this.options.dialect.unmappedIdentity(outcome.key);
    if (unmappable) this.options.stats.unmappedItems += 1;
    // "isRetryable … Always true for successful requests."
    return { ...base, isSuccess: true, isRetryable: true, person: unmappable ? unmappablePerson(outcome.person) : outcome.person, error: null };
  }
}

function failure(base: Pick<ItemBody, 'id' | 'metadata'>, code: keyof typeof ERRORS, isRetryable: boolean): ItemBody {
  return { ...base, isSuccess: false, isRetryable, person: null, error: { code, message: ERRORS[code] } };
}

function summarize(batch: Batch): BatchSummary {
  const status: BatchStatus = batch.processed === 0 ? 'pending' : batch.processed < batch.items.length ? 'processing' : 'completed';
  return {
    batchId: batch.id,
    status,
    total: batch.items.length,
    completed: batch.completed,
    failed: batch.failed,
    createdAt: new Date(batch.createdAt).toISOString(),
  };
}
