/* The adapters of the prepare handler (lambdas/handlers/prepare.ts), built once per container from its configuration. */
import { prepareJob, type PrepareInput, type PrepareJobPorts } from '../../app/prepareJob';
import { config } from '../config';
import { writeSearchAsInput } from '../heroBaseSource';
import { lazy } from '../lazy';
import { openObjectWriter, putJson, readObjectVersion } from '../s3';
import { invocationLog, jobStore } from '../workflowPorts';

export const useCase = lazy(() => {
  const env = config('JOBS_TABLE', 'DATA_BUCKET', 'LEAD_DATA_EXPIRY_DAYS', 'HEROBASE_SECRET_ID', 'MAX_INPUT_BYTES', 'MAX_INPUT_ROWS');
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
