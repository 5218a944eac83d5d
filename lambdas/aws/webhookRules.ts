import type { WebhookTargetRules } from '../core/webhook/deliver';

/**
 * Where a job's webhook may go, for the functions that check it (ingest, webhook delivery). Deployed, never a
 * private host and never plain http; the local runtime sets LEADFLOW_ALLOW_PRIVATE_WEBHOOKS, since its receivers
 * live on loopback and speak http (local/runtime.ts). Read directly, not through config(): the stack never sets it.
 */
export function webhookRulesFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookTargetRules {
  const local = env.LEADFLOW_ALLOW_PRIVATE_WEBHOOKS === 'true';
  return { allowPrivateHosts: local, allowHttp: local };
}
