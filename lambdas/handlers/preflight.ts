import { checkExportRights } from '../app/checkExportRights';
import { ports } from '../aws/wiring/preflight';

/** Preflight (lambdas/app/checkExportRights.ts). */
export const handler = (event: { jobId: string }): Promise<void> => checkExportRights(ports(), event.jobId);
