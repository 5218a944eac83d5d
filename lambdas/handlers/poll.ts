import type { BatchProgress, BatchStepInput } from '../app/ports';
import { useCase } from '../aws/wiring/poll';

/** Poll (lambdas/app/pollRound.ts). */
export const handler = (event: BatchStepInput): Promise<BatchProgress> => useCase()(event);
