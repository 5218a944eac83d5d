import type { BatchRecord } from '../../core/batch';
import type { StepRecord } from '../../core/batcher';
import type { RecordResult } from '../../core/enrichedFields';
import type { Vendor } from '../../core/plan';

/* Implemented once per vendor (lambdas/aws/vendorSteps: leadspace.ts, leadgenius.ts, aggknowledge.ts). */

export interface SubmitRequest {
  batch: BatchRecord;
  records: readonly StepRecord[];
  /** signed URL the vendor may call back on for this batch and round */
  callbackUrl: string;
  /** an earlier attempt claimed this round and died: the vendor may already hold it */
  reclaimed: boolean;
  /** epoch ms after which capacity this round holds with the vendor lapses: it can no longer be waiting */
  holdUntilMs: number;
  /** how long to wait when the vendor has no room for the round (its backlog is full) */
  noRoomWaitMs: number;
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
  /** which reading of the vendor's document the answer used (field names and counts only), for the logs */
  reading?: Record<string, unknown>;
  /** the vendor stopped for lack of credits: the job stops sending to it and ends PARTIAL with the reason */
  outOfCredits?: boolean;
  /** records the vendor answered (and billed) with nothing Leadflow could map: row status `unmapped` */
  unmapped?: number;
}

/**
 * What Submit, Poll and Collect need from a vendor, whatever its protocol: one adapter per vendor, chosen by the
 * batch's plan step. Messages never carry lead data.
 */
export interface VendorStep {
  /** the vendor calls back when a bulk is done, so the batch waits on a task token between polls */
  readonly callsBack: boolean;
  /**
   * The vendor's callbacks name the bulk they report on (Leadspace `bulkId`, LeadGenius `bulk_id`), so a round
   * whose acceptance was lost can be adopted from its callback instead of being bought again.
   */
  readonly namesBulkInCallback?: boolean;
  /** the polling path of a bulk known only by its id (adopted from a callback) */
  pollingPathFor?(vendorBulkId: string): string;
  /**
   * Whether a bulk a callback named is this round's, asked of the vendor before it is adopted (a forged name must
   * not be): `yes`, `no`, or `not_yet` when the vendor cannot tell now.
   */
  confirmBulk?(batch: BatchRecord, vendorBulkId: string): Promise<'yes' | 'no' | 'not_yet'>;
  submit(request: SubmitRequest): Promise<SubmitOutcome>;
  poll(batch: BatchRecord): Promise<PollOutcome>;
  collect(raw: unknown, sent: readonly StepRecord[]): CollectedRound;
  /** the final outcome of a record that still failed transiently on its last round */
  stillFailing(externalId: string): RecordResult;
  /**
   * Gives back what the batch held with the vendor (Leadspace's backlog) once its round is collected or it failed;
   * false when that could not be written now (the hold then lapses on its own).
   */
  release?(batch: BatchRecord): Promise<boolean>;
}

/** The vendor adapter of a batch's plan step. */
export type VendorSteps = (vendor: Vendor) => Pick<VendorStep, 'callsBack' | 'poll'>;
