/** Records a vendor failed transiently (Leadspace 1100, AggKnowledge isRetryable) get exactly one more round. */
export const MAX_ROUNDS = 2;
