import type { S3Event } from 'aws-lambda';
import { startJobsFromObjects } from '../app/startJobsFromObjects';
import { bareETag } from '../aws/s3';
import { ports } from '../aws/wiring/ingest';

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
