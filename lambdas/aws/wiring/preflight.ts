/* The adapters of the preflight handler (lambdas/handlers/preflight.ts), built once per container from its configuration. */
import type { CheckExportRightsPorts } from '../../app/checkExportRights';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { heroBaseClient, heroBasePacer } from '../herobase';
import { lazy } from '../lazy';
import { countVendorCalls } from '../metrics';
import { invocationLog, jobStore } from '../workflowPorts';

countVendorCalls();

export const ports = lazy((): CheckExportRightsPorts => {
  const env = config(...FUNCTION_ENV.preflight);
  const paced = heroBasePacer(env.HEROBASE_SECRET_ID, {
    limitsTable: env.LIMITS_TABLE,
    requestsPerMinute: env.HEROBASE_REQUESTS_PER_MINUTE,
    marginMs: env.VENDOR_LIMIT_MARGIN_MS,
  });
  // The client is built per check: the secret is read (cached briefly), so new credentials apply without a redeploy.
  return {
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    heroBase: () => heroBaseClient(env.HEROBASE_SECRET_ID, { maxAttempts: 1 }),
    paced: (call) => paced(call),
    log: invocationLog,
  };
});
