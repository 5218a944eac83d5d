import type { LeadflowConfig } from './config';
import { SETTING_ENV_NAMES, settingsEnvironment } from '../lambdas/core/settings';
import { ESTIMATES_PREFIX } from '../lambdas/core/dropFolder';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { environmentNames } from '../lambdas/aws/functionEnvironment';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { arnOf } from './nag';
import type { Storage } from './storage';

/** Estimates running at once, at most; a further one is throttled and the API answers 5XX (the client retries). */
const ESTIMATE_CONCURRENCY = 5;

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
    const values: Record<string, string> = {
      DATA_BUCKET: bucket.bucketName,
      CACHE_TABLE: cacheTable.tableName,
      ...settingsEnvironment(props.config, ...SETTING_ENV_NAMES),
    };
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'estimate',
      description: 'Estimates a job before it runs: intake, dedupe, plan rules and the vendor cache; no vendor is called',
      memorySize: 1024,
      // The job API waits for it, and must still delete the file after it within API Gateway's 29 seconds.
      timeout: Duration.seconds(20),
      environment: Object.fromEntries(environmentNames('estimate').map((name) => [name, values[name]])),
      // A dry run is a request any key may send: bounded, it cannot take the account's concurrency from the jobs.
      reservedConcurrency: ESTIMATE_CONCURRENCY,
    });
    const fn = this.function;
    const keys = `${ESTIMATES_PREFIX}*`;
    // GetObject only: no listing, which would name every key of the bucket (the drop folder's file names).
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:GetObject'], resourceArns: [bucket.arnForObjects(keys)] });
    bucket.encryptionKey?.grantDecrypt(fn);
    fn.acknowledgeWildcard(`Resource::${arnOf(bucket)}/${keys}`, 'Each estimate reads the one file the job API put under estimates/<id>/');
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
