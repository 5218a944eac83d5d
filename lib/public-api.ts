import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { leadDataProtectionPolicy } from './log-data-protection';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledge, acknowledgeNoAuthorizer } from './nag';

export interface PublicApiProps {
  /**
   * Name of the API stage, the first path segment of every URL.
   * @default 'v1'
   */
  readonly stageName?: string;
  /**
   * Steady-state requests per second the stage accepts (all callers together: vendors and every API key; each
   * key is further limited by the job API's usage plan).
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests the stage accepts above the steady rate.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
}

export interface CallbackRouteProps {
  /** The workflow whose waiting Await tasks the callbacks resume. */
  readonly stateMachine: sfn.IStateMachine;
  /** Where task tokens are parked and callbacks recorded. */
  readonly batchesTable: dynamodb.ITable;
  /** Key that signed the callback URLs. */
  readonly signingKey: secretsmanager.ISecret;
}

/** The callback route's first path segment (the WAF tells callbacks from job routes by it), its path and throttle. */
export const CALLBACK_SEGMENT = 'callbacks';
const CALLBACK_PATH = `${CALLBACK_SEGMENT}/{vendor}/{jobId}/{batchId}`;
const CALLBACK_RATE_LIMIT = 100;
const CALLBACK_BURST_LIMIT = 200;

/**
 * The public REST API: vendor callbacks (signed URLs) and the job API (API keys, see JobApi). REST rather than
 * HTTP API for API keys, usage plans and request validation. It is built in two steps because of a dependency
 * loop: Submit needs the callback base URL to hand to vendors, and the callback function needs the state
 * machine (to send task success), which contains Submit. So create this first, give {@link baseUrl} to the
 * workflow, then call {@link addCallbackRoute} with the state machine.
 *
 * Errors API Gateway answers itself (missing key, throttling, validation, unknown route) are
 * `application/problem+json` like the job API function's own.
 */
export class PublicApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly stageName: string;
  /**
   * `https://<api id>.execute-api.<region>.<url suffix>/<stage>`: what the callback URLs start with.
   *
   * Built from the RestApi id rather than `api.url`: `api.url` refers to the Stage, the Stage to the
   * Deployment, the Deployment to the callback Method, the Method to the callback function, whose policy
   * refers to the state machine, whose definition refers to Submit, whose environment would refer back to
   * the Stage: a CloudFormation cycle. The RestApi resource itself depends on nothing.
   */
  readonly baseUrl: string;
  readonly accessLogGroup: logs.LogGroup;
  private callback?: LeadflowFunction;

  constructor(scope: Construct, id: string, props: PublicApiProps = {}) {
    super(scope, id);
    this.stageName = props.stageName ?? 'v1';
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      dataProtectionPolicy: leadDataProtectionPolicy('api-access-lead-data'),
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'Leadflow: job API and vendor callbacks',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // CSV bodies may be Windows-1252 or gzip: passed to the function as bytes (base64), never re-encoded as text.
      binaryMediaTypes: ['text/csv', 'application/gzip', 'application/octet-stream'],
      // Execution logging needs the account-level API Gateway logging role; a fresh account has none.
      cloudWatchRole: true,
      deployOptions: {
        stageName: this.stageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        // Standard fields only: no request bodies, and the resource path template rather than the path.
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
        // Errors only, and never data traces: those would log lead data (job bodies, callbacks) and query strings.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        // The anonymous callback route has a bucket of its own: a flood of forged callbacks is throttled there and
        // never takes the job API's share. LeadGenius posts one webhook per e-mail found, hence the headroom.
        methodOptions: {
          [`/${CALLBACK_PATH}/POST`]: {
            throttlingRateLimit: CALLBACK_RATE_LIMIT,
            throttlingBurstLimit: CALLBACK_BURST_LIMIT,
            // A method's settings replace the stage's for it: the same logging, never data traces.
            loggingLevel: apigateway.MethodLoggingLevel.ERROR,
            dataTraceEnabled: false,
            metricsEnabled: true,
          },
        },
      },
    });
    acknowledge(
      this.api.node.findChild('CloudWatchRole'),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-wide role API Gateway uses to write execution logs; the AWS-managed policy is the documented one for it',
    );
    // AwsSolutions-APIG3 (no web ACL) is the stack's to settle: it adds the optional WAF or acknowledges its
    // absence (lib/waf.ts).
    this.addProblemResponses();

    const stack = Stack.of(this);
    this.baseUrl = `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${this.stageName}`;
  }

  /**
   * Makes the errors API Gateway answers itself RFC 9457 problem details, shaped like the job API function's
   * (lambdas/api/problem.ts), so a client parses one error format whoever refused the request.
   */
  private addProblemResponses(): void {
    const tooMany: ProblemShape = { status: 429, slug: 'too-many-requests', title: 'Too many requests' };
    const invalid: ProblemShape = { status: 400, slug: 'invalid-request', title: 'Invalid request' };
    const responses: [string, apigateway.ResponseType, ProblemShape][] = [
      // A missing or unknown x-api-key: 401, as `leadflow serve` and the OpenAPI document say (API Gateway's is 403).
      [
        'InvalidApiKey',
        apigateway.ResponseType.INVALID_API_KEY,
        { status: 401, slug: 'unauthorized', title: 'Missing or invalid API key', detail: 'Send your API key in the x-api-key header.' },
      ],
      // No method uses IAM authorization, so this response only ever means an unknown path or method.
      ['UnknownRoute', apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, { status: 404, slug: 'not-found', title: 'Not found', detail: 'No such route.' }],
      ['Throttled', apigateway.ResponseType.THROTTLED, tooMany],
      ['QuotaExceeded', apigateway.ResponseType.QUOTA_EXCEEDED, tooMany],
      [
        'RequestTooLarge',
        apigateway.ResponseType.REQUEST_TOO_LARGE,
        { status: 413, slug: 'payload-too-large', title: 'Request body too large', detail: 'Use POST /uploads for large files.' },
      ],
      ['BadRequestBody', apigateway.ResponseType.BAD_REQUEST_BODY, invalid],
      ['BadRequestParameters', apigateway.ResponseType.BAD_REQUEST_PARAMETERS, invalid],
      // Anything else keeps API Gateway's status code (`status` is optional in a problem document).
      ['Default4xx', apigateway.ResponseType.DEFAULT_4XX, { slug: 'error', title: 'Request refused' }],
      [
        'Default5xx',
        apigateway.ResponseType.DEFAULT_5XX,
        { slug: 'internal-error', title: 'Internal error', detail: 'Something went wrong on our side; the request can be retried.' },
      ],
    ];
    for (const [id, type, { status, slug, title, detail }] of responses) {
      // A Velocity template: `$context.error.messageString` is API Gateway's own message, already JSON-quoted.
      const body = JSON.stringify({ type: `https://leadflow.dev/problems/${slug}`, title, status, detail: '@DETAIL@' }).replace(
        '"@DETAIL@"',
        detail === undefined ? '$context.error.messageString' : JSON.stringify(detail),
      );
      this.api.addGatewayResponse(id, {
        type,
        ...(status !== undefined && { statusCode: String(status) }),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': body },
      });
    }
  }

  /** Adds `POST /callbacks/{vendor}/{jobId}/{batchId}` and the function that verifies and records callbacks. */
  addCallbackRoute(props: CallbackRouteProps): LeadflowFunction {
    if (this.callback) throw new Error('The callback route was already added');
    const fn = new LeadflowFunction(this, 'Callback', {
      handler: 'callback',
      description: 'Verifies a vendor callback, records it and resumes the waiting batch',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        BATCHES_TABLE: props.batchesTable.tableName,
        CALLBACK_SIGNING_SECRET_ID: props.signingKey.secretArn,
      },
    });
    // Callbacks read a batch's row, then wake it or name a lost bulk on it (conditional updates that return the task
    // token); they never read or write lead data, nor scan, query, delete or batch-write rows.
    props.batchesTable.grant(fn, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    props.signingKey.grantRead(fn);
    props.stateMachine.grantTaskResponse(fn);

    const validator = this.api.addRequestValidator('CallbackValidator', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    // Every vendor posts a JSON object; its fields differ per vendor, so the function checks them strictly.
    const anyJsonObject = this.api.addModel('CallbackBody', {
      contentType: 'application/json',
      schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, type: apigateway.JsonSchemaType.OBJECT },
    });
    const method = this.api.root
      .addResource(CALLBACK_SEGMENT)
      .addResource('{vendor}')
      .addResource('{jobId}')
      .addResource('{batchId}')
      .addMethod('POST', new apigateway.LambdaIntegration(fn.function, { allowTestInvoke: false }), {
        authorizationType: apigateway.AuthorizationType.NONE,
        requestValidator: validator,
        requestModels: { 'application/json': anyJsonObject },
        // Unsigned requests are turned away by API Gateway before they cost a Lambda invocation.
        requestParameters: {
          'method.request.querystring.sig': true,
          'method.request.querystring.round': true,
          'method.request.querystring.exp': true,
        },
      });
    const reason =
      'Vendors cannot send our credentials. Each callback URL carries a per-batch, expiring HMAC-SHA256 signature ' +
      '(signing key in Secrets Manager): API Gateway refuses a request without it, the function verifies it with a ' +
      'constant-time compare before acting, and the route has its own throttle (and the optional WAF)';
    acknowledgeNoAuthorizer([method], reason);

    this.callback = fn;
    return fn;
  }

  /** The function behind the callback route, once {@link addCallbackRoute} has run. */
  get callbackFunction(): LeadflowFunction | undefined {
    return this.callback;
  }
}

/** A problem document API Gateway answers with. */
interface ProblemShape {
  /** @default - API Gateway's own status code for the response type, left out of the document */
  readonly status?: number;
  /** Last path segment of the problem `type` URI, as lambdas/api/problem.ts names them. */
  readonly slug: string;
  readonly title: string;
  /** @default - API Gateway's own message */
  readonly detail?: string;
}
