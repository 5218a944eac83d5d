import type { S3Event } from 'aws-lambda';
import { startJobsFromObjects, type StartJobsPorts } from '../app/startJobsFromObjects';
import { config } from '../aws/config';
import { StepFunctionsExecutions } from '../aws/executions';
import { lazy } from '../aws/lazy';
import { bareETag, readTextIfExists } from '../aws/s3';
import { webhookRulesFromEnv } from '../aws/webhookRules';
import { invocationLog, jobStore } from '../aws/workflowPorts';

const ports = lazy((): StartJobsPorts => {
  const env = config('JOBS_TABLE', 'DATA_BUCKET', 'STATE_MACHINE_ARN', 'LEAD_DATA_EXPIRY_DAYS');
  const readText = (key: string) => readTextIfExists(env.DATA_BUCKET, key);
  return { jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS), executions: new StepFunctionsExecutions(env.STATE_MACHINE_ARN), readText, webhooks: webhookRulesFromEnv(), now: () => new Date(), log: invocationLog };
});

/** Objects created under uploads/ and inbox/ (lambdas/app/startJobsFromObjects.ts). */
export async function handler(event: S3Event): Promise<void> {
  const objects = event.Records.map(({ s3: { object } }) => ({
    key: object.key,
    // S3 always sends an ETag for created objects (bare); a hand-made event may not.
    ...(object.eTag ? { eTag: bareETag(object.eTag) } : {}),
    sequencer: object.sequencer,
  }));
  await startJobsFromObjects(ports(), objects);
}
