import { z } from 'zod';

/*
 * Response bodies as Leadflow reads the document (which names the fields but not every shape). Lenient where the
 * vendor may add or omit data (person fields, extra keys), strict where the client's logic depends on a value
 * (ids, flags, counts, the cursor): a field we do not map must never make a whole page unreadable.
 */

const text = z.string().nullish();
const count = z.number().int().nonnegative();

export const AcceptedBodySchema = z.looseObject({ batchId: z.string().min(1) });

export const BatchStatusValueSchema = z.enum(['pending', 'processing', 'completed']);
export type AggKnowledgeBatchState = z.infer<typeof BatchStatusValueSchema>;

export const BatchStatusBodySchema = z.looseObject({
  batchId: z.string().min(1),
  status: BatchStatusValueSchema,
  total: count,
  completed: count,
  failed: count,
  createdAt: z.iso.datetime({ offset: true }),
});

export const BatchSummarySchema = BatchStatusBodySchema;
export const BatchListBodySchema = z.looseObject({ batches: z.array(BatchSummarySchema), total: count });

export const PersonSchema = z.looseObject({
  id: text,
  fullName: text,
  firstName: text,
  lastName: text,
  headline: text,
  title: text,
  seniority: text,
  department: text,
  location: z.looseObject({ country: text, region: text, locality: text }).nullish(),
  linkedinUrl: text,
  currentEmployer: z.looseObject({ name: text, domain: text }).nullish(),
  workEmail: text,
});

export const ItemSchema = z.looseObject({
  id: z.string().min(1),
  isSuccess: z.boolean(),
  isRetryable: z.boolean(),
  // "Caller-supplied metadata associated with the request": whatever object was sent, or null.
  metadata: z.record(z.string(), z.unknown()).nullish(),
  person: PersonSchema.nullish(),
  error: z.looseObject({ code: z.string(), message: text }).nullish(),
});

export const ItemPageBodySchema = z.looseObject({
  items: z.array(ItemSchema),
  cursor: z.string().min(1).nullable(),
});

export type AggKnowledgeBatchSummary = z.infer<typeof BatchSummarySchema>;
export type AggKnowledgeBatchList = z.infer<typeof BatchListBodySchema>;
export type AggKnowledgePerson = z.infer<typeof PersonSchema>;
export type AggKnowledgeItem = z.infer<typeof ItemSchema>;
export type AggKnowledgeItemPage = z.infer<typeof ItemPageBodySchema>;

export interface AggKnowledgeBatchStatus {
  status: AggKnowledgeBatchState;
  total: number;
  completed: number;
  failed: number;
}
