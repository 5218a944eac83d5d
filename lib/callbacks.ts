import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LeadflowFunction } from './lambda-function';
import { acknowledge } from './nag';

export interface CallbackApiProps {
  /**
   * Name of the API stage, the first path segment of every URL.
   * @default 'v1'
   */
  readonly stageName?: string;
  /**
   * Steady-state requests per second the stage accepts (all vendors together).
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

/**
 * The public REST API (REST rather than HTTP API because API keys and usage plans come later). It is built in
 * two steps because of a dependency loop: Submit needs the callback base URL to hand to vendors, and the
 * callback function needs the state machine (to send task success), which contains Submit. So create this
 * first, give {@link baseUrl} to the workflow, then call {@link addCallbackRoute} with the state machine.
 */
export class CallbackApi extends Construct {
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

  constructor(scope: Construct, id: string, props: CallbackApiProps = {}) {
    super(scope, id);
    this.stageName = props.stageName ?? 'v1';
    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });

    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'Leadflow: vendor callbacks',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
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
        // Errors only, and never data traces: those would log callback bodies and query strings.
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
      },
    });
    acknowledge(this.api.node.findChild('CloudWatchRole'),
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-wide role API Gateway uses to write execution logs; the AWS-managed policy is the documented one for it');
    acknowledge(this.api.deploymentStage, 'AwsSolutions-APIG3',
      'No WAF yet: the only route checks an HMAC signature before doing any work and the stage is throttled; ' +
        'a web ACL comes with the public job API');

    const stack = Stack.of(this);
    this.baseUrl = `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${this.stageName}`;
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
    props.batchesTable.grantReadWriteData(fn);
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
      .addResource('callbacks')
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
        },
      });
    const reason =
      'Vendors cannot send our credentials. Each callback URL carries a per-batch HMAC-SHA256 signature ' +
      '(signing key in Secrets Manager) that the function verifies with a constant-time compare before acting';
    acknowledge(method, 'AwsSolutions-APIG4', reason);
    acknowledge(method, 'AwsSolutions-COG4', reason);

    this.callback = fn;
    return fn;
  }

  /** The function behind the callback route, once {@link addCallbackRoute} has run. */
  get callbackFunction(): LeadflowFunction | undefined {
    return this.callback;
  }
}
