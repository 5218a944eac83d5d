import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFromContext } from './config';
import { LeadflowStack } from './leadflow-stack';

export const STACK_NAME = 'Leadflow';

/*
 * Feature flags this app relies on. They live here rather than in cdk.json so that the CLI, the tests and the
 * local runtime (which build the app in process) synthesize the same template.
 */
const FEATURE_FLAGS = {
  // Server access logs are delivered through a bucket policy: new buckets have ACLs disabled.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // Merge statements so that roles with many grants stay under IAM's policy size limit.
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // Catch secret values passed where they would be rendered into the template.
  '@aws-cdk/core:checkSecretUsage': true,
  // API Gateway: set before API keys, usage plans and authorizers arrive, so adding them replaces nothing.
  '@aws-cdk/aws-apigateway:usagePlanKeyOrderInsensitiveId': true,
  '@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId': true,
  '@aws-cdk/aws-apigateway:requestValidatorUniqueId': true,
  '@aws-cdk/aws-apigateway:logGroupDestinationArnWithoutWildcard': true,
} as const;

export interface BuildAppOptions {
  /** CDK context, for example `{ maxConcurrentBatches: 20 }` (see LeadflowConfig). */
  readonly context?: Record<string, unknown>;
  /**
   * Bundle the Lambda code with esbuild. Tests and the local runtime only need the template: without
   * bundling, synth takes a second or two and needs no handler to compile.
   * @default true
   */
  readonly bundling?: boolean;
  /**
   * Run CDK's built-in CloudFormation schema validation on synth. It catches invalid properties before a
   * deployment does, but adds about 4 seconds: bin/app.ts (the CLI) turns it on; in-process users that only
   * read the template (the local runtime) leave it off.
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
}

/**
 * Builds the CDK app and the Leadflow stack without synthesizing anything. Used by bin/app.ts (the CLI), the
 * infrastructure tests and the local runtime, so all three see the same stack.
 */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: LeadflowStack } {
  const app = new App({
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    context: {
      ...FEATURE_FLAGS,
      ...(options.bundling === false && { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stack = new LeadflowStack(app, STACK_NAME, {
    config: configFromContext(app.node),
    description: 'Leadflow: bulk lead enrichment through vendor APIs',
  });
  return { app, stack };
}

/** Runs the cdk-nag AWS Solutions checks when the app synthesizes: any unacknowledged error fails synth. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
