import { config } from '../aws/config';
import { FUNCTION_ENV } from '../aws/functionEnvironment';
import { BatchesRepository } from '../aws/batchesRepository';
import { lazy } from '../aws/lazy';
import type { BatchStepInput } from '../app/ports';
import { CallbackAlreadyReceived } from '../core/errors';

const batches = lazy(() => new BatchesRepository(config(...FUNCTION_ENV.await).BATCHES_TABLE));

/**
 * Parks the state machine's task token on the batch so the vendor callback can resume it. If the callback
 * beat us here, fail fast with CallbackAlreadyReceived: the state machine then polls at once instead of
 * waiting a full poll interval for a token nobody will use.
 */
export async function handler(event: BatchStepInput & { taskToken: string }): Promise<void> {
  const batch = await batches().get(event.jobId, event.batchId);
  if (!(await batches().registerTaskToken(batch, event.taskToken))) {
    throw new CallbackAlreadyReceived('The vendor callback for this round already arrived');
  }
}
