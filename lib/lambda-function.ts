import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { leadDataProtectionPolicy } from './log-data-protection';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { acknowledgeWildcard } from './nag';
import { BUNDLE } from './bundling/options';

/** The repository root: NodejsFunction resolves entries, the lockfile and esbuild from here. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/*
 * Pinned rather than Runtime.NODEJS_LATEST so that a CDK upgrade never changes the runtime unnoticed; cdk-nag's
 * L1 check fails the synth when a newer Node.js runtime appears, which is the reminder to move. The tests and the
 * local runtime run on the same major version (docs/toolchain.md, "Node.js"; test/infra/nodeVersion.test.ts).
 */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface LeadflowFunctionProps {
  /** File name (without `.ts`) of the handler under `lambdas/handlers/`; it must export `handler`. */
  readonly handler: string;
  /**
   * What the function does, shown in the console.
   * @default - none
   */
  readonly description?: string;
  /**
   * Memory in MB (CPU scales with it).
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Instances it may run at once, reserved from the account's concurrency.
   * @default - none reserved: the account's unreserved pool
   */
  readonly reservedConcurrency?: number;
  /**
   * Leadflow settings for the handler: resource names and ARNs only, never secret values.
   * @default - none
   */
  readonly environment?: Record<string, string>;
}

/**
 * A Leadflow Lambda function with safe defaults: current Node.js on ARM, an ESM bundle with source maps,
 * X-Ray tracing, structured JSON logs kept for a month in the function's own log group, and a role that may
 * write to that log group and nothing else until resources grant it more.
 *
 * It is an {@link iam.IGrantable}: pass it straight to `bucket.grantRead(fn)` and the like.
 */
export class LeadflowFunction extends Construct implements iam.IGrantable {
  /** The handler's file name under `lambdas/handlers/`: how the local runtime finds the code a rule targets. */
  readonly handler: string;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly grantPrincipal: iam.IPrincipal;
  private readonly acknowledged = new Set<string>();

  constructor(scope: Construct, id: string, props: LeadflowFunctionProps) {
    super(scope, id);
    this.handler = props.handler;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      dataProtectionPolicy: leadDataProtectionPolicy(`${id}-lead-data`),
    });

    // Our own role instead of the default one with AWSLambdaBasicExecutionRole: that managed policy allows
    // logs:CreateLogGroup and writing to any log group in the account; this role may write to one.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Leadflow ${props.handler} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'lambdas', 'handlers', `${props.handler}.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      ...(props.reservedConcurrency !== undefined && { reservedConcurrentExecutions: props.reservedConcurrency }),
      role: this.role,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'leadflow',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: BUNDLE.minify,
        sourceMap: BUNDLE.sourceMap,
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        mainFields: [...BUNDLE.mainFields],
        banner: BUNDLE.banner,
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE.alias).map(([name, path]) => [`--alias:${name}`, path])),
        // lib/bundling/options.ts: the SDK is bundled, not left to the runtime
        externalModules: [],
      },
    });

    this.acknowledgeWildcard('Resource::*', 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions');
  }

  /**
   * Acknowledges one cdk-nag IAM5 wildcard finding on this function's role only, for example
   * `Resource::<DataBucket.Arn>/jobs/*` (see `arnOf` in ./nag). Repeats are ignored, so each grant helper can
   * acknowledge what it brings.
   */
  acknowledgeWildcard(finding: string, reason: string): void {
    if (this.acknowledged.has(finding)) return;
    this.acknowledged.add(finding);
    acknowledgeWildcard(this.role, finding, reason);
  }
}
