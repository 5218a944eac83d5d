import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** The workflow to watch. */
  readonly stateMachine: sfn.IStateMachine;
  /**
   * Email address subscribed to the alarm topic (the recipient must confirm the subscription).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

/** Alarms and where they go. Starts with failed and timed-out jobs; more alarms join the same topic later. */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // A customer-managed key, not alias/aws/sns: CloudWatch can only publish to an encrypted topic if the
    // key policy lets it use the key, and the AWS-managed key's policy cannot be changed.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Leadflow alarm topic',
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Leadflow alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const everyFiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    this.alarm('ExecutionsFailed', props.stateMachine.metricFailed(everyFiveMinutes),
      'A Leadflow job failed: its record says why, and partial results were merged');
    this.alarm('ExecutionsTimedOut', props.stateMachine.metricTimedOut(everyFiveMinutes),
      'A Leadflow job ran into the 24-hour state-machine timeout');
  }

  private alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No executions means nothing failed.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
