import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../lambdas/core/metricNames';
import { ROTATION_DUE_DAYS } from '../lambdas/core/tokenRotation';
import { VENDORS } from '../lambdas/core/plan';
import type { LeadflowFunction } from './lambda-function';

export interface MonitoringProps {
  /** The workflow to watch. */
  readonly stateMachine: sfn.IStateMachine;
  /** Every Leadflow function, by a name used in alarm ids. */
  readonly functions: Readonly<Record<string, LeadflowFunction>>;
  /**
   * Functions whose errors are mostly vendor trouble the state machine retries (Submit, Poll): their alarm waits
   * for many errors; the vendor alarms below say what is wrong.
   */
  readonly retriedFunctions: readonly string[];
  /** Dead-letter queues, by a name used in alarm ids: anything in one is work that was given up on. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /**
   * Email address subscribed to the alarm topic (the recipient must confirm the subscription).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);
/** Leadflow's custom metrics (lambdas/aws/metrics.ts, lambdas/handlers/tokenAge.ts), per vendor. */
export const vendorMetric = (metricName: string, vendor: string, props: cloudwatch.MetricOptions = {}) =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: METRICS_SERVICE, Vendor: vendor },
    period: FIVE_MINUTES,
    statistic: 'Sum',
    ...props,
  });

/**
 * Alarms and where they go: one encrypted SNS topic, optionally mailed. Each alarm's description says what it
 * means; the README's runbook says what to do.
 */
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
    // Only on behalf of this account's alarms in this region: without the conditions, CloudWatch acting for any
    // account's alarm could use the key (the confused deputy).
    const { account, region, partition } = Stack.of(this);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );

    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'Leadflow alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
    const machine = props.stateMachine;
    this.alarm('ExecutionsFailed', machine.metricFailed(sum), 1, 'A Leadflow job failed: its record says why, and the results so far were merged');
    this.alarm(
      'ExecutionsTimedOut',
      machine.metricTimedOut(sum),
      1,
      'A Leadflow job ran into the execution timeout (executionTimeoutHours): it was merged with what it had',
    );
    this.alarm(
      'ExecutionsAborted',
      machine.metricAborted(sum),
      1,
      'A Leadflow job execution was stopped (a user cancelled it, or someone stopped it in the console)',
    );

    for (const [name, fn] of Object.entries(props.functions)) this.watchFunction(name, fn, props.retriedFunctions.includes(name));

    for (const vendor of VENDORS) {
      const v = pascal(vendor);
      this.alarm(
        `${v}Unauthorized`,
        vendorMetric(METRIC.vendorUnauthorized, vendor),
        1,
        `${vendor} refused the credentials (HTTP 401/403): the token is wrong, expired or revoked; jobs using it stop`,
      );
      this.alarm(
        `${v}OutOfCredits`,
        vendorMetric(METRIC.vendorOutOfCredits, vendor),
        1,
        `${vendor} reports no credits left (HTTP 427/402): jobs using it stop until the contract is topped up`,
      );
      this.alarm(
        `${v}ServerErrorRate`,
        serverErrorRate(vendor),
        10,
        `More than 10% of ${vendor} calls failed with 5XX or no answer for 15 minutes: the vendor is degraded`,
      );
      this.alarm(
        `${v}AnswersNotUnderstood`,
        vendorMetric(METRIC.vendorAnswersNotUnderstood, vendor),
        1,
        `${vendor} answered (and billed) in a form Leadflow could not read or map: the answers are kept; fix the reading, then leadflow reprocess (docs/vendors.md)`,
      );
      this.alarm(
        `${v}CallbackRejected`,
        vendorMetric(METRIC.callbackRejected, vendor),
        1,
        `A callback claiming to come from ${vendor} had a bad signature and was refused (403): someone forges callbacks, or the signing key changed`,
      );
      this.alarm(
        `${v}TokenAge`,
        vendorMetric(METRIC.tokenAgeDays, vendor, { period: Duration.days(1), statistic: 'Maximum' }),
        ROTATION_DUE_DAYS,
        `The ${vendor} token is ${ROTATION_DUE_DAYS} days old or more: rotation is due (README, "Rotating a vendor token")`,
      );
    }
    // HeroBase (the dialer) refuses or fails like a vendor: a changed password or an outage stops exports.
    this.alarm(
      'HerobaseUnauthorized',
      vendorMetric(METRIC.vendorUnauthorized, 'herobase'),
      1,
      'HeroBase refused the API user (HTTP 401/403): the password changed or a right was removed; exports stop',
    );
    this.alarm(
      'HerobaseServerErrorRate',
      serverErrorRate('herobase'),
      10,
      'More than 10% of HeroBase calls failed with 5XX or no answer for 15 minutes: exports fail lead by lead',
    );
    // An unknown vendor in the path is somebody probing the callback route.
    this.alarm(
      'UnknownCallbackRejected',
      vendorMetric(METRIC.callbackRejected, 'unknown'),
      1,
      'A callback for no known vendor was refused (403): someone is probing the callback route',
    );

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(
        `${pascal(name)}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
        `Messages are waiting in the ${name} dead-letter queue: work that failed every retry (see the runbook)`,
      );
    }
  }

  /** Errors and throttles of one function. `retried`: its errors are vendor trouble the state machine retries. */
  watchFunction(name: string, fn: LeadflowFunction, retried = false): void {
    const sum = { statistic: cloudwatch.Stats.SUM, period: retried ? Duration.minutes(15) : FIVE_MINUTES };
    this.alarm(
      `${pascal(name)}Errors`,
      fn.function.metricErrors(sum),
      retried ? 10 : 1,
      retried
        ? `The ${name} function failed 10 or more times in 15 minutes: vendor retries are failing (see the vendor alarms)`
        : `The ${name} function failed: see its log group for the error`,
    );
    this.alarm(
      `${pascal(name)}Throttles`,
      fn.function.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: FIVE_MINUTES }),
      1,
      `The ${name} function was throttled: the account's Lambda concurrency is exhausted`,
    );
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No data means nothing happened: no failures, no calls, no messages.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** The share of a vendor's calls answered 5XX (or not at all) over 15 minutes, once there are enough calls to judge. */
function serverErrorRate(vendor: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
    usingMetrics: {
      errors: vendorMetric(METRIC.vendorServerErrors, vendor, { period: Duration.minutes(15) }),
      requests: vendorMetric(METRIC.vendorRequests, vendor, { period: Duration.minutes(15) }),
    },
    period: Duration.minutes(15),
    label: `${vendor} 5XX and no-response %`,
  });
}

function pascal(name: string): string {
  return name.replace(/(^|[-_ ])([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
