import type { BatchProgress, BatchStepInput } from '../app/ports';
import { useCase } from '../aws/wiring/submit';

/** Submit (lambdas/app/submitRound.ts). */
export const handler = (event: BatchStepInput): Promise<BatchProgress> => useCase()(event);
