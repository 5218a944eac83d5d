/* The adapters of the webhook handler (lambdas/handlers/webhook.ts), built once per container from its configuration. */
import type { DeliverJobWebhookPorts } from '../../app/deliverJobWebhook';
import { deliverWebhook } from '../../core/webhook/deliver';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { getTextSecret } from '../secrets';
import { webhookRulesFromEnv } from '../webhookRules';
import { invocationLog, jobStore } from '../workflowPorts';

export const ports = lazy((): DeliverJobWebhookPorts => {
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
