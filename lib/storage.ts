import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag';
import { JOB_INDEXES } from '../lambdas/core/jobIndexes';
import { ESTIMATES_PREFIX } from '../lambdas/core/dropFolder';

export interface StorageProps {
  /** Days after which lead data objects expire (job and batch records expire through their `expiresAt`). */
  readonly leadDataExpiryDays: number;
  /**
   * Keep the data bucket and the tables when the stack is deleted. Turn off only for throw-away dev stacks:
   * deletion then removes job records, and fails on a bucket that still holds objects.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * Days to keep S3 server access logs.
   * @default 90
   */
  readonly accessLogRetentionDays?: number;
}

/** Where Leadflow keeps things: one bucket for lead data, its access-log bucket, and the job and batch tables. */
export class Storage extends Construct {
  /**
   * Lead data: inputs, batches, vendor results and outputs, under `jobs/<jobId>/` (see
   * lambdas/core/jobLayout.ts). An `inbox/` prefix will become a drop folder that starts jobs.
   */
  readonly dataBucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  /** One item per job: partition key `jobId`. */
  readonly jobsTable: dynamodb.Table;
  /** One item per batch: partition key `jobId`, sort key `batchId`, so a job's batches are one Query. */
  readonly batchesTable: dynamodb.Table;
  /** Vendor answers reused across jobs: partition key `cacheKey` (a hash of what the vendor was asked). */
  readonly cacheTable: dynamodb.Table;
  /** Shared vendor rate-limit ledgers: partition key `limitKey`, one item per vendor key and limit. */
  readonly limitsTable: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const dataRemovalPolicy = (props.retainData ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // cdk-nag S1 does not ask a log bucket to log its own access (that would log every delivery, recursively).
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      // Server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
      removalPolicy: dataRemovalPolicy,
    });

    this.dataBucket = new s3.Bucket(this, 'Data', {
      // SSE-S3 rather than a customer-managed key: every object is encrypted at rest without a KMS call per
      // request (a 500-batch job makes thousands), and access is governed by IAM and the TLS-only policy.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // No versioning: everything here is derived per job and deliberately short-lived. Versioning would keep
      // noncurrent copies of lead data (PII) after the objects expire, which is what expiry exists to prevent.
      versioned: false,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        { id: 'ExpireLeadData', expiration: Duration.days(props.leadDataExpiryDays) },
        // A file to estimate is deleted once estimated; should the job API die first, it goes within a day.
        { id: 'ExpireEstimateInputs', prefix: ESTIMATES_PREFIX, expiration: Duration.days(1) },
        // Prepare and Merge stream large objects as multipart uploads; a crash would leave invisible parts.
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: dataRemovalPolicy,
    });

    this.jobsTable = this.table('Jobs', { name: 'jobId', type: dynamodb.AttributeType.STRING }, undefined, dataRemovalPolicy);
    // GET /jobs lists newest first: all jobs for an operator, the caller's own for anyone else.
    for (const index of [JOB_INDEXES.all, JOB_INDEXES.byOwner]) {
      this.jobsTable.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: JOB_INDEXES.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.batchesTable = this.table(
      'Batches',
      { name: 'jobId', type: dynamodb.AttributeType.STRING },
      { name: 'batchId', type: dynamodb.AttributeType.STRING },
      dataRemovalPolicy,
    );
    // Derived data only (answers can be bought again, ledgers refill): deleting the stack leaves no lead data behind,
    // and no backup keeps the cache's vendor answers (lead data) for 35 days past their expiry.
    this.cacheTable = this.table('VendorCache', { name: 'cacheKey', type: dynamodb.AttributeType.STRING }, undefined, RemovalPolicy.DESTROY, false);
    this.limitsTable = this.table('RateLimits', { name: 'limitKey', type: dynamodb.AttributeType.STRING }, undefined, RemovalPolicy.DESTROY, false);
    for (const table of [this.cacheTable, this.limitsTable]) {
      acknowledge(
        table,
        'AwsSolutions-DDB3',
        'No point-in-time recovery on purpose: the table holds derived data only (vendor answers can be bought again, rate ledgers refill), and a backup would keep cached lead data 35 days past its expiry',
      );
    }
  }

  private table(
    id: string,
    partitionKey: dynamodb.Attribute,
    sortKey: dynamodb.Attribute | undefined,
    removalPolicy: RemovalPolicy,
    pointInTimeRecovery = true,
  ): dynamodb.Table {
    return new dynamodb.Table(this, id, {
      partitionKey,
      sortKey,
      // Jobs arrive in bursts and sit idle in between: on-demand costs nothing while idle.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: pointInTimeRecovery },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // Records carry their own expiry (job creation + leadDataExpiryDays), matching the bucket's lifecycle.
      timeToLiveAttribute: 'expiresAt',
      removalPolicy,
    });
  }
}
