/*
 * Operations, resource by resource: every alarm (metric, threshold, period, action), the daily token check, the
 * dashboard, and the vendor secrets' encryption. cdk-nag runs on this stack too (AwsSolutions, reasons required).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagChecks, buildApp } from '../../lib/app';
import type { LeadflowStack } from '../../lib/leadflow-stack';
import { logicalIdOf } from '../../lib/nag';
import { joinToText, resourcesOfType, type CfnTemplate } from './template';

let stack: LeadflowStack;
let template: Template;
let json: CfnTemplate;
const idOf = logicalIdOf;

beforeAll(() => {
  const built = buildApp({ context: { alarmEmail: 'ops@example.com' }, bundling: false });
  stack = built.stack;
  addNagChecks(built.app);
  built.app.synth();
  template = Template.fromStack(stack);
  json = template.toJSON() as CfnTemplate;
});

type Alarm = { Properties: Record<string, unknown> };
const alarms = (): [string, Alarm][] => resourcesOfType(json, 'AWS::CloudWatch::Alarm') as [string, Alarm][];
const topicRef = () => ({ Ref: idOf(stack.monitoring.topic) });
/** The alarm whose logical id starts with the construct path's id, e.g. "LeadspaceUnauthorized". */
function alarm(id: string): Alarm['Properties'] {
  const found = alarms().filter(([logicalId]) => logicalId.startsWith(`Monitoring${id}`));
  expect(
    found.map(([logicalId]) => logicalId),
    id,
  ).toHaveLength(1);
  return found[0]![1].Properties;
}

describe('alarms', () => {
  it('every alarm notifies the topic, and no data never alarms', () => {
    expect(alarms().length).toBeGreaterThan(40);
    for (const [id, a] of alarms()) {
      expect(a.Properties.AlarmActions, id).toEqual([topicRef()]);
      expect(a.Properties.TreatMissingData, id).toBe('notBreaching');
      expect(a.Properties.ComparisonOperator, id).toBe('GreaterThanOrEqualToThreshold');
      expect(String(a.Properties.AlarmDescription).length, id).toBeGreaterThan(30);
    }
  });

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])('%s: any in 5 minutes', (metric) => {
    expect(alarm(metric)).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: metric,
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: idOf(stack.workflow.stateMachine) } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });

  it('watches every function for errors and throttles; Submit and Poll only when retries keep failing', () => {
    const functions = resourcesOfType(json, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
    for (const [fnId] of functions) {
      const watching = alarms().filter(([, a]) => JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fnId } }]));
      expect(watching.map(([, a]) => a.Properties.MetricName).sort(), fnId).toEqual(['Errors', 'Throttles']);
    }
    const errorsOf = (fn: { function: unknown }) =>
      alarms().find(
        ([, a]) =>
          a.Properties.MetricName === 'Errors' &&
          JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: idOf(fn.function as never) } }]),
      )![1].Properties;
    expect(errorsOf(stack.workflow.functions.submit)).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Period: 900, Threshold: 10 });
    expect(errorsOf(stack.workflow.functions.poll)).toMatchObject({ Period: 900, Threshold: 10 });
    expect(errorsOf(stack.workflow.functions.merge)).toMatchObject({ Period: 300, Threshold: 1 });
    expect(errorsOf(stack.publicApi.callbackFunction!)).toMatchObject({ Period: 300, Threshold: 1 });
    expect(errorsOf(stack.tokenReminders.function)).toMatchObject({ Period: 300, Threshold: 1 });
  });

  it.each(['leadspace', 'leadgenius', 'aggknowledge'])('%s: refused credentials, no credits, forged callbacks, each at once', (vendor) => {
    const name = vendor === 'leadspace' ? 'Leadspace' : vendor === 'leadgenius' ? 'Leadgenius' : 'Aggknowledge';
    for (const [id, metric] of [
      ['Unauthorized', 'VendorUnauthorized'],
      ['OutOfCredits', 'VendorOutOfCredits'],
      ['CallbackRejected', 'CallbackRejected'],
    ]) {
      expect(alarm(`${name}${id}`)).toMatchObject({
        Namespace: 'Leadflow',
        MetricName: metric,
        Dimensions: [
          { Name: 'Vendor', Value: vendor },
          { Name: 'service', Value: 'leadflow' },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
    }
  });

  it.each(['leadspace', 'leadgenius', 'aggknowledge'])('%s: 5XX (or no answer) on 10%% of at least 20 calls over 15 minutes', (vendor) => {
    const name = vendor === 'leadspace' ? 'Leadspace' : vendor === 'leadgenius' ? 'Leadgenius' : 'Aggknowledge';
    const rate = alarm(`${name}ServerErrorRate`);
    expect(rate.Threshold).toBe(10);
    const queries = rate.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: Record<string, unknown>; Period: number; Stat: string } }>;
    expect(queries.find((q) => q.Expression)!.Expression).toBe('IF(requests >= 20, 100 * errors / requests, 0)');
    for (const [queryId, metric] of [
      ['errors', 'VendorServerErrors'],
      ['requests', 'VendorRequests'],
    ]) {
      expect(queries.find((q) => q.Id === queryId)!.MetricStat).toEqual({
        Metric: {
          Namespace: 'Leadflow',
          MetricName: metric,
          Dimensions: [
            { Name: 'Vendor', Value: vendor },
            { Name: 'service', Value: 'leadflow' },
          ],
        },
        Period: 900,
        Stat: 'Sum',
      });
    }
  });

  it.each(['leadspace', 'leadgenius', 'aggknowledge'])('%s: token age at 180 days (daily maximum)', (vendor) => {
    const name = vendor === 'leadspace' ? 'Leadspace' : vendor === 'leadgenius' ? 'Leadgenius' : 'Aggknowledge';
    expect(alarm(`${name}TokenAge`)).toMatchObject({
      Namespace: 'Leadflow',
      MetricName: 'TokenAgeDays',
      Dimensions: [
        { Name: 'Vendor', Value: vendor },
        { Name: 'service', Value: 'leadflow' },
      ],
      Statistic: 'Maximum',
      Period: 86_400,
      Threshold: 180,
    });
  });

  it('herobase: refused API user, and 5XX on 10% of at least 20 calls', () => {
    expect(alarm('HerobaseUnauthorized')).toMatchObject({
      Namespace: 'Leadflow',
      MetricName: 'VendorUnauthorized',
      Dimensions: [
        { Name: 'Vendor', Value: 'herobase' },
        { Name: 'service', Value: 'leadflow' },
      ],
      Period: 300,
      Threshold: 1,
    });
    expect(alarm('HerobaseServerErrorRate').Threshold).toBe(10);
  });

  it('alarms on anything in a dead-letter queue', () => {
    for (const [id, queue] of [
      ['JobEventsDeadLettersDepth', stack.jobEvents.deadLetters],
      ['IngestFailuresDepth', stack.ingest.failures],
    ] as const) {
      expect(alarm(id)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(queue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 1,
      });
    }
  });

  it('sends alarms to an encrypted topic with the configured e-mail subscription', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: topicRef() });
  });
});

describe('the daily token check', () => {
  it('runs the tokenAge function once a day', () => {
    const [ruleId, rule] = resourcesOfType(json, 'AWS::Events::Rule').find(([, r]) => r.Properties!.ScheduleExpression !== undefined)!;
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 7 * * ? *)',
      State: 'ENABLED',
      Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [idOf(stack.tokenReminders.function.function), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('may describe and tag the vendor secrets and publish to the alarm topic, but never read a secret value', () => {
    const role = idOf(stack.tokenReminders.function.role);
    const [, policy] = resourcesOfType(json, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties!.Roles) === JSON.stringify([{ Ref: role }]))!;
    const statements = (policy.Properties!.PolicyDocument as { Statement: Array<{ Action: string | string[]; Resource: unknown }> }).Statement;
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toEqual(
      expect.arrayContaining(['secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:TagResource', 'sns:Publish']),
    );
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
    const secrets = statements.find((s) => [s.Action].flat().includes('secretsmanager:DescribeSecret'))!.Resource;
    expect(secrets).toEqual(
      expect.arrayContaining([stack.secrets.leadspace, stack.secrets.leadGenius, stack.secrets.aggKnowledge].map((s) => ({ Ref: idOf(s) }))),
    );
    expect(secrets).toHaveLength(3);
  });
});

describe('the dashboard', () => {
  it('shows jobs by status, rows per hour, vendor latency and errors, token ages and the alarms', () => {
    const [, dashboard] = resourcesOfType(json, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = joinToText(dashboard.Properties!.DashboardBody);
    for (const title of ['Jobs by status', 'Rows per hour', 'Vendor latency', 'Vendor errors', 'Vendor token age', 'Alarms']) {
      expect(body).toContain(title);
    }
    for (const metric of ['JobsEnded', 'RowsProcessed', 'VendorLatency', 'VendorServerErrors', 'VendorUnauthorized', 'TokenAgeDays']) {
      expect(body).toContain(metric);
    }
  });
});

describe('vendor secrets', () => {
  it('are one per vendor, encrypted with the customer-managed key, generated (no value in the template)', () => {
    const key = { 'Fn::GetAtt': [idOf(stack.secrets.key), 'Arn'] };
    for (const secret of [stack.secrets.leadspace, stack.secrets.leadGenius, stack.secrets.aggKnowledge]) {
      const [, resource] = resourcesOfType(json, 'AWS::SecretsManager::Secret').find(([id]) => id === idOf(secret))!;
      expect(resource.Properties).toMatchObject({ KmsKeyId: key, GenerateSecretString: expect.anything() });
      expect(resource.Properties).not.toHaveProperty('SecretString');
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});
