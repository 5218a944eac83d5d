import { randomUUID } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from './clients';
import { config } from './config';
import { FUNCTION_ENV } from './functionEnvironment';
import { StepFunctionsExecutions } from './executions';
import { JobsRepository } from './jobsRepository';
import { deleteObject, putObject } from './s3';
import { lambdaEstimator } from './estimator';
import { describeToken, vendorSecretId } from './vendorSecrets';
import type { ApiPorts } from '../api/ports';

/** The job API's ports on AWS (and, through AWS_ENDPOINT_URL_*, on the local emulators). */
export function awsApiPorts(): ApiPorts {
  const env = config(...FUNCTION_ENV.api);
  const jobs = new JobsRepository(env.JOBS_TABLE, env.LEAD_DATA_EXPIRY_DAYS);
  const bucket = env.DATA_BUCKET;
  return {
    jobs: {
      get: (jobId) => jobs.get(jobId),
      create: (job) => jobs.createIfAbsent(job, new Date()),
      list: (query) => jobs.list(query),
      requestCancel: async (jobId) => {
        const now = new Date();
        if (!(await jobs.requestCancel(jobId, now))) return false;
        // A job still waiting for its upload has no execution to stop: it ends here.
        await jobs.transition(jobId, 'AWAITING_UPLOAD', 'CANCELLED', now);
        return true;
      },
      reopen: (jobId, kind) => jobs.reopen(jobId, kind, new Date()),
      restore: async (jobId, { status, failureReason }) => {
        await jobs.transition(jobId, 'RUNNING', status, new Date());
        if (failureReason) await jobs.recordFailureReason(jobId, failureReason);
      },
    },
    objects: {
      put: (key, body, contentType) => putObject(bucket, key, body, contentType),
      remove: (key) => deleteObject(bucket, key),
      presignPost: (key, contentType, maxBytes, expiresIn) =>
        createPresignedPost(s3Client(), {
          Bucket: bucket,
          Key: key,
          Fields: { 'Content-Type': contentType },
          Conditions: [['content-length-range', 1, maxBytes]],
          Expires: expiresIn,
        }),
      presignGet: (key, fileName, expiresIn) =>
        getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename="${fileName}"` }), {
          expiresIn,
        }),
    },
    executions: new StepFunctionsExecutions(env.STATE_MACHINE_ARN),
    estimates: lambdaEstimator(env.ESTIMATE_FUNCTION_NAME),
    // Secrets Manager metadata of the vendor secrets the environment names (GET /tokens): never a value.
    tokens: {
      describe: async (vendor) => {
        const id = vendorSecretId(vendor);
        return id === undefined ? undefined : describeToken(id);
      },
    },
    newJobId: randomUUID,
    now: () => new Date(),
  };
}
