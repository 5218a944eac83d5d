/* The adapters of the prepare handler (lambdas/handlers/prepare.ts), built once per container from its configuration. */
import { prepareJob, type PrepareInput, type PrepareJobPorts } from '../../app/prepareJob';
import { config } from '../config';
import { FUNCTION_ENV } from '../functionEnvironment';
import { writeSearchAsInput } from '../heroBaseSource';
import { lazy } from '../lazy';
import { openObjectWriter, putJson, readObjectVersion } from '../s3';
import { invocationLog, jobStore } from '../workflowPorts';

export const useCase = lazy(() => {
  const env = config(...FUNCTION_ENV.prepare);
  const bucket = env.DATA_BUCKET;
  const ports: PrepareJobPorts = {
    jobs: jobStore(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS),
    objects: {
      readVersion: (key, etag) => readObjectVersion(bucket, key, etag),
      openWriter: (key, type) => openObjectWriter(bucket, key, type),
      putJson: (key, value) => putJson(bucket, key, value),
    },
    writeSearchAsInput: (search, inputKey) => writeSearchAsInput(env.HEROBASE_SECRET_ID, search, bucket, inputKey),
    now: () => new Date(),
    log: invocationLog,
  };
  return (event: PrepareInput) => prepareJob(ports, { maxInputBytes: env.MAX_INPUT_BYTES, maxInputRows: env.MAX_INPUT_ROWS }, event);
});
