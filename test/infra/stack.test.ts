import type { LeadflowFunction } from '../../lib/lambda-function';
import type { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagChecks, buildApp } from '../../lib/app';
import type { LeadflowStack } from '../../lib/leadflow-stack';
import { logicalIdOf } from '../../lib/nag';
import { acknowledgements, directViolations, reportedViolations, staleAcknowledgements } from './nag';
import { findCycle, joinToText, referencedIds, resourcesOfType, type CfnTemplate } from './template';
import { ERROR_NAMES } from '../../lambdas/core/errorNames';
import { environmentNames, FUNCTION_ENV, type FunctionName } from '../../lambdas/aws/functionEnvironment';

/** Non-default settings, some as strings the way `cdk synth -c` passes them. */
const CONTEXT = {
  maxConcurrentBatches: '37',
  pollIntervalSeconds: 45,
  leadDataExpiryDays: '9',
  cacheTtlDays: '7',
  alarmEmail: 'ops@example.com',
};

interface State {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  [key: string]: unknown;
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
}

let app: App;
let stack: LeadflowStack;
let assembly: CloudAssembly;
let template: Template;
let json: CfnTemplate;
let definition: Definition;

const idOf = logicalIdOf;

beforeAll(() => {
  ({ app, stack } = buildApp({ context: CONTEXT, bundling: false, cloudFormationValidation: true }));
  addNagChecks(app);
  // Throws with the full report if any AwsSolutions finding is neither fixed nor acknowledged.
  assembly = app.synth();
  template = Template.fromStack(stack);
  json = template.toJSON() as CfnTemplate;
  const [, machine] = resourcesOfType(json, 'AWS::StepFunctions::StateMachine')[0]!;
  definition = JSON.parse(joinToText(machine.Properties!.DefinitionString)) as Definition;
});

describe('cdk-nag (AwsSolutions)', () => {
  it('reports no unacknowledged findings', () => {
    expect(reportedViolations(assembly)).toEqual([]);
    // The same check straight from the pack, warnings included (APIG3 is a warning).
    expect(directViolations(app)).toEqual([]);
  });

  it('acknowledges the unauthenticated callback route on that method only, with a reason', () => {
    const acknowledged = acknowledgements(app);
    const method = 'Leadflow/Callbacks/Api/Default/callbacks/{vendor}/{jobId}/{batchId}/POST';
    const authAcks = acknowledged.filter((a) => /APIG4|COG4/.test(a.rule));
    expect(authAcks.filter((a) => a.path.includes('/callbacks/'))).toEqual([
      expect.objectContaining({ rule: 'AwsSolutions-APIG4', path: method }),
      expect.objectContaining({ rule: 'AwsSolutions-COG4', path: method }),
    ]);
    // Every other route is a job API method, and those require an API key (see 'job API').
    for (const ack of authAcks.filter((a) => !a.path.includes('/callbacks/'))) {
      expect(ack.path).toMatch(/^Leadflow\/Callbacks\/Api\/Default\/(jobs|uploads|openapi\.json|tokens|console)(\/.*)?\/(GET|POST|DELETE)$/);
      // The console's files are public and hold no data; every other route needs a key.
      expect(ack.reason).toMatch(ack.path.includes('/console') ? /public/i : /API key/);
    }
    for (const { rule, reason } of acknowledged) expect(reason.length, `reason for ${rule}`).toBeGreaterThan(30);
    // Satisfied, not acknowledged: state machine logging (SF1) and tracing (SF2), the runtime (L1), and the
    // functions' roles use no AWS-managed policy (IAM4 only for API Gateway's account logging role).
    const rules = acknowledged.map((a) => a.rule);
    for (const rule of ['AwsSolutions-SF1', 'AwsSolutions-SF2', 'AwsSolutions-L1']) expect(rules).not.toContain(rule);
    expect(
      acknowledged
        .filter((a) => a.rule.startsWith('AwsSolutions-IAM4'))
        .map((a) => a.path)
        .sort(),
    ).toEqual(['Leadflow/BucketNotificationsHandler050a0587b7544547bf325f094a3db834', 'Leadflow/Callbacks/Api/CloudWatchRole']);
  });

  it('acknowledges nothing that is not a finding', () => {
    // Each acknowledgement must match a finding at or below its construct.
    expect(staleAcknowledgements(app)).toEqual([]);
  });
});

describe('storage', () => {
  it('encrypts both buckets, blocks public access and denies plain HTTP', () => {
    const buckets = resourcesOfType(json, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('expires lead data after leadDataExpiryDays and logs access to the log bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ ExpirationInDays: 9, Status: 'Enabled' }),
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        ]),
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: idOf(stack.storage.accessLogBucket) } },
    });
  });

  it('has on-demand, encrypted, expiring tables; job records retained and recoverable, derived data neither', () => {
    const tables = resourcesOfType(json, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(4);
    for (const [, table] of tables) {
      const key = (table.Properties!.KeySchema as { AttributeName: string }[])[0]!.AttributeName;
      // The cache and the rate-limit ledgers go with the stack, and no backup keeps them: no lead data is left behind.
      const retained = key === 'jobId';
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: retained },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
      expect((table as { DeletionPolicy?: string }).DeletionPolicy).toBe(retained ? 'Retain' : 'Delete');
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'cacheKey', KeyType: 'HASH' }] });
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'limitKey', KeyType: 'HASH' }] });
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }] });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'jobId', KeyType: 'HASH' },
        { AttributeName: 'batchId', KeyType: 'RANGE' },
      ],
    });
  });
});

describe('state machine', () => {
  it('is a traced Standard machine that logs every event without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: true },
    });
    // executionTimeoutHours, 72 by default: beyond it the TimedOut rule merges the job (lib/job-events.ts).
    expect(definition.TimeoutSeconds).toBe(72 * 3_600);
  });

  it('has exactly the state names the local runtime binds to', () => {
    expect(definition.StartAt).toBe('FollowUp');
    expect(definition.States.FollowUp).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.resume', IsPresent: true, Next: 'Resume' },
        { Variable: '$.reprocess', IsPresent: true, Next: 'Reprocess' },
      ],
      Default: 'Preflight',
    });
    expect(definition.States.Resume).toMatchObject({ Type: 'Task', ResultPath: '$.step', Next: 'HasBatches' });
    expect(definition.States.Reprocess).toMatchObject({ Type: 'Task', Next: 'Merge' });
    expect(Object.keys(definition.States).sort()).toEqual(
      [
        'Batches',
        'Done',
        'Export',
        'Exported',
        'HasBatches',
        'JobFailed',
        'Merge',
        'PlanStep',
        'Preflight',
        'Prepare',
        'RecordFailure',
        'FollowUp',
        'Reprocess',
        'Resume',
      ].sort(),
    );
    const processor = definition.States.Batches!.ItemProcessor as Definition;
    expect(processor.StartAt).toBe('Submit');
    expect(Object.keys(processor.States).sort()).toEqual(
      ['Await', 'Backoff', 'BatchDone', 'BatchFailed', 'BatchFatal', 'Collected', 'Poll', 'Sent', 'Submit', 'Throttle'].sort(),
    );
  });

  it('retries and catches only errors that the code names (lambdas/core/errorNames.ts) or Step Functions and Lambda raise', () => {
    const matched = new Set<string>();
    JSON.stringify(definition, (key, value: unknown) => {
      if (key === 'ErrorEquals') for (const name of value as string[]) matched.add(name);
      return value;
    });
    const ours = [...matched].filter((name) => !/^(States|Lambda)\./.test(name));
    expect(ours.length).toBeGreaterThan(2);
    for (const name of ours) expect(Object.values(ERROR_NAMES), name).toContain(name);
  });

  it('runs batches in a distributed Map over the S3 manifest with the configured concurrency', () => {
    expect(definition.States.Batches).toMatchObject({
      Type: 'Map',
      MaxConcurrency: 37,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      ItemReader: {
        Resource: expect.stringMatching(/:states:::s3:getObject$/),
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.step.bucket', 'Key.$': '$.step.manifestKey' },
      },
      ItemSelector: { 'jobId.$': '$.jobId', 'batchId.$': '$$.Map.Item.Value.batchId' },
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
      // The waterfall: after a step's batches, the next step is planned on what they found.
      Next: 'PlanStep',
    });
    expect(definition.States.Prepare).toMatchObject({ ResultSelector: { 'next.$': '$.Payload.next' }, ResultPath: '$.step', Next: 'PlanStep' });
    expect(definition.States.PlanStep).toMatchObject({
      Parameters: { Payload: { 'jobId.$': '$.jobId', 'step.$': '$.step.next' } },
      ResultPath: '$.step',
      Next: 'HasBatches',
    });
    expect(definition.States.HasBatches).toMatchObject({
      Choices: [
        { Variable: '$.step.done', BooleanEquals: true, Next: 'Export' },
        { Variable: '$.step.batchCount', NumericGreaterThan: 0, Next: 'Batches' },
      ],
      Default: 'PlanStep',
    });
  });

  it('waits for the callback with a task token for awaitCallbackSeconds (longer than a bulk takes), then polls', () => {
    const processor = definition.States.Batches!.ItemProcessor as Definition;
    expect(processor.States.Await).toMatchObject({
      Resource: expect.stringMatching(/:states:::lambda:invoke\.waitForTaskToken$/),
      TimeoutSeconds: 900,
      ResultPath: null,
      Parameters: { Payload: { 'jobId.$': '$.jobId', 'batchId.$': '$.batchId', 'taskToken.$': '$$.Task.Token' } },
      Catch: [
        { ErrorEquals: ['States.Timeout', 'CallbackAlreadyReceived'], ResultPath: null, Next: 'Poll' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'BatchFailed' },
      ],
      Next: 'Poll',
    });
    expect(processor.States.Submit).toMatchObject({
      Retry: expect.arrayContaining([{ ErrorEquals: ['VendorTransientError'], IntervalSeconds: 30, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }]),
      Catch: [
        { ErrorEquals: ['VendorFatalError'], Next: 'BatchFatal' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'BatchFailed' },
      ],
    });
    expect(processor.States.Submit).toMatchObject({
      Retry: expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['SubmissionInProgress'] })]),
      ResultPath: '$.progress',
      Next: 'Sent',
    });
    // Collected before a resume: done. Throttled by the shared limit (or an uncertain round waiting for its callback):
    // wait, then submit again; sent: await a callback or sleep until a poll.
    expect(processor.States.Sent).toMatchObject({
      Choices: [
        { Variable: '$.progress.ready', BooleanEquals: true, Next: 'BatchDone' },
        { Variable: '$.progress.sent', BooleanEquals: false, Next: 'Throttle' },
        { Variable: '$.progress.callsBack', BooleanEquals: true, Next: 'Await' },
      ],
      Default: 'Backoff',
    });
    expect(processor.States.Throttle).toMatchObject({ Type: 'Wait', SecondsPath: '$.progress.waitSeconds', Next: 'Submit' });
    // Not ready: a vendor that calls back is awaited again (its callback ends the wait); the others are slept on.
    expect(processor.States.Backoff).toMatchObject({ Type: 'Wait', SecondsPath: '$.progress.waitSeconds', Next: 'Poll' });
    expect(processor.States.Collected).toMatchObject({
      Choices: expect.arrayContaining([{ Variable: '$.progress.callsBack', BooleanEquals: true, Next: 'Await' }]),
      Default: 'Backoff',
    });
    expect(processor.States.BatchFailed!.Parameters).toMatchObject({
      Payload: { 'jobId.$': '$.jobId', 'batchId.$': '$.batchId', 'error.$': '$.error.Error' },
    });
  });

  it('passes only ids, keys and counts to the functions', () => {
    const allStates = [...Object.values(definition.States), ...Object.values((definition.States.Batches!.ItemProcessor as Definition).States)];
    const payloadFields = new Set<string>();
    for (const state of allStates) {
      const payload = state.Parameters?.Payload as Record<string, unknown> | undefined;
      for (const key of Object.keys(payload ?? {})) payloadFields.add(key);
    }
    expect([...payloadFields].sort()).toEqual(['batchId.$', 'error.$', 'failure', 'inputKey.$', 'jobId.$', 'resume', 'step.$', 'taskToken.$']);
  });
});

describe('callback API', () => {
  it('routes POST /callbacks/{vendor}/{jobId}/{batchId} to the callback function, which may resume tasks', () => {
    const pathParts = resourcesOfType(json, 'AWS::ApiGateway::Resource').map(([, r]) => r.Properties!.PathPart);
    expect(pathParts.slice(0, 4)).toEqual(['callbacks', '{vendor}', '{jobId}', '{batchId}']);
    const callbackFn = idOf(stack.publicApi.callbackFunction!.function);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'NONE',
      RequestParameters: { 'method.request.querystring.sig': true, 'method.request.querystring.round': true },
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
    const [, method] = resourcesOfType(json, 'AWS::ApiGateway::Method')[0]!;
    expect(referencedIds(method.Properties)).toContain(callbackFn);

    const callbackRole = idOf(stack.publicApi.callbackFunction!.role);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: callbackRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['states:SendTaskSuccess']),
            Resource: { Ref: idOf(stack.workflow.stateMachine) },
          }),
        ]),
      },
    });
  });

  it('lets the callback function read and update batch rows only: no scan, query, delete, batch write or other table', () => {
    const callbackRole = idOf(stack.publicApi.callbackFunction!.role);
    const statements = resourcesOfType(json, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes(callbackRole))
      .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const dynamodb = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamodb.flatMap((s) => [s.Action].flat()).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(JSON.stringify(dynamodb.map((s) => s.Resource))).toContain(idOf(stack.storage.batchesTable));
    expect(statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('s3:'))).toEqual([]);
  });

  it('logs access without bodies, execution errors without data traces, and is traced and throttled', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.not(Match.stringLikeRegexp('requestBody|\\$input')) },
      MethodSettings: Match.arrayWith([
        Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
      ]),
    });
    // One validator for the callback route, one for the job API (see job API tests).
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 2);
  });

  it('hands Submit a callback base URL built from the RestApi id, not from the stage', () => {
    const submit = json.Resources[idOf(stack.workflow.functions.submit.function)]!;
    const url = (submit.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.CALLBACK_BASE_URL;
    expect(joinToText(url)).toBe(`https://<${idOf(stack.publicApi.api)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/v1`);
  });

  it('has no dependency cycle', () => {
    expect(findCycle(json)).toBeUndefined();
  });
});

describe('functions', () => {
  // What the stack sets for each function is what its wiring reads: both come from FUNCTION_ENV. The token-age
  // function reads its own (lambdas/aws/vendorSecrets.ts, tokenAgeEnv).
  const expectedEnv: Record<string, string[]> = {
    ...Object.fromEntries(Object.keys(FUNCTION_ENV).map((name) => [name, environmentNames(name as FunctionName)])),
    tokenAge: ['LEADSPACE_SECRET_ID', 'LEADGENIUS_SECRET_ID', 'AGGKNOWLEDGE_SECRET_ID', 'ALARM_TOPIC_ARN'],
    // The console serves the files built into it and reads nothing.
    console: [],
  };
  /** Leadflow's own functions: CDK adds a deploy-time function of its own for the bucket notifications. */
  const ownFunctions = () => resourcesOfType(json, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler'));

  const environmentOf = (name: string): Record<string, unknown> => {
    const others: Record<string, LeadflowFunction> = {
      callback: stack.publicApi.callbackFunction!,
      api: stack.jobApi.function,
      ingest: stack.ingest.function,
      webhook: stack.jobEvents.webhook,
      tokenAge: stack.tokenReminders.function,
      estimate: stack.jobApi.estimate.function,
      console: stack.webConsole.function,
    };
    const leadflowFn = others[name] ?? stack.workflow.functions[name as keyof typeof stack.workflow.functions];
    const fn = json.Resources[idOf(leadflowFn.function)]!;
    return (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
  };

  it('gives each function only the variables its handler reads', () => {
    expect(ownFunctions()).toHaveLength(Object.keys(expectedEnv).length);
    for (const [name, names] of Object.entries(expectedEnv)) {
      expect(Object.keys(environmentOf(name)).sort(), name).toEqual([...names, 'POWERTOOLS_SERVICE_NAME'].sort());
    }
    expect(environmentOf('poll')).toMatchObject({ POLL_INTERVAL_SECONDS: '45', LEADSPACE_BASE_URL: 'https://apigw.leadspace.com' });
  });

  it('lets Prepare read job inputs only where jobs start from, not the whole bucket', () => {
    const role = (stack.workflow.functions.prepare as LeadflowFunction).role;
    const policies = resourcesOfType(json, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes(idOf(role)));
    const reads = policies
      .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:GetObject')));
    // Object ARNs only (bucket/key); the bucket's own ARN is there for listing.
    const keys = reads
      .flatMap((st) => [st.Resource].flat())
      .map((r) => joinToText(r))
      .filter((arn) => arn.includes('/'));
    expect(keys.map((arn) => arn.slice(arn.indexOf('/') + 1)).sort()).toEqual(['inbox/*', 'inputs/*', 'jobs/*', 'uploads/*']);
  });

  it('puts no secret value in an environment variable', () => {
    const secretIds = new Set(resourcesOfType(json, 'AWS::SecretsManager::Secret').map(([id]) => id));
    for (const [id, fn] of ownFunctions()) {
      const variables = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const [name, value] of Object.entries(variables)) {
        const where = `${id} ${name}`;
        expect(JSON.stringify(value), where).not.toMatch(/\{\{resolve:|SecretString|secretsmanager:/);
        if (name.endsWith('_SECRET_ID')) {
          expect(value, where).toEqual({ Ref: expect.any(String) });
          expect(secretIds.has((value as { Ref: string }).Ref), where).toBe(true);
        } else {
          expect(name, where).not.toMatch(/TOKEN|PASSWORD|SECRET|KEY$/);
          // Literal values are short settings; a long random-looking string would be a credential.
          if (typeof value === 'string') expect(value, where).not.toMatch(/[A-Za-z0-9+/=_-]{32,}/);
        }
      }
    }
    for (const [, secret] of resourcesOfType(json, 'AWS::SecretsManager::Secret')) {
      expect(secret.Properties).not.toHaveProperty('SecretString');
      expect(secret.Properties).toHaveProperty('GenerateSecretString');
    }
  });

  it('runs on the latest Node.js runtime on ARM, traced, with JSON logs kept a month', () => {
    for (const [, fn] of ownFunctions()) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
    for (const [, group] of resourcesOfType(json, 'AWS::Logs::LogGroup')) {
      expect(group.Properties).toMatchObject({ RetentionInDays: 30 });
    }
  });

  it('uses no AWS-managed policy for the functions', () => {
    for (const [id, role] of resourcesOfType(json, 'AWS::IAM::Role')) {
      const service = JSON.stringify(role.Properties!.AssumeRolePolicyDocument);
      // CDK's deploy-time bucket-notification function comes with the basic execution policy (acknowledged).
      const cdkOwn = id.startsWith('BucketNotificationsHandler');
      if (service.includes('lambda.amazonaws.com') && !cdkOwn) expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
    }
  });
});

describe('monitoring', () => {
  it('publishes alarms on failed and timed-out executions to an encrypted, TLS-only topic', () => {
    const [topicId, topic] = resourcesOfType(json, 'AWS::SNS::Topic')[0]!;
    expect(topic.Properties).toHaveProperty('KmsMasterKeyId');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/States',
        MetricName: metric,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: idOf(stack.workflow.stateMachine) } }],
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it("lets CloudWatch use the topic key only for this account's alarms (no confused deputy)", () => {
    const [, key] = resourcesOfType(json, 'AWS::KMS::Key').find(([, k]) => JSON.stringify(k.Properties).includes('cloudwatch.amazonaws.com'))!;
    const statements = (key.Properties!.KeyPolicy as { Statement: { Principal?: { Service?: string }; Condition?: Record<string, Record<string, unknown>> }[] })
      .Statement;
    const forCloudWatch = statements.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch).toHaveLength(1);
    expect(forCloudWatch[0]!.Condition!.StringEquals!['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(forCloudWatch[0]!.Condition!.ArnLike!['aws:SourceArn'])).toContain(':alarm:*');
  });
});

describe('lead data in logs', () => {
  it('puts a data-protection policy for e-mail addresses and phone numbers on every log group', () => {
    const groups = resourcesOfType(json, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(10);
    for (const [id, group] of groups) {
      const policy = JSON.stringify(group.Properties?.DataProtectionPolicy ?? {});
      expect(policy, id).toContain('EmailAddress');
      expect(policy, id).toContain('PhoneNumber-US');
    }
  });
});

describe('the public edge', () => {
  it('gives the anonymous callback route a throttle of its own, logging as the stage does', () => {
    const [, stage] = resourcesOfType(json, 'AWS::ApiGateway::Stage').find(([, s]) => s.Properties?.StageName !== undefined)!;
    const settings = stage.Properties!.MethodSettings as {
      ResourcePath: string;
      HttpMethod: string;
      ThrottlingRateLimit?: number;
      ThrottlingBurstLimit?: number;
    }[];
    expect(settings).toContainEqual(
      expect.objectContaining({
        ResourcePath: '/~1callbacks~1{vendor}~1{jobId}~1{batchId}',
        HttpMethod: 'POST',
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 200,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
      }),
    );
  });
});
