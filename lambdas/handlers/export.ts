import { exportToCampaign } from '../app/exportToCampaign';
import { ports } from '../aws/wiring/export';

/** Export to a HeroBase campaign (lambdas/app/exportToCampaign.ts). */
export const handler = (event: { jobId: string }): Promise<{ done: boolean }> => exportToCampaign(ports(), event.jobId);
