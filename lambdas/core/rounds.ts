/** Records a vendor failed transiently (Leadspace 1100, AggKnowledge isRetryable) get exactly one more round. */
export const MAX_ROUNDS = 2;

/**
 * A batch round's own name at the vendor (Leadspace `external_bulk_id`, AggKnowledge's submission key in item
 * metadata): an answer that echoes another one is not this round's.
 */
export const roundKey = (batch: { jobId: string; batchId: string; round: number }): string => `${batch.jobId}:${batch.batchId}:${batch.round}`;
