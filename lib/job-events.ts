import type { LeadflowConfig } from './config';
import { settingsEnvironment } from '../lambdas/core/settings';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledge } from './nag';
import type { VendorSecrets } from './secrets';
import type { Storage } from './storage';

export interface JobEventsProps {
  /** The workflow whose stopped (cancelled) executions are finalized. */
  readonly stateMachine: sfn.StateMachine;
  /** The workflow's Merge function: given `{ jobId, cancelled: true }` it keeps what was enriched, ends CANCELLED. */
  readonly merge: LeadflowFunction;
  /** The jobs table the webhook function reads a job's webhook URL from. */
  readonly storage: Storage;
  /** Holds the key that signs user webhooks. */
  readonly secrets: VendorSecrets;
  /** The deployment's settings (job records expire with the lead data). */
  readonly config: LeadflowConfig;
}

/**
 * What happens around a job's end on the default bus: a stopped (cancelled) execution goes to Merge, which keeps
 * what was enriched and ends the job CANCELLED; every "Leadflow Job Completed" event goes to the webhook function,
 * which calls the user's URL when the job asked for it.
 *
 * Two layers of retries: EventBridge retries delivering to Lambda (the rules' retry policies), and once Lambda
 * has accepted an event, Lambda retries a failing function twice (the asynchronous invoke configs). Whatever
 * still fails lands in {@link deadLetters}.
 */
export class JobEvents extends Construct {
  readonly webhook: LeadflowFunction;
  /** Events neither rule could deliver and invocations that failed every retry (encrypted, TLS only). */
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: JobEventsProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetters, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the job event rules and functions');

    // Merge is also invoked synchronously by the state machine; this config applies to the rule's invocations only.
    this.retryFailedInvocations('MergeAsyncConfig', props.merge, Duration.hours(1));
    const toMerge = (input: Record<string, unknown>) =>
      new targets.LambdaFunction(props.merge.function, {
        // Executions are named after their job.
        event: events.RuleTargetInput.fromObject({ jobId: events.EventField.fromPath('$.detail.name'), ...input }),
        maxEventAge: Duration.hours(1),
        retryAttempts: 8,
        deadLetterQueue: this.deadLetters,
      });
    // The exact ARN: the distributed Map's child executions belong to `<machine>/<map run>` and never match.
    const executionEnded = (status: string) => ({
      source: ['aws.states'],
      detailType: ['Step Functions Execution Status Change'],
      detail: { status: [status], stateMachineArn: [props.stateMachine.stateMachineArn] },
    });
    new events.Rule(this, 'Cancelled', {
      description: 'A cancelled job execution: merge what exists and end the job CANCELLED',
      eventPattern: executionEnded('ABORTED'),
      targets: [toMerge({ cancelled: true })],
    });
    // A timeout ends the execution where no Catch can see it: without this, the job would stay RUNNING, unmerged.
    new events.Rule(this, 'TimedOut', {
      description: 'A job execution that ran out of time: merge what exists and end the job FAILED',
      eventPattern: executionEnded('TIMED_OUT'),
      targets: [toMerge({ failure: { error: 'States.Timeout' } })],
    });

    this.webhook = new LeadflowFunction(this, 'Webhook', {
      handler: 'webhook',
      description: 'Calls the user webhook (signed) when a job ends',
      memorySize: 256,
      timeout: Duration.seconds(60),
      environment: {
        JOBS_TABLE: props.storage.jobsTable.tableName,
        WEBHOOK_SIGNING_SECRET_ID: props.secrets.webhookSigningKey.secretArn,
        ...settingsEnvironment(props.config, 'LEAD_DATA_EXPIRY_DAYS'),
      },
    });
    props.storage.jobsTable.grantReadData(this.webhook);
    props.secrets.webhookSigningKey.grantRead(this.webhook);
    // The function's own attempts, then Lambda's two retries (about one and three minutes later), then the queue.
    this.retryFailedInvocations('WebhookAsyncConfig', this.webhook, Duration.hours(6));
    new events.Rule(this, 'Completed', {
      description: 'A finished job: notify the user webhook',
      eventPattern: { source: ['leadflow'], detailType: ['Leadflow Job Completed'] },
      targets: [
        new targets.LambdaFunction(this.webhook.function, {
          maxEventAge: Duration.hours(24),
          retryAttempts: 20,
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }

  /** Lambda's retries of a function invoked by a rule (at most two), then the dead-letter queue. */
  private retryFailedInvocations(id: string, target: LeadflowFunction, maxEventAge: Duration): void {
    new lambda.EventInvokeConfig(this, id, {
      function: target.function,
      retryAttempts: 2,
      maxEventAge,
      onFailure: new destinations.SqsDestination(this.deadLetters),
    });
  }
}
