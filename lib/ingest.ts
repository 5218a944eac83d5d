import type { LeadflowConfig } from './config';
import { settingsEnvironment } from '../lambdas/core/settings';
import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledge, arnOf } from './nag';
import type { Storage } from './storage';

export interface IngestProps {
  /** The data bucket whose `inbox/` and `uploads/` prefixes start jobs, and the jobs table. */
  readonly storage: Storage;
  /** The workflow each accepted object starts an execution of (named after the job, so replays start nothing). */
  readonly stateMachine: sfn.StateMachine;
  /** The deployment's settings (job records expire with the lead data). */
  readonly config: LeadflowConfig;
}

/**
 * Objects landing under `inbox/` (the drop folder) or `uploads/` (presigned uploads) start jobs. S3 invokes the
 * function asynchronously; events it still cannot handle after two retries land in {@link failures}, never
 * nowhere.
 *
 * The function reads only what it decides on: a dropped file's options sidecar (`inbox/`). It never reads an
 * upload or copies anything to `inputs/`: the execution's Prepare reads the object where it landed.
 */
export class Ingest extends Construct {
  readonly function: LeadflowFunction;
  /** S3 events the function failed on three times (encrypted, TLS only): alarm on its depth. */
  readonly failures: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { storage, stateMachine } = props;
    this.failures = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.failures, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter destination of the ingest function');
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'ingest',
      description: 'Starts a job for each object dropped in inbox/ or uploaded to uploads/',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: {
        JOBS_TABLE: storage.jobsTable.tableName,
        DATA_BUCKET: storage.dataBucket.bucketName,
        STATE_MACHINE_ARN: stateMachine.stateMachineArn,
        ...settingsEnvironment(props.config, 'LEAD_DATA_EXPIRY_DAYS'),
      },
    });
    const fn = this.function;
    new lambda.EventInvokeConfig(this, 'AsyncConfig', {
      function: fn.function,
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(this.failures),
    });
    storage.jobsTable.grantReadWriteData(fn);
    // Reads sidecar options next to dropped files.
    storage.dataBucket.grantRead(fn, 'inbox/*');
    fn.acknowledgeWildcard(`Resource::${arnOf(storage.dataBucket)}/inbox/*`, 'Any file a user drops in the inbox, and its options sidecar');
    fn.acknowledgeWildcard('Action::s3:GetObject*', 'grantRead: GetObject and its variants, on inbox objects only');
    fn.acknowledgeWildcard('Action::s3:GetBucket*', 'grantRead: bucket metadata only, no object data');
    fn.acknowledgeWildcard('Action::s3:List*', 'grantRead: listing makes a missing sidecar read as 404, not 403');
    stateMachine.grantStartExecution(fn);

    for (const prefix of ['inbox/', 'uploads/']) {
      storage.dataBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn.function), { prefix });
    }
    // CDK's own singleton function that writes the bucket's notification configuration at deploy time.
    const notificationsHandler = Stack.of(this).node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (notificationsHandler) {
      acknowledge(
        notificationsHandler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'CDK-managed deploy-time function (BucketNotificationsHandler) that only writes the bucket notification configuration',
      );
    }
  }
}
