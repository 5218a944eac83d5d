import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';

/*
 * cdk-nag 3 reads acknowledgements from construct metadata, on the flagged resource or any construct above
 * it. Acknowledge on the narrowest construct that owns the finding, with the reason it is acceptable.
 */

/** Records a cdk-nag acknowledgement of rule `id` (for example `AwsSolutions-SMG4`) on `scope` and below. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges that API methods have no authorizer (APIG4) and no Cognito user pool (COG4), for the reason given:
 * each route says how it is protected instead.
 */
export function acknowledgeNoAuthorizer(methods: readonly IConstruct[], reason: string): void {
  for (const method of methods) {
    acknowledge(method, 'AwsSolutions-APIG4', reason);
    acknowledge(method, 'AwsSolutions-COG4', reason);
  }
}

/**
 * Acknowledges one IAM5 wildcard finding, for example `Resource::<DataBucket.Arn>/jobs/*` or
 * `Action::s3:GetObject*`. Build resource findings with {@link arnOf}.
 */
export function acknowledgeWildcard(scope: IConstruct, finding: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[${finding}]`, reason);
}

/** How cdk-nag writes a resource's ARN in a finding: `<LogicalId.Arn>`. */
export function arnOf(resource: Construct): string {
  return `<${logicalIdOf(resource)}.Arn>`;
}

/** The logical id of an L2 construct's CloudFormation resource, as findings name it. */
export function logicalIdOf(resource: Construct): string {
  const element = resource.node.defaultChild as CfnElement | undefined;
  if (!element) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return Stack.of(resource).getLogicalId(element);
}
