/*
 * The intake and completion wiring of issue 3, resource by resource: job API routes, auth, usage plan, request
 * validation and problem+json gateway responses; the S3 drop-folder and upload notifications; the EventBridge
 * rules for cancellation and completion webhooks; and the permissions each new function gets (no more).
 */
import { Validations, type App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import type { LeadflowFunction } from '../../lib/lambda-function';
import type { LeadflowStack } from '../../lib/leadflow-stack';
import { logicalIdOf as idOf } from '../../lib/nag';
import { JOB_ROUTES, resourcesOfType, type CfnResource, type CfnTemplate } from './template';

let app: App;
let stack: LeadflowStack;
let template: Template;
let json: CfnTemplate;

beforeAll(() => {
  // Default settings: the usage plan must carry the documented defaults (10/s, burst 20, 100,000 a month).
  ({ app, stack } = buildApp({ bundling: false }));
  template = Template.fromStack(stack);
  json = template.toJSON() as CfnTemplate;
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(fn: LeadflowFunction): Statement[] {
  const role = idOf(fn.role);
  return resourcesOfType(json, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties!.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The resources a role may use `action` on, each rendered as text (`<LogicalId>` for references). */
function resourcesFor(fn: LeadflowFunction, action: string): string[] {
  return statementsOf(fn)
    .filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes(action))
    .flatMap((s) => [s.Resource].flat())
    .map(render);
}

function actionsOf(fn: LeadflowFunction): string[] {
  return [...new Set(statementsOf(fn).flatMap((s) => [s.Action].flat()))].sort();
}

/** A template value as text: references as `<LogicalId>`, pseudo parameters as `<AWS::...>`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(render).join(',');
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return `<${String(object.Ref)}>`;
  if ('Fn::GetAtt' in object) return `<${(object['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  if ('Fn::Select' in object) {
    const [index, list] = object['Fn::Select'] as [number, unknown];
    return `select(${index},${render(list)})`;
  }
  if ('Fn::Split' in object) {
    const [separator, source] = object['Fn::Split'] as [string, unknown];
    return `split(${separator},${render(source)})`;
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

const bucketArn = () => `<${idOf(stack.storage.dataBucket)}.Arn>`;
const jobsTableArn = () => `<${idOf(stack.storage.jobsTable)}.Arn>`;
const machine = () => `<${idOf(stack.workflow.stateMachine)}>`;

/** `"POST /jobs/{jobId}"` → the method's properties, from the Resource tree. */
function routes(): Map<string, Record<string, unknown>> {
  const resources = new Map(resourcesOfType(json, 'AWS::ApiGateway::Resource'));
  const pathOf = (ref: unknown): string => {
    const resource = resources.get((ref as { Ref?: string }).Ref ?? '');
    return resource ? `${pathOf(resource.Properties!.ParentId)}/${String(resource.Properties!.PathPart)}` : '';
  };
  return new Map(
    resourcesOfType(json, 'AWS::ApiGateway::Method').map(([, m]) => [`${String(m.Properties!.HttpMethod)} ${pathOf(m.Properties!.ResourceId)}`, m.Properties!]),
  );
}

/** The web console's files: public, served by a function of their own that holds no data (lib/console.ts). */
const CONSOLE_ROUTES = ['GET /console', 'GET /console/{asset}'];

describe('job API routes', () => {
  it('has exactly the job routes and the callback route, and nothing else', () => {
    expect([...routes().keys()].sort()).toEqual([...JOB_ROUTES, ...CONSOLE_ROUTES, 'POST /callbacks/{vendor}/{jobId}/{batchId}'].sort());
  });

  it.each(JOB_ROUTES)('%s requires an API key and proxies to the API function', (route) => {
    const method = routes().get(route)!;
    expect(method).toMatchObject({
      ApiKeyRequired: true,
      AuthorizationType: 'NONE',
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
    expect(render(method.Integration && (method.Integration as { Uri: unknown }).Uri)).toContain(`<${idOf(stack.jobApi.function.function)}.Arn>`);
  });

  it('validates only what the function would refuse too: JSON bodies are objects, path ids are present', () => {
    const [validatorId] = resourcesOfType(json, 'AWS::ApiGateway::RequestValidator').find(([id]) => id.includes('JobApiValidator'))!;
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    const [modelId, model] = resourcesOfType(json, 'AWS::ApiGateway::Model').find(([id]) => id.includes('JobApiJsonObject'))!;
    // Any JSON object: the fields are zod's to check (its 400s name them).
    expect(model.Properties).toMatchObject({ ContentType: 'application/json', Schema: { type: 'object' } });
    expect(Object.keys(model.Properties!.Schema as object).sort()).toEqual(['$schema', 'type']);

    for (const route of JOB_ROUTES) {
      const method = routes().get(route)!;
      expect(method.RequestValidatorId, route).toEqual({ Ref: validatorId });
      const hasJsonBody = route === 'POST /jobs' || route === 'POST /uploads';
      // Only application/json has a model: a text/csv (or gzip) body has none, so it passes untouched.
      expect(method.RequestModels, route).toEqual(hasJsonBody ? { 'application/json': { Ref: modelId } } : undefined);
      expect(method.RequestParameters, route).toEqual(route.includes('{jobId}') ? { 'method.request.path.jobId': true } : undefined);
    }
  });

  it('acknowledges APIG4/COG4 on the job methods only, because they require an API key', () => {
    const acks = new Map<string, string[]>();
    for (const construct of app.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [rule, reason] of Object.entries(entry.data as Record<string, string>)) {
          if (!/APIG4|COG4/.test(rule) || construct.node.path.includes('/callbacks/') || construct.node.path.includes('/console')) continue;
          expect(String(reason)).toMatch(/API key.*usage plan/);
          acks.set(construct.node.path, [...(acks.get(construct.node.path) ?? []), rule.replace(/^annotation::/i, '')]);
        }
      }
    }
    const jobMethods = [...acks.keys()];
    expect(jobMethods).toHaveLength(JOB_ROUTES.length);
    for (const path of jobMethods) {
      expect(path).toMatch(/^Leadflow\/Callbacks\/Api\/Default\/(jobs|uploads|openapi\.json|tokens)(\/.*)?\/(GET|POST|DELETE)$/);
      expect(acks.get(path)!.sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
    }
  });
});

describe('API keys and usage plan', () => {
  it('throttles and caps each key with the default limits, on the API stage', () => {
    const [planId, plan] = resourcesOfType(json, 'AWS::ApiGateway::UsagePlan')[0]!;
    expect(resourcesOfType(json, 'AWS::ApiGateway::UsagePlan')).toHaveLength(1);
    expect(plan.Properties).toMatchObject({
      Throttle: { RateLimit: 10, BurstLimit: 20 },
      Quota: { Limit: 100_000, Period: 'MONTH' },
      ApiStages: [{ ApiId: { Ref: idOf(stack.publicApi.api) }, Stage: { Ref: idOf(stack.publicApi.api.deploymentStage) } }],
    });
    const [keyId, key] = resourcesOfType(json, 'AWS::ApiGateway::ApiKey')[0]!;
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
      KeyId: { Ref: keyId },
      KeyType: 'API_KEY',
      UsagePlanId: { Ref: planId },
    });
    // Generated by API Gateway: no value in the template.
    expect(key.Properties).toMatchObject({ Enabled: true });
    expect(key.Properties).not.toHaveProperty('Value');
  });

  it('outputs the key id, never its value', () => {
    const [keyId] = resourcesOfType(json, 'AWS::ApiGateway::ApiKey')[0]!;
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown; Description?: string }> }).Outputs;
    expect(outputs.ApiKeyId).toMatchObject({ Value: { Ref: keyId }, Description: expect.stringContaining('--include-value') });
    // The Ref of an ApiKey is its id; nothing else refers to the key.
    const mentions = Object.values(outputs).filter((o) => JSON.stringify(o.Value).includes(keyId));
    expect(mentions).toHaveLength(1);
  });
});

describe('errors API Gateway answers itself', () => {
  const expected: Record<string, { status?: string; type: string }> = {
    INVALID_API_KEY: { status: '401', type: 'unauthorized' },
    MISSING_AUTHENTICATION_TOKEN: { status: '404', type: 'not-found' },
    THROTTLED: { status: '429', type: 'too-many-requests' },
    QUOTA_EXCEEDED: { status: '429', type: 'too-many-requests' },
    REQUEST_TOO_LARGE: { status: '413', type: 'payload-too-large' },
    BAD_REQUEST_BODY: { status: '400', type: 'invalid-request' },
    BAD_REQUEST_PARAMETERS: { status: '400', type: 'invalid-request' },
    DEFAULT_4XX: { type: 'error' },
    DEFAULT_5XX: { type: 'internal-error' },
  };

  it("are RFC 9457 problem+json documents shaped like the function's", () => {
    const responses = resourcesOfType(json, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties!);
    expect(responses.map((r) => r.ResponseType).sort()).toEqual(Object.keys(expected).sort());
    for (const response of responses) {
      const type = String(response.ResponseType);
      const { status, type: slug } = expected[type]!;
      expect(response.RestApiId, type).toEqual({ Ref: idOf(stack.publicApi.api) });
      expect(response.StatusCode, type).toEqual(status);
      expect(response.ResponseParameters, type).toEqual({ 'gatewayresponse.header.Content-Type': "'application/problem+json'" });
      // API Gateway substitutes $context.error.messageString with a quoted JSON string.
      const body = String((response.ResponseTemplates as Record<string, string>)['application/json']);
      const problem = JSON.parse(body.replace('$context.error.messageString', '"Forbidden"')) as Record<string, unknown>;
      expect(problem, type).toMatchObject({ type: `https://leadflow.dev/problems/${slug}`, title: expect.any(String), detail: expect.any(String) });
      if (status) expect(problem.status, type).toBe(Number(status));
      else expect(problem, type).not.toHaveProperty('status');
    }
  });
});

describe('API function', () => {
  it('reads the variables the API handler needs', () => {
    const fn = json.Resources[idOf(stack.jobApi.function.function)]!;
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      JOBS_TABLE: { Ref: idOf(stack.storage.jobsTable) },
      DATA_BUCKET: { Ref: idOf(stack.storage.dataBucket) },
      STATE_MACHINE_ARN: { Ref: idOf(stack.workflow.stateMachine) },
      LEAD_DATA_EXPIRY_DAYS: '14',
    });
    expect(fn.Properties).toMatchObject({ Timeout: 29 });
  });

  it('may start executions of this state machine, and neither stop nor describe any', () => {
    const api = stack.jobApi.function;
    expect(resourcesFor(api, 'states:StartExecution')).toEqual([machine()]);
    expect(resourcesFor(api, 'states:StopExecution')).toEqual([]);
    expect(resourcesFor(api, 'states:DescribeExecution')).toEqual([]);
  });

  it('presigns PUTs under inputs/ and uploads/ and GETs of job outputs only, and deletes only the files it estimated', () => {
    const api = stack.jobApi.function;
    expect(resourcesFor(api, 's3:PutObject').sort()).toEqual([`${bucketArn()}/estimates/*`, `${bucketArn()}/inputs/*`, `${bucketArn()}/uploads/*`]);
    expect(resourcesFor(api, 's3:GetObject*').sort()).toEqual([bucketArn(), `${bucketArn()}/jobs/*/output/*`]);
    expect(resourcesFor(api, 'dynamodb:PutItem')).toEqual([jobsTableArn(), `${jobsTableArn()}/index/*`]);
    const actions = actionsOf(api);
    expect(actions.filter((a) => /Delete/.test(a) && a.startsWith('s3:'))).toEqual(['s3:DeleteObject*']);
    expect(resourcesFor(api, 's3:DeleteObject*')).toEqual([`${bucketArn()}/estimates/*`]);
    // GET /tokens: the vendor secrets' dates, never their values.
    expect(actions.filter((a) => /^(secretsmanager|events|sqs|kms):/.test(a))).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:ListSecretVersionIds',
    ]);
    expect(actions.filter((a) => a.startsWith('lambda:'))).toEqual(['lambda:InvokeFunction']);
  });

  it('lists jobs through the byCreatedAt index (kind = "job", newest first) and one key\'s through byOwner', () => {
    const [, table] = resourcesOfType(json, 'AWS::DynamoDB::Table').find(([id]) => id === idOf(stack.storage.jobsTable))!;
    const index = (name: string, partition: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: partition, KeyType: 'HASH' },
        { AttributeName: 'createdAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(table.Properties!.GlobalSecondaryIndexes).toEqual([index('byCreatedAt', 'kind'), index('byOwner', 'owner')]);
    expect(table.Properties!.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'kind', AttributeType: 'S' },
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ]),
    );
  });

  it("tells the function which key is the operator's, and reads, creates, updates and queries jobs only", () => {
    const api = stack.jobApi.function;
    const [, fn] = resourcesOfType(json, 'AWS::Lambda::Function').find(([id]) => id === idOf(api.function))!;
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.OPERATOR_API_KEY_ID).toEqual({ Ref: idOf(stack.jobApi.apiKey) });
    expect(
      actionsOf(api)
        .filter((a) => a.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
  });
});

describe('drop folder and uploads', () => {
  it('sends objects created under inbox/ and under uploads/ to the ingest function, nothing else', () => {
    const notifications = resourcesOfType(json, 'Custom::S3BucketNotifications');
    expect(notifications).toHaveLength(1);
    const properties = notifications[0]![1].Properties!;
    expect(properties.BucketName).toEqual({ Ref: idOf(stack.storage.dataBucket) });
    const configuration = properties.NotificationConfiguration as Record<string, unknown>;
    expect(Object.keys(configuration)).toEqual(['LambdaFunctionConfigurations']);
    const ingestArn = { 'Fn::GetAtt': [idOf(stack.ingest.function.function), 'Arn'] };
    expect(configuration.LambdaFunctionConfigurations).toEqual(
      ['inbox/', 'uploads/'].map((prefix) => ({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
        LambdaFunctionArn: ingestArn,
      })),
    );
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: ingestArn,
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::GetAtt': [idOf(stack.storage.dataBucket), 'Arn'] },
    });
  });

  it('gives the ingest function its variables and only what the handler does', () => {
    const ingest = stack.ingest.function;
    const fn = json.Resources[idOf(ingest.function)]!;
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      JOBS_TABLE: { Ref: idOf(stack.storage.jobsTable) },
      DATA_BUCKET: { Ref: idOf(stack.storage.dataBucket) },
      STATE_MACHINE_ARN: { Ref: idOf(stack.workflow.stateMachine) },
      LEAD_DATA_EXPIRY_DAYS: '14',
    });
    expect(resourcesFor(ingest, 'states:StartExecution')).toEqual([machine()]);
    // It reads a dropped file's options sidecar; Prepare reads the input itself.
    expect(resourcesFor(ingest, 's3:GetObject*').sort()).toEqual([bucketArn(), `${bucketArn()}/inbox/*`]);
    expect(resourcesFor(ingest, 'dynamodb:UpdateItem')).toEqual([jobsTableArn(), `${jobsTableArn()}/index/*`]);
    expect(actionsOf(ingest).filter((a) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
    expect(actionsOf(ingest)).not.toContain('states:StopExecution');
  });

  it('keeps events the ingest function failed on three times in an encrypted, TLS-only queue', () => {
    const queue = idOf(stack.ingest.failures);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: idOf(stack.ingest.function.function) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    expectEncryptedTlsOnlyQueue(queue);
    expect(resourcesFor(stack.ingest.function, 'sqs:SendMessage')).toEqual([`<${queue}.Arn>`]);
  });
});

function expectEncryptedTlsOnlyQueue(queue: string): void {
  expect(json.Resources[queue]!.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [{ Ref: queue }],
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
    },
  });
}

describe('job events', () => {
  const rule = (detailType: string, status?: string): [string, CfnResource] =>
    resourcesOfType(json, 'AWS::Events::Rule').find(([, r]) => {
      const pattern = r.Properties!.EventPattern as { 'detail-type': string[]; detail?: { status?: string[] } };
      return JSON.stringify(pattern['detail-type']) === JSON.stringify([detailType]) && (!status || pattern.detail?.status?.[0] === status);
    })!;
  const deadLetters = () => ({ 'Fn::GetAtt': [idOf(stack.jobEvents.deadLetters), 'Arn'] });

  it('has exactly three event rules (besides the daily token check), all on the default bus', () => {
    const rules = resourcesOfType(json, 'AWS::Events::Rule').filter(([, r]) => r.Properties!.EventPattern !== undefined);
    expect(rules).toHaveLength(3);
    for (const [, r] of rules) expect(r.Properties).not.toHaveProperty('EventBusName');
  });

  it('hands executions of this state machine that were stopped to Merge as { jobId, cancelled: true }', () => {
    const [ruleId, cancelled] = rule('Step Functions Execution Status Change', 'ABORTED');
    const merge = idOf(stack.workflow.functions.merge.function);
    expect(cancelled.Properties).toMatchObject({
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { status: ['ABORTED'], stateMachineArn: [{ Ref: idOf(stack.workflow.stateMachine) }] },
      },
    });
    expect(cancelled.Properties!.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [merge, 'Arn'] },
        InputTransformer: {
          InputPathsMap: { 'detail-name': '$.detail.name' },
          InputTemplate: '{"jobId":<detail-name>,"cancelled":true}',
        },
        RetryPolicy: { MaximumEventAgeInSeconds: 3_600, MaximumRetryAttempts: 8 },
        DeadLetterConfig: { Arn: deadLetters() },
      },
    ]);
    expectInvokePermission(merge, ruleId);
  });

  it('hands executions that timed out to Merge as a failure, so the job ends FAILED with what it has', () => {
    const [ruleId, timedOut] = rule('Step Functions Execution Status Change', 'TIMED_OUT');
    const merge = idOf(stack.workflow.functions.merge.function);
    expect(timedOut.Properties!.EventPattern).toMatchObject({
      detail: { status: ['TIMED_OUT'], stateMachineArn: [{ Ref: idOf(stack.workflow.stateMachine) }] },
    });
    expect(timedOut.Properties!.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [merge, 'Arn'] },
        InputTransformer: {
          InputPathsMap: { 'detail-name': '$.detail.name' },
          InputTemplate: '{"jobId":<detail-name>,"failure":{"error":"States.Timeout"}}',
        },
        DeadLetterConfig: { Arn: deadLetters() },
      }),
    ]);
    expectInvokePermission(merge, ruleId);
  });

  it('sends "Leadflow Job Completed" to the webhook function, retried, with a dead-letter queue', () => {
    const [ruleId, completed] = rule('Leadflow Job Completed');
    const webhook = idOf(stack.jobEvents.webhook.function);
    expect(completed.Properties!.EventPattern).toEqual({ source: ['leadflow'], 'detail-type': ['Leadflow Job Completed'] });
    expect(completed.Properties!.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [webhook, 'Arn'] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 20 },
        DeadLetterConfig: { Arn: deadLetters() },
      },
    ]);
    expectInvokePermission(webhook, ruleId);
  });

  it('lets only the three rules write to the dead-letter queue, which is encrypted and TLS-only', () => {
    const queue = idOf(stack.jobEvents.deadLetters);
    expectEncryptedTlsOnlyQueue(queue);
    const policy = resourcesOfType(json, 'AWS::SQS::QueuePolicy').find(([, p]) => JSON.stringify(p.Properties!.Queues) === JSON.stringify([{ Ref: queue }]))!;
    const allows = (policy[1].Properties!.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.filter((s) => s.Effect === 'Allow');
    expect(
      allows.map((s) => [s.Principal, s.Action, render((s.Condition as { ArnEquals: Record<string, unknown> }).ArnEquals['aws:SourceArn'])]).sort(),
    ).toEqual(
      [
        rule('Step Functions Execution Status Change', 'ABORTED')[0],
        rule('Step Functions Execution Status Change', 'TIMED_OUT')[0],
        rule('Leadflow Job Completed')[0],
      ]
        .map((id) => [{ Service: 'events.amazonaws.com' }, 'sqs:SendMessage', `<${id}.Arn>`])
        .sort(),
    );
  });

  it("sends failed rule invocations of Merge and the webhook function to the dead-letter queue after Lambda's retries", () => {
    for (const [fn, age] of [
      [stack.workflow.functions.merge, 3_600],
      [stack.jobEvents.webhook, 21_600],
    ] as const) {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: idOf(fn.function) },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: age,
        DestinationConfig: { OnFailure: { Destination: deadLetters() } },
      });
      expect(resourcesFor(fn, 'sqs:SendMessage')).toEqual([`<${idOf(stack.jobEvents.deadLetters)}.Arn>`]);
    }
  });

  it('lets Merge put events on the default bus only, and tells it the bus name', () => {
    const merge = stack.workflow.functions.merge;
    expect(resourcesFor(merge, 'events:PutEvents')).toEqual(['arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:event-bus/default']);
    const variables = (json.Resources[idOf(merge.function)]!.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.EVENT_BUS_NAME).toBe('default');
    // No other function may put events.
    for (const fn of [stack.jobApi.function, stack.ingest.function, stack.jobEvents.webhook, stack.workflow.functions.prepare]) {
      expect(actionsOf(fn)).not.toContain('events:PutEvents');
    }
  });

  it('gives the webhook function read-only job records and the webhook signing key, nothing else', () => {
    const webhook = stack.jobEvents.webhook;
    const fn = json.Resources[idOf(webhook.function)]!;
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      JOBS_TABLE: { Ref: idOf(stack.storage.jobsTable) },
      WEBHOOK_SIGNING_SECRET_ID: { Ref: idOf(stack.secrets.webhookSigningKey) },
      LEAD_DATA_EXPIRY_DAYS: '14',
    });
    expect(resourcesFor(webhook, 'secretsmanager:GetSecretValue')).toEqual([`<${idOf(stack.secrets.webhookSigningKey)}>`]);
    expect(resourcesFor(webhook, 'dynamodb:GetItem')).toEqual([jobsTableArn(), `${jobsTableArn()}/index/*`]);
    expect(actionsOf(webhook).filter((a) => /^(s3|states|events):|dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
    // Reading the secret takes the secrets key too: the key policy grants decrypt through Secrets Manager only.
    const keyPolicy = JSON.stringify(json.Resources[idOf(stack.secrets.key)]!.Properties!.KeyPolicy);
    expect(keyPolicy).toContain(idOf(webhook.role));
  });

  it('generates the webhook signing key and acknowledges its manual rotation', () => {
    const secret = json.Resources[idOf(stack.secrets.webhookSigningKey)]!;
    expect(secret.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      KmsKeyId: { 'Fn::GetAtt': [idOf(stack.secrets.key), 'Arn'] },
    });
    const acks = stack.secrets.webhookSigningKey.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(JSON.stringify(acks.map((m) => m.data))).toMatch(/SMG4.*rotat/);
  });
});

function expectInvokePermission(functionId: string, ruleId: string): void {
  template.hasResourceProperties('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
    Principal: 'events.amazonaws.com',
    SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
  });
}
