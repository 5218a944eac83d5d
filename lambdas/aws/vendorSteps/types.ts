import type { BatchRecord } from '../batchesRepository';
import type { StepRecord } from '../../core/batcher';
import type { RecordResult } from '../../core/enrichedFields';

export interface SubmitRequest {
  batch: BatchRecord;
  records: readonly StepRecord[];
  /** signed URL the vendor may call back on for this batch and round */
  callbackUrl: string;
  /** an earlier attempt claimed this round and died: the vendor may already hold it */
  reclaimed: boolean;
}

export type SubmitOutcome =
  | { accepted: { vendorBulkId: string; pollingPath?: string } }
  /** the shared rate limit has no room yet: nothing was sent, try again after this long */
  | { throttledMs: number };

export type PollOutcome =
  | { state: 'done'; raw: unknown }
  /** `waitMs` when the vendor (or our shared limit) says when to ask again */
  | { state: 'processing'; waitMs?: number };

export interface CollectedRound {
  /** final answers, by external id */
  outcomes: Map<string, RecordResult>;
  /** records the vendor failed transiently: worth one more round */
  retryIds: Set<string>;
  billed: number;
}

/**
 * What Submit, Poll and Collect need from a vendor, whatever its protocol: one adapter per vendor, chosen by the
 * batch's plan step. Messages never carry lead data.
 */
export interface VendorStep {
  /** the vendor calls back when a bulk is done, so the batch waits on a task token between polls */
  readonly callsBack: boolean;
  submit(request: SubmitRequest): Promise<SubmitOutcome>;
  poll(batch: BatchRecord, bucket: string): Promise<PollOutcome>;
  collect(raw: unknown, sent: readonly StepRecord[]): CollectedRound;
  /** the final outcome of a record that still failed transiently on its last round */
  stillFailing(externalId: string): RecordResult;
}
