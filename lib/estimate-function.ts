import type { LeadflowConfig } from './config';
import { settingsEnvironment } from '../lambdas/core/settings';
import { ESTIMATES_PREFIX } from '../lambdas/core/dropFolder';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { arnOf } from './nag';
import type { Storage } from './storage';

export interface EstimateFunctionProps {
  readonly storage: Storage;
  readonly config: LeadflowConfig;
}

/**
 * The estimate (POST /jobs?dryRun=true): the job's intake and plan rules over the file, with the cross-job cache
 * read, never written, and no vendor called (lambdas/handlers/estimate.ts). Its own function so that the job API's
 * stays small: reading every input format needs the decoders Prepare bundles.
 */
export class EstimateFunction extends Construct {
  readonly function: LeadflowFunction;

  constructor(scope: Construct, id: string, props: EstimateFunctionProps) {
    super(scope, id);
    const { dataBucket: bucket, cacheTable } = props.storage;
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'estimate',
      description: 'Estimates a job before it runs: intake, dedupe, plan rules and the vendor cache; no vendor is called',
      memorySize: 1024,
      // The job API waits for it, and API Gateway gives up after 29 seconds.
      timeout: Duration.seconds(28),
      environment: {
        DATA_BUCKET: bucket.bucketName,
        CACHE_TABLE: cacheTable.tableName,
        ...settingsEnvironment(
          props.config,
          'CACHE_TTL_DAYS',
          'MAX_INPUT_BYTES',
          'MAX_INPUT_ROWS',
          'LEADGENIUS_OBJECTS_PER_HOUR',
          'AGGKNOWLEDGE_TIER3_PER_MINUTE',
          'AGGKNOWLEDGE_ENVIRONMENT',
          'LEADSPACE_BACKLOG_LEADS',
        ),
      },
    });
    const fn = this.function;
    const keys = `${ESTIMATES_PREFIX}*`;
    bucket.grantRead(fn, keys);
    fn.acknowledgeWildcard(`Resource::${arnOf(bucket)}/${keys}`, 'Each estimate reads the one file the job API put under estimates/<id>/');
    fn.acknowledgeWildcard('Action::s3:GetObject*', 'grantRead: GetObject and its variants, on estimate inputs only');
    fn.acknowledgeWildcard('Action::s3:GetBucket*', 'grantRead: bucket metadata only, no object data');
    fn.acknowledgeWildcard('Action::s3:List*', 'grantRead: listing makes a missing file read as 404, not 403');
    // Looks answers up only (lambdas/aws/vendorCache.ts getMany): no write, no scan.
    cacheTable.grant(fn, 'dynamodb:BatchGetItem', 'dynamodb:GetItem');
  }

  /** The job API invokes it, and puts and deletes the file it reads. */
  grantUse(api: LeadflowFunction, storage: Storage): void {
    this.function.function.grantInvoke(api);
    api.acknowledgeWildcard(`Resource::${arnOf(this.function.function)}:*`, "grantInvoke: the estimate function's versions; it has no alias");
    const keys = `${ESTIMATES_PREFIX}*`;
    storage.dataBucket.grantPut(api, keys);
    storage.dataBucket.grantDelete(api, keys);
    api.acknowledgeWildcard(`Resource::${arnOf(storage.dataBucket)}/${keys}`, 'Each estimate puts, then deletes, one file under estimates/<id>/');
    api.acknowledgeWildcard('Action::s3:DeleteObject*', 'grantDelete: DeleteObject and DeleteObjectVersion, on estimate inputs only');
  }
}
