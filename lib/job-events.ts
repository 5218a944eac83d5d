import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledge } from './nag';
import type { VendorSecrets } from './secrets';
import type { Storage } from './storage';

export interface JobEventsProps {
  readonly stateMachine: sfn.StateMachine;
  /** finalizes a stopped execution: `{ jobId, cancelled: true }` */
  readonly merge: LeadflowFunction;
  readonly storage: Storage;
  readonly secrets: VendorSecrets;
  readonly leadDataExpiryDays: number;
}

/**
 * What happens around a job's end on the default bus: a stopped (cancelled) execution goes to Merge, which keeps
 * what was enriched and ends the job CANCELLED; every "Leadflow Job Completed" event goes to the user's webhook,
 * retried by EventBridge for a day.
 */
export class JobEvents extends Construct {
  readonly webhook: LeadflowFunction;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: JobEventsProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetters, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the job event rules');

    new events.Rule(this, 'Cancelled', {
      description: 'A cancelled job execution: merge what exists and end the job CANCELLED',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['ABORTED'], stateMachineArn: [props.stateMachine.stateMachineArn] },
      },
      targets: [
        new targets.LambdaFunction(props.merge.function, {
          event: events.RuleTargetInput.fromObject({ jobId: events.EventField.fromPath('$.detail.name'), cancelled: true }),
          maxEventAge: Duration.hours(1),
          retryAttempts: 8,
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });

    this.webhook = new LeadflowFunction(this, 'Webhook', {
      handler: 'webhook',
      description: 'Calls the user webhook (signed) when a job ends',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: {
        JOBS_TABLE: props.storage.jobsTable.tableName,
        WEBHOOK_SIGNING_SECRET_ID: props.secrets.webhookSigningKey.secretArn,
        LEAD_DATA_EXPIRY_DAYS: String(props.leadDataExpiryDays),
      },
    });
    props.storage.jobsTable.grantReadData(this.webhook);
    props.secrets.webhookSigningKey.grantRead(this.webhook);
    new events.Rule(this, 'Completed', {
      description: 'A finished job: notify the user webhook',
      eventPattern: { source: ['leadflow'], detailType: ['Leadflow Job Completed'] },
      targets: [
        new targets.LambdaFunction(this.webhook.function, { maxEventAge: Duration.hours(24), retryAttempts: 20, deadLetterQueue: this.deadLetters }),
      ],
    });
  }
}
