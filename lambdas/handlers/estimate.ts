import type { EstimateInput } from '../app/estimateJob';
import type { JobEstimate } from '../core/estimate';
import { useCase } from '../aws/wiring/estimate';

/** The estimate (lambdas/app/estimateJob.ts), invoked by the job API for POST /jobs?dryRun=true and by `leadflow estimate`. */
export const handler = (event: EstimateInput): Promise<JobEstimate> => useCase()(event);
