import * as z from 'zod';
import { canonicalItem, readBatchState, type AggKnowledgeBatchState, type CursorField, type ListWrapper } from './readings';

/*
 * Response bodies as Leadflow reads the document, which names some fields but no shapes. Lenient where the vendor
 * may add, omit or spell data differently (readings.ts), strict only where the client's logic depends on a value
 * (ids, flags, the cursor): a field we do not map must never make a whole page unreadable.
 */

export type { AggKnowledgeBatchState } from './readings';

// Counts and dates are Leadflow's reading (the document shows only `status`): kept when usable, never required.
const optionalCount = z.number().int().nonnegative().optional().catch(undefined);
const optionalText = z.string().min(1).optional().catch(undefined);

export const AcceptedBodySchema = z.looseObject({ batchId: z.string().min(1) });

/** The status body; `status` is read by readBatchState, so an unknown word is reported without being quoted. */
export const BatchStatusBodySchema = z.looseObject({
  status: z.unknown(),
  total: optionalCount,
  completed: optionalCount,
  failed: optionalCount,
});

/** A batch in a listing: only its id is needed (findBatch compares createdAt when there is one). */
export const BatchSummarySchema = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const r = raw as Record<string, unknown>;
    return {
      ...r,
      batchId: r.batchId ?? r.batch_id ?? r.id,
      createdAt: r.createdAt ?? r.created_at,
      status: readBatchState(r.status)?.state,
    };
  },
  z.looseObject({
    batchId: z.string().min(1),
    createdAt: optionalText,
    status: z.enum(['pending', 'processing', 'completed', 'failed']).optional(),
    total: optionalCount,
    completed: optionalCount,
    failed: optionalCount,
  }),
);

export const BatchListPageSchema = z.object({ batches: z.array(BatchSummarySchema) });

/** Any object: which of its fields Leadflow maps, under which names, is results.ts's business. */
export const PersonSchema = z.record(z.string(), z.unknown());

const CanonicalItemSchema = z.looseObject({
  id: z.string().min(1),
  isSuccess: z.boolean(),
  isRetryable: z.boolean(),
  // "Caller-supplied metadata associated with the request": whatever object was sent, or null.
  metadata: z.record(z.string(), z.unknown()).nullish(),
  person: PersonSchema.nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.unknown().optional() }).nullish(),
});

/** An item in any accepted spelling, validated in the canonical one (issue paths name canonical keys). */
export const ItemSchema = z.preprocess((raw) => canonicalItem(raw).item, CanonicalItemSchema);

/** The canonical page the client builds from whatever wrapper the vendor used. */
export const ItemPageBodySchema = z.object({
  items: z.array(ItemSchema),
  cursor: z.string().min(1).nullable(),
});

export type AggKnowledgeBatchSummary = z.infer<typeof BatchSummarySchema>;
export type AggKnowledgePerson = z.infer<typeof PersonSchema>;
export type AggKnowledgeItem = z.infer<typeof CanonicalItemSchema>;

export interface AggKnowledgeBatchList {
  batches: AggKnowledgeBatchSummary[];
  /** Undefined when the vendor gives none (a bare list). */
  total?: number;
  wrapper: ListWrapper;
}

/** Which spellings one item listing used: key names only. */
export interface AggKnowledgeListReading {
  wrapper: ListWrapper;
  cursorField: CursorField;
  /** The vendor's names of the item keys Leadflow read (isSuccess or is_success, person or profile…). */
  itemFields: string[];
}

/** The readings of every page of one listing, merged: a variant that changed between pages reads `a+b`. */
export interface AggKnowledgeItemsReading {
  wrapper: string;
  cursorField: string;
  itemFields: string[];
}

export interface AggKnowledgeItemPage {
  items: AggKnowledgeItem[];
  cursor: string | null;
  reading: AggKnowledgeListReading;
}

export interface AggKnowledgeBatchStatus {
  status: AggKnowledgeBatchState;
  /** The status word as the vendor wrote it (one Leadflow recognises), for the log of which reading applied. */
  statusValue: string;
  total?: number;
  completed?: number;
  failed?: number;
}
