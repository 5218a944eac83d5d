import type { EventBridgeEvent } from 'aws-lambda';
import { deliverJobWebhook } from '../app/deliverJobWebhook';
import { ports } from '../aws/wiring/webhook';
import type { JobCompletedDetail } from '../core/job';

/** The job-completed webhook (lambdas/app/deliverJobWebhook.ts). */
export const handler = (event: EventBridgeEvent<'Leadflow Job Completed', JobCompletedDetail>): Promise<void> => deliverJobWebhook(ports(), event);
