/* The adapters of the callback handler (lambdas/handlers/callback.ts), built once per container from its configuration. */
import type { AnswerCallbackPorts } from '../../app/vendorCallback';
import { now } from '../clock';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { lazy } from '../lazy';
import { countCallbackRejected } from '../metrics';
import { getTextSecretVersions } from '../secrets';
import { batchStore, invocationLog, wakeTask } from '../workflowPorts';

export const ports = lazy((): AnswerCallbackPorts => {
  const env = config(...FUNCTION_ENV.callback);
  return {
    batches: batchStore(env.BATCHES_TABLE),
    signingKeys: (fresh) => getTextSecretVersions(env.CALLBACK_SIGNING_SECRET_ID, fresh),
    wake: wakeTask,
    now,
    log: invocationLog,
    countRejected: countCallbackRejected,
  };
});
