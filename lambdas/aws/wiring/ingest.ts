/* The adapters of the ingest handler (lambdas/handlers/ingest.ts), built once per container from its configuration. */
import type { StartJobsPorts } from '../../app/startJobsFromObjects';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { StepFunctionsExecutions } from '../executions';
import { lazy } from '../lazy';
import { readTextIfExists } from '../s3';
import { webhookRulesFromEnv } from '../webhookRules';
import { invocationLog, jobStore } from '../workflowPorts';

export const ports = lazy((): StartJobsPorts => {
  const env = config(...FUNCTION_ENV.ingest);
  const readText = (key: string) => readTextIfExists(env.DATA_BUCKET, key);
  return {
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    executions: new StepFunctionsExecutions(env.STATE_MACHINE_ARN),
    readText,
    webhooks: webhookRulesFromEnv(),
    now: () => new Date(),
    log: invocationLog,
  };
});
