import type { LeadflowConfig } from './config';
import { settingsEnvironment } from '../lambdas/core/settings';
import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { EstimateFunction } from './estimate-function';
import { acknowledgeNoAuthorizer, arnOf } from './nag';
import type { VendorSecrets } from './secrets';
import type { Storage } from './storage';

export interface JobApiProps {
  /** The public REST API (PublicApi.api); the vendor callback route lives on it too. */
  readonly api: apigateway.RestApi;
  /** The jobs table and the data bucket the API reads and writes. */
  readonly storage: Storage;
  /** The workflow the API starts, stops and describes executions of (each named after its job). */
  readonly stateMachine: sfn.StateMachine;
  /** The deployment's settings: job records expire with the lead data, and uploads are no larger than Prepare reads. */
  readonly config: LeadflowConfig;
  /**
   * Steady requests per second per API key (usage plan throttle).
   * @default 10
   */
  readonly rateLimit?: number;
  /**
   * Burst per API key above the steady rate.
   * @default 20
   */
  readonly burstLimit?: number;
  /**
   * Requests per API key per month.
   * @default 100000
   */
  readonly monthlyQuota?: number;
  /**
   * Teams that get a key of their own, which sees only the jobs it created (LeadflowConfig.teamApiKeys).
   * @default []
   */
  readonly teams?: readonly string[];
  /** The vendor secrets whose age and rotation date GET /tokens shows (metadata only, never a value). */
  readonly secrets: VendorSecrets;
}

/**
 * The job API (POST/GET /jobs, GET/DELETE /jobs/{jobId}, GET /jobs/{jobId}/results, POST /uploads,
 * GET /openapi.json) on the public REST API, served by one function (lambdas/handlers/api.ts). Every method
 * requires an API key; a usage plan throttles and caps each key, so a runaway script cannot burn vendor credits.
 *
 * API keys rather than IAM or Cognito: the callers are RevOps scripts and CRM automations that can send a
 * header but rarely sign requests (SigV4) or run an OAuth flow. API Gateway checks the key and the plan before
 * the function runs, so refused requests cost no invocation.
 */
export class JobApi extends Construct {
  readonly function: LeadflowFunction;
  /** The estimate function the API invokes for POST /jobs?dryRun=true. */
  readonly estimate: EstimateFunction;
  /**
   * The operator's key, which sees every job (its value never leaves API Gateway:
   * `aws apigateway get-api-key --include-value`).
   */
  readonly apiKey: apigateway.IApiKey;
  /** One key per team, by team name: each sees only its own jobs. */
  readonly teamKeys: ReadonlyMap<string, apigateway.IApiKey>;
  readonly usagePlan: apigateway.UsagePlan;

  constructor(scope: Construct, id: string, props: JobApiProps) {
    super(scope, id);
    const { api, storage, stateMachine } = props;
    const estimate = new EstimateFunction(this, 'Estimate', { storage, config: props.config });
    this.estimate = estimate;
    this.function = new LeadflowFunction(this, 'Function', {
      handler: 'api',
      description: 'The job API: create, follow, list, cancel jobs; presigned uploads and result links',
      memorySize: 512,
      // API Gateway gives up on an integration after 29 seconds.
      timeout: Duration.seconds(29),
      environment: {
        JOBS_TABLE: storage.jobsTable.tableName,
        DATA_BUCKET: storage.dataBucket.bucketName,
        STATE_MACHINE_ARN: stateMachine.stateMachineArn,
        ESTIMATE_FUNCTION_NAME: estimate.function.function.functionName,
        ...settingsEnvironment(props.config, 'LEAD_DATA_EXPIRY_DAYS', 'MAX_INPUT_BYTES'),
        // ARNs only: GET /tokens reads when each secret changed, never its value.
        LEADSPACE_SECRET_ID: props.secrets.leadspace.secretArn,
        LEADGENIUS_SECRET_ID: props.secrets.leadGenius.secretArn,
        AGGKNOWLEDGE_SECRET_ID: props.secrets.aggKnowledge.secretArn,
      },
    });
    this.grantAccess(props);
    estimate.grantUse(this.function, storage);

    const methods = this.addRoutes(api);
    const reason =
      'Authenticated by API key with a usage plan (throttle and quota per key): IAM or Cognito would force every ' +
      'RevOps script and CRM automation to sign requests; the function validates every request with zod and ' +
      'answers problem+json';
    acknowledgeNoAuthorizer(methods, reason);

    this.usagePlan = api.addUsagePlan('UsagePlan', {
      description: 'Leadflow job API: per-key throttle and monthly quota',
      throttle: { rateLimit: props.rateLimit ?? 10, burstLimit: props.burstLimit ?? 20 },
      quota: { limit: props.monthlyQuota ?? 100_000, period: apigateway.Period.MONTH },
      apiStages: [{ api, stage: api.deploymentStage }],
    });
    // Keys belong to the usage plan, not to the stage (RestApi.addApiKey's StageKeys): the function's environment
    // names the operator's key, and a key bound to the stage would depend on the deployment that depends on the function.
    // Scoped to the RestApi as addApiKey scopes it, so the key's logical id, and its value, stay the same.
    this.apiKey = new apigateway.ApiKey(api, 'ApiKey', {
      description: 'Leadflow job API operator key: sees every job (get its value with aws apigateway get-api-key --include-value)',
    });
    this.usagePlan.addApiKey(this.apiKey);
    this.teamKeys = new Map(
      (props.teams ?? []).map((team) => {
        const key = new apigateway.ApiKey(api, `TeamApiKey${team}`, { description: `Leadflow job API key of team ${team}: sees only the jobs it created` });
        this.usagePlan.addApiKey(key);
        return [team, key];
      }),
    );
    // The function tells the operator's key from the teams' by the id API Gateway puts in each request's context.
    this.function.function.addEnvironment('OPERATOR_API_KEY_ID', this.apiKey.keyId);
  }

  /**
   * Every route is a Lambda proxy integration that requires an API key. API Gateway validates only what the
   * function's zod schemas would refuse anyway, so it never rejects a request the function would accept: JSON
   * bodies must be objects (a `text/csv` body has no model and passes untouched; fields are checked by zod,
   * which names them) and path parameters must be present. Its refusals are problem+json too (PublicApi).
   */
  private addRoutes(api: apigateway.RestApi): apigateway.Method[] {
    const integration = new apigateway.LambdaIntegration(this.function.function, { allowTestInvoke: false });
    const validator = api.addRequestValidator('JobApiValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const jsonObject = api.addModel('JobApiJsonObject', {
      contentType: 'application/json',
      schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, type: apigateway.JsonSchemaType.OBJECT },
    });
    const options = (extra: apigateway.MethodOptions = {}): apigateway.MethodOptions => ({
      apiKeyRequired: true,
      requestValidator: validator,
      ...extra,
    });
    const withJsonBody = options({ requestModels: { 'application/json': jsonObject } });
    const withJobId = options({ requestParameters: { 'method.request.path.jobId': true } });

    const jobs = api.root.addResource('jobs');
    const job = jobs.addResource('{jobId}');
    return [
      jobs.addMethod('POST', integration, withJsonBody),
      jobs.addMethod('GET', integration, options()),
      job.addMethod('GET', integration, withJobId),
      job.addMethod('DELETE', integration, withJobId),
      job.addResource('results').addMethod('GET', integration, withJobId),
      api.root.addResource('uploads').addMethod('POST', integration, withJsonBody),
      api.root.addResource('openapi.json').addMethod('GET', integration, options()),
      api.root.addResource('tokens').addMethod('GET', integration, options()),
    ];
  }

  /**
   * Presigned URLs carry the function's own permissions: PUT under `uploads/` (large files) and `inputs/` (bodies
   * the API stores itself), GET on job outputs only (result links). Executions: start a job, stop (cancel) and
   * describe it; they are named after the job.
   */
  private grantAccess(props: JobApiProps): void {
    const { storage, stateMachine } = props;
    const fn = this.function;
    const { dataBucket: bucket, jobsTable } = storage;
    const objects = (keys: string) => `Resource::${arnOf(bucket)}/${keys}`;

    // What lambdas/aws/apiPorts.ts does: read, create, update and list jobs; never scan, delete or batch-write.
    jobsTable.grant(fn, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query');
    for (const keys of ['inputs/*', 'uploads/*']) {
      bucket.grantPut(fn, keys);
      fn.acknowledgeWildcard(objects(keys), 'Object keys are per job (<prefix>/<jobId>/<file>) and the API creates new jobs');
    }
    fn.acknowledgeWildcard('Action::s3:Abort*', 'grantPut: lets the function abort its own failed multipart uploads');

    // Only the outputs Merge writes (jobs/<jobId>/output/...), never the intermediate batch files.
    const outputs = 'jobs/*/output/*';
    bucket.grantRead(fn, outputs);
    fn.acknowledgeWildcard(objects(outputs), 'Presigned result links for the outputs of whichever job is asked for');
    fn.acknowledgeWildcard('Action::s3:GetObject*', 'grantRead: GetObject and its variants, on job outputs only');
    fn.acknowledgeWildcard('Action::s3:GetBucket*', 'grantRead: bucket metadata only, no object data');
    fn.acknowledgeWildcard('Action::s3:List*', 'grantRead: listing makes a missing result read as 404, not 403');

    stateMachine.grantStartExecution(fn);
    // GET /tokens: the vendor secrets' metadata (version dates, the reminder tag); no GetSecretValue, no KMS.
    const { leadspace, leadGenius, aggKnowledge } = props.secrets;
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
      resourceArns: [leadspace.secretArn, leadGenius.secretArn, aggKnowledge.secretArn],
    });
    // Cancelling does not stop the execution: the workflow stops buying on its own and still collects what the
    // vendors accepted (lambdas/api/routes/jobs.ts), so the API needs no StopExecution.
  }
}
