import type { EventBridgeEvent } from 'aws-lambda';
import { deliverJobWebhook } from '../app/deliverJobWebhook';
import type { JobCompletedDetail } from '../core/job';
import { config } from '../aws/config';
import { FUNCTION_ENV } from '../aws/functionEnvironment';
import { lazy } from '../aws/lazy';
import { getTextSecret } from '../aws/secrets';
import { webhookRulesFromEnv } from '../aws/webhookRules';
import { invocationLog, jobStore } from '../aws/workflowPorts';
import { deliverWebhook } from '../core/webhook/deliver';

const ports = lazy(() => {
  const env = config(...FUNCTION_ENV.webhook);
  return {
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    // Read per delivery (the secrets layer caches it briefly): a rotated key is used without a redeploy.
    signingSecret: () => getTextSecret(env.WEBHOOK_SIGNING_SECRET_ID),
    deliver: deliverWebhook,
    allowPrivateHosts: webhookRulesFromEnv().allowPrivateHosts,
    now: () => new Date(),
    log: invocationLog,
  };
});

/** The job-completed webhook (lambdas/app/deliverJobWebhook.ts). */
export const handler = (event: EventBridgeEvent<'Leadflow Job Completed', JobCompletedDetail>): Promise<void> => deliverJobWebhook(ports(), event);
