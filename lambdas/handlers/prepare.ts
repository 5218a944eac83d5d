import type { PrepareInput, PrepareOutput } from '../app/prepareJob';
import { useCase } from '../aws/wiring/prepare';

/** Prepare (lambdas/app/prepareJob.ts). */
export const handler = (event: PrepareInput): Promise<PrepareOutput> => useCase()(event);
