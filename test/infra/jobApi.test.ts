import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app';
import type { LeadflowStack } from '../../lib/leadflow-stack';
import { logicalIdOf } from '../../lib/nag';
import { JOB_ROUTES, resourcesOfType, type CfnTemplate } from './template';

let stack: LeadflowStack;
let template: Template;
let json: CfnTemplate;

beforeAll(() => {
  ({ stack } = buildApp({ context: { apiRateLimit: '7', apiBurstLimit: 14, apiMonthlyQuota: '5000', teamApiKeys: 'sales,marketing' }, bundling: false }));
  template = Template.fromStack(stack);
  json = template.toJSON() as CfnTemplate;
});

/** "POST /jobs/{jobId}" for every method on the REST API, from the Resource tree. */
function routes(): Map<string, Record<string, unknown>> {
  const resources = new Map(resourcesOfType(json, 'AWS::ApiGateway::Resource'));
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    const resource = id ? resources.get(id) : undefined;
    if (!resource) return '';
    return `${pathOf(resource.Properties!.ParentId)}/${String(resource.Properties!.PathPart)}`;
  };
  return new Map(
    resourcesOfType(json, 'AWS::ApiGateway::Method').map(([, m]) => [`${String(m.Properties!.HttpMethod)} ${pathOf(m.Properties!.ResourceId)}`, m.Properties!]),
  );
}

describe('job API', () => {
  it('serves every job route through the API function, each requiring an API key', () => {
    const all = routes();
    for (const route of JOB_ROUTES) {
      const method = all.get(route);
      expect(method, route).toBeDefined();
      expect(method!.ApiKeyRequired, route).toBe(true);
      expect(JSON.stringify(method!.Integration), route).toContain(logicalIdOf(stack.jobApi.function.function));
    }
    // The only methods without a key: the signed vendor callback, and the web console's page (public, no data) on its own function.
    expect([...all].filter(([, m]) => m.ApiKeyRequired !== true).map(([route]) => route)).toEqual([
      'POST /callbacks/{vendor}/{jobId}/{batchId}',
      'GET /console',
      'GET /console/{asset}',
    ]);
    for (const route of ['GET /console', 'GET /console/{asset}']) {
      expect(JSON.stringify(all.get(route)!.Integration), route).toContain(logicalIdOf(stack.webConsole.function.function));
    }
  });

  it('passes CSV and gzip bodies to the function as bytes', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['text/csv', 'application/gzip', 'application/octet-stream'] });
  });

  it('throttles and caps each key with a usage plan bound to the stage', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 7, BurstLimit: 14 },
      Quota: { Limit: 5000, Period: 'MONTH' },
      ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
    });
  });

  it('lets the API function start executions (never stop them) and presign only its prefixes', () => {
    const policies = JSON.stringify(
      resourcesOfType(json, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes(logicalIdOf(stack.jobApi.function.role))),
    );
    for (const action of ['states:StartExecution', 's3:PutObject']) expect(policies).toContain(action);
    // A cancelled job stops buying by itself and still collects what vendors accepted: nothing to stop.
    expect(policies).not.toContain('states:StopExecution');
    expect(policies).toContain('/inputs/*');
    expect(policies).toContain('/uploads/*');
    // Deletes only what it put for an estimate (POST /jobs?dryRun=true), once estimated.
    expect(policies.match(/s3:DeleteObject/g)).toHaveLength(1);
    expect(policies).toContain('/estimates/*');
  });

  it('gives the operator and each team a key of its own, all under the usage plan, each named in an output', () => {
    const keys = resourcesOfType(json, 'AWS::ApiGateway::ApiKey');
    expect(keys).toHaveLength(3);
    const planKeys = resourcesOfType(json, 'AWS::ApiGateway::UsagePlanKey').map(([, k]) => (k.Properties!.KeyId as { Ref: string }).Ref);
    expect(planKeys.sort()).toEqual(keys.map(([id]) => id).sort());
    const outputs = template.toJSON().Outputs as Record<string, { Value: { Ref: string }; Description: string }>;
    expect(outputs.ApiKeyId!.Value.Ref).toBe(logicalIdOf(stack.jobApi.apiKey));
    expect(outputs.ApiKeyId!.Description).toMatch(/operator/);
    for (const team of ['sales', 'marketing']) {
      expect(outputs[`TeamApiKeyId${team}`]!.Value.Ref).toBe(logicalIdOf(stack.jobApi.teamKeys.get(team)!));
      expect(outputs[`TeamApiKeyId${team}`]!.Description).toContain(`Team ${team}`);
    }
  });

  it("lists all jobs through a byCreatedAt index, one key's through a byOwner index", () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byCreatedAt',
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });
});

describe('drop folder and uploads', () => {
  it('notifies the ingest function of objects created under inbox/ and uploads/ only', () => {
    const [, notifications] = resourcesOfType(json, 'Custom::S3BucketNotifications')[0]!;
    const configs = (notifications.Properties!.NotificationConfiguration as { LambdaFunctionConfigurations: Record<string, unknown>[] })
      .LambdaFunctionConfigurations;
    const prefixes = configs.map((c) => JSON.stringify(c.Filter));
    expect(configs).toHaveLength(2);
    expect(prefixes.some((p) => p.includes('"inbox/"'))).toBe(true);
    expect(prefixes.some((p) => p.includes('"uploads/"'))).toBe(true);
    for (const c of configs) {
      expect(c.Events).toEqual(['s3:ObjectCreated:*']);
      expect(JSON.stringify(c.LambdaFunctionArn)).toContain(logicalIdOf(stack.ingest.function.function));
    }
  });

  it('keeps ingest events it cannot handle in an encrypted queue after two retries', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(stack.ingest.failures), 'Arn'] } } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });
});

describe('job events', () => {
  it('sends stopped executions of this state machine to Merge as a cancellation', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['ABORTED'], stateMachineArn: [{ Ref: logicalIdOf(stack.workflow.stateMachine) }] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack.workflow.functions.merge.function), 'Arn'] },
          InputTransformer: Match.objectLike({ InputPathsMap: { 'detail-name': '$.detail.name' } }),
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 8 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('sends "Leadflow Job Completed" to the webhook function, retried for a day', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['leadflow'], 'detail-type': ['Leadflow Job Completed'] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalIdOf(stack.jobEvents.webhook.function), 'Arn'] },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 20 },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it('lets Merge put events on the default bus', () => {
    const mergeRole = logicalIdOf(stack.workflow.functions.merge.role);
    const policies = JSON.stringify(resourcesOfType(json, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes(mergeRole)));
    expect(policies).toContain('events:PutEvents');
    expect(policies).toContain('event-bus/default');
  });
});

describe('the estimate function (POST /jobs?dryRun=true)', () => {
  const policyOf = () =>
    JSON.stringify(
      resourcesOfType(json, 'AWS::IAM::Policy').filter(([, p]) =>
        JSON.stringify(p.Properties!.Roles).includes(logicalIdOf(stack.jobApi.estimate.function.role)),
      ),
    );

  it('reads only the files put under estimates/ (no listing of the bucket) and looks the cache up, never writing it', () => {
    const policy = policyOf();
    expect(policy).toContain('"s3:GetObject"');
    expect(policy).toContain('/estimates/*');
    expect(policy).not.toMatch(/s3:List|s3:Put|s3:Delete/);
    expect(policy).toContain('dynamodb:BatchGetItem');
    expect(policy).not.toMatch(/dynamodb:(PutItem|UpdateItem|BatchWriteItem|DeleteItem|Scan|Query)/);
  });

  it('runs at most a few at once, within the API timeout, and the files it reads expire within a day if left behind', () => {
    const fn = json.Resources[logicalIdOf(stack.jobApi.estimate.function.function)]!;
    expect(fn.Properties).toMatchObject({ ReservedConcurrentExecutions: 5, Timeout: 20 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: 'ExpireEstimateInputs', Prefix: 'estimates/', ExpirationInDays: 1 })]) },
    });
  });
});
