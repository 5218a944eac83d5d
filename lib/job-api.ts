import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledge, arnOf, logicalIdOf } from './nag';
import type { Storage } from './storage';

export interface JobApiProps {
  /** The public REST API (the callback route lives on it too). */
  readonly api: apigateway.RestApi;
  readonly storage: Storage;
  readonly stateMachine: sfn.StateMachine;
  readonly leadDataExpiryDays: number;
  /** Steady requests per second per API key. @default 10 */
  readonly rateLimit?: number;
  /** Burst above the steady rate. @default 20 */
  readonly burstLimit?: number;
  /** Requests per key per month. @default 100000 */
  readonly monthlyQuota?: number;
}

/**
 * The job API (POST/GET/DELETE /jobs, POST /uploads, GET /openapi.json) on the public REST API. Every method
 * requires an API key; a usage plan throttles and caps each key, so a runaway script cannot burn vendor credits.
 */
export class JobApi extends Construct {
  readonly function: LeadflowFunction;
  readonly apiKey: apigateway.IApiKey;
  readonly usagePlan: apigateway.UsagePlan;

  constructor(scope: Construct, id: string, props: JobApiProps) {
    super(scope, id);
    const { api, storage, stateMachine } = props;
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'api',
      description: 'The job API: create, follow, list, cancel jobs; presigned uploads and result links',
      memorySize: 512,
      timeout: Duration.seconds(29),
      environment: {
        JOBS_TABLE: storage.jobsTable.tableName,
        DATA_BUCKET: storage.dataBucket.bucketName,
        STATE_MACHINE_ARN: stateMachine.stateMachineArn,
        LEAD_DATA_EXPIRY_DAYS: String(props.leadDataExpiryDays),
      },
    });
    const fn = this.function;
    storage.jobsTable.grantReadWriteData(fn);
    // Presigned URLs carry the function's own permissions: PUT for uploads and API inputs, GET for results.
    for (const keys of ['inputs/*', 'uploads/*']) {
      storage.dataBucket.grantPut(fn, keys);
      fn.acknowledgeWildcard(`Resource::${arnOf(storage.dataBucket)}/${keys}`, 'Object keys are per job (<prefix>/<jobId>/<file>); the API creates new jobs');
    }
    fn.acknowledgeWildcard('Action::s3:Abort*', 'grantPut: lets the function abort its own failed multipart uploads');
    storage.dataBucket.grantRead(fn, 'jobs/*');
    fn.acknowledgeWildcard(`Resource::${arnOf(storage.dataBucket)}/jobs/*`, 'Presigned result links for whichever job is asked for');
    fn.acknowledgeWildcard('Action::s3:GetObject*', 'grantRead: GetObject and its variants, on job outputs only');
    fn.acknowledgeWildcard('Action::s3:GetBucket*', 'grantRead: bucket metadata only, no object data');
    fn.acknowledgeWildcard('Action::s3:List*', 'grantRead: listing makes a missing result read as 404, not 403');
    stateMachine.grantStartExecution(fn);
    stateMachine.grantExecution(fn, 'states:StopExecution', 'states:DescribeExecution');
    const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:` +
      `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalIdOf(stateMachine)}"}]}]}:*`;
    fn.acknowledgeWildcard(`Resource::${executions}`, 'Cancel (stop) and describe executions of this state machine; each is named after its job');

    const integration = new apigateway.LambdaIntegration(fn.function, { allowTestInvoke: false });
    const jobs = api.root.addResource('jobs');
    const job = jobs.addResource('{jobId}');
    const methods = [
      jobs.addMethod('POST', integration, { apiKeyRequired: true }),
      jobs.addMethod('GET', integration, { apiKeyRequired: true }),
      job.addMethod('GET', integration, { apiKeyRequired: true }),
      job.addMethod('DELETE', integration, { apiKeyRequired: true }),
      job.addResource('results').addMethod('GET', integration, { apiKeyRequired: true }),
      api.root.addResource('uploads').addMethod('POST', integration, { apiKeyRequired: true }),
      api.root.addResource('openapi.json').addMethod('GET', integration, { apiKeyRequired: true }),
    ];
    const reason =
      'Authenticated by API key with a usage plan (throttle and quota per key): RevOps scripts and CRM webhooks ' +
      'can send a header but rarely SigV4 or OAuth; the function validates every request with zod and answers problem+json';
    for (const method of methods) {
      acknowledge(method, 'AwsSolutions-APIG4', reason);
      acknowledge(method, 'AwsSolutions-COG4', reason);
    }

    this.usagePlan = api.addUsagePlan('UsagePlan', {
      description: 'Leadflow job API: per-key throttle and monthly quota',
      throttle: { rateLimit: props.rateLimit ?? 10, burstLimit: props.burstLimit ?? 20 },
      quota: { limit: props.monthlyQuota ?? 100_000, period: apigateway.Period.MONTH },
      apiStages: [{ api, stage: api.deploymentStage }],
    });
    this.apiKey = api.addApiKey('ApiKey', { description: 'Leadflow job API key (get its value with aws apigateway get-api-key --include-value)' });
    this.usagePlan.addApiKey(this.apiKey);
  }
}
