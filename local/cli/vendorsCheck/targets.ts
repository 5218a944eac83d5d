import { SETTINGS } from '../../../lambdas/core/settings';
import { aggKnowledgeClient } from '../../../lambdas/aws/aggknowledge';
import { heroBaseClient } from '../../../lambdas/aws/herobase';
import { leadGeniusClient } from '../../../lambdas/aws/leadgenius';
import { getJsonSecret } from '../../../lambdas/aws/secrets';
import { TargetUnavailable, type VendorTargets } from './check';
import { leadspaceTarget } from './leadspace';

/** The variables naming each vendor's secret: the pipeline's own (lib/workflow.ts, `leadflow secrets`). */
export const CHECK_SECRET_ENV = {
  leadspace: 'LEADSPACE_SECRET_ID',
  leadgenius: 'LEADGENIUS_SECRET_ID',
  aggknowledge: 'AGGKNOWLEDGE_SECRET_ID',
  herobase: 'HEROBASE_SECRET_ID',
} as const;

/** Whether the environment names any vendor secret: then the deployed secrets are checked, not the simulators. */
export function namesDeployedSecrets(env: NodeJS.ProcessEnv = process.env): boolean {
  return Object.values(CHECK_SECRET_ENV).some((name) => (env[name] ?? '').trim() !== '');
}

/**
 * The clients the pipeline would build, from the secrets the environment names (read through Secrets Manager,
 * wherever AWS_ENDPOINT_URL_SECRETS_MANAGER points: AWS, or the embedded runtime's emulator) and the same base URL
 * variables and defaults. Every call is made once: a check never resends what a vendor may have accepted.
 */
export function targetsFromEnvironment(env: NodeJS.ProcessEnv = process.env, options: { campaignCode?: string } = {}): VendorTargets {
  const secretId = (vendor: keyof typeof CHECK_SECRET_ENV): string => {
    const id = (env[CHECK_SECRET_ENV[vendor]] ?? '').trim();
    if (!id) throw new TargetUnavailable(`${CHECK_SECRET_ENV[vendor]} is not set`);
    return id;
  };
  const url = (name: string, fallback: string): string => (env[name] ?? '').trim() || fallback;
  return {
    leadspace: async () => leadspaceTarget(await getJsonSecret<unknown>(secretId('leadspace')), url('LEADSPACE_BASE_URL', SETTINGS.leadspaceBaseUrl.default)),
    leadgenius: async () => ({
      client: (await leadGeniusClient(secretId('leadgenius'), url('LEADGENIUS_BASE_URL', SETTINGS.leadGeniusBaseUrl.default))).client,
    }),
    // `test` whatever AGGKNOWLEDGE_ENVIRONMENT says: the sandbox is unbilled, and the check runs without --spend.
    aggknowledge: async () => ({
      client: await aggKnowledgeClient(secretId('aggknowledge'), url('AGGKNOWLEDGE_BASE_URL', SETTINGS.aggKnowledgeBaseUrl.default), 'test', {
        maxAttempts: 1,
      }),
    }),
    herobase: async () => ({
      client: await heroBaseClient(secretId('herobase'), { maxAttempts: 1 }),
      ...(options.campaignCode !== undefined && { campaignCode: options.campaignCode }),
    }),
  };
}
