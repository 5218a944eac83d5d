import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../lambdas/core/metricNames';
import { VENDORS } from '../lambdas/core/plan';
import { ROTATION_DUE_DAYS } from '../lambdas/core/tokenRotation';
import { vendorMetric } from './monitoring';

export interface DashboardProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const HOUR = Duration.hours(1);
const JOB_STATUSES = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;

/** One CloudWatch dashboard: jobs by status, rows per hour, vendor latency and errors, token ages, alarms. */
export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const perVendor = (metricName: string, options: cloudwatch.MetricOptions = {}) =>
      VENDORS.map((vendor) => vendorMetric(metricName, vendor, { label: vendor, ...options }));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Jobs by status (per hour)',
            stacked: true,
            left: JOB_STATUSES.map(
              (status) =>
                new cloudwatch.Metric({
                  namespace: METRICS_NAMESPACE,
                  metricName: METRIC.jobsEnded,
                  dimensionsMap: { service: METRICS_SERVICE, Status: status },
                  statistic: 'Sum',
                  period: HOUR,
                  label: status,
                }),
            ),
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Rows per hour',
            left: [
              new cloudwatch.Metric({
                namespace: METRICS_NAMESPACE,
                metricName: METRIC.rowsProcessed,
                dimensionsMap: { service: METRICS_SERVICE },
                statistic: 'Sum',
                period: HOUR,
                label: 'rows',
              }),
            ],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Executions',
            left: [
              props.stateMachine.metricStarted({ period: HOUR, label: 'started' }),
              props.stateMachine.metricSucceeded({ period: HOUR, label: 'succeeded' }),
              props.stateMachine.metricFailed({ period: HOUR, label: 'failed' }),
              props.stateMachine.metricTimedOut({ period: HOUR, label: 'timed out' }),
            ],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Vendor latency p90 (ms)', left: perVendor(METRIC.vendorLatency, { statistic: 'p90' }), width: 8 }),
          new cloudwatch.GraphWidget({
            title: 'Vendor errors',
            left: [
              ...perVendor(METRIC.vendorServerErrors).map((m) => m.with({ label: `${m.dimensions!.Vendor} 5XX/no answer` })),
              ...perVendor(METRIC.vendorUnauthorized).map((m) => m.with({ label: `${m.dimensions!.Vendor} 401/403` })),
              ...perVendor(METRIC.vendorOutOfCredits).map((m) => m.with({ label: `${m.dimensions!.Vendor} no credits` })),
            ],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Vendor token age (days)',
            left: perVendor(METRIC.tokenAgeDays, { statistic: 'Maximum', period: Duration.days(1) }),
            leftAnnotations: [{ value: ROTATION_DUE_DAYS, label: 'rotation due', color: cloudwatch.Color.RED }],
            width: 8,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 })],
      ],
    });
  }
}
