import type { App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNagChecks, buildApp } from '../../lib/app';
import type { LeadflowStack } from '../../lib/leadflow-stack';
import { logicalIdOf } from '../../lib/nag';
import { acknowledgements, directViolations, reportedViolations, staleAcknowledgements } from './nag';
import { referencedIds, resourcesOfType, type CfnResource, type CfnTemplate } from './template';

interface Statement {
  ByteMatchStatement?: { FieldToMatch: Record<string, unknown>; PositionalConstraint: string; SearchString: string };
  NotStatement?: { Statement: Statement };
  RateBasedStatement?: { AggregateKeyType: string; EvaluationWindowSec?: number; Limit: number; ScopeDownStatement?: Statement };
  ManagedRuleGroupStatement?: { VendorName: string; Name: string; RuleActionOverrides?: { Name: string; ActionToUse: Record<string, unknown> }[] };
}
interface Visibility {
  CloudWatchMetricsEnabled: boolean;
  MetricName: string;
  SampledRequestsEnabled: boolean;
}
interface Rule {
  Name: string;
  Priority: number;
  Action?: { Block?: { CustomResponse?: { ResponseCode: number; CustomResponseBodyKey?: string } } };
  OverrideAction?: Record<string, unknown>;
  Statement: Statement;
  VisibilityConfig: Visibility;
}
interface WebAcl {
  Scope: string;
  DefaultAction: Record<string, unknown>;
  VisibilityConfig: Visibility;
  Rules: Rule[];
  CustomResponseBodies?: Record<string, { ContentType: string; Content: string }>;
}

describe('WAF off (the default)', () => {
  let app: App;
  let json: CfnTemplate;

  beforeAll(() => {
    let stack: LeadflowStack;
    ({ app, stack } = buildApp({ bundling: false }));
    json = Template.fromStack(stack).toJSON() as CfnTemplate;
  });

  it('has no web ACL and says why on the stage, naming the switch', () => {
    expect(resourcesOfType(json, 'AWS::WAFv2::WebACL')).toEqual([]);
    expect(resourcesOfType(json, 'AWS::WAFv2::WebACLAssociation')).toEqual([]);
    const apig3 = acknowledgements(app).filter((a) => a.rule === 'AwsSolutions-APIG3');
    expect(apig3).toEqual([expect.objectContaining({ path: 'Leadflow/Callbacks/Api/DeploymentStage.v1' })]);
    expect(apig3[0]!.reason).toContain('-c waf=true');
  });
});

describe('WAF on (-c waf=true)', () => {
  let app: App;
  let stack: LeadflowStack;
  let assembly: CloudAssembly;
  let json: CfnTemplate;
  let acl: WebAcl;
  let aclId: string;
  let rules: Map<string, Rule>;

  beforeAll(() => {
    // Strings, the way `cdk deploy -c` passes them.
    ({ app, stack } = buildApp({
      context: { waf: 'true', wafRateLimit: '3000', wafCallbackRateLimit: '500' },
      bundling: false,
      cloudFormationValidation: true,
    }));
    addNagChecks(app);
    // Throws with the full report if any AwsSolutions finding is neither fixed nor acknowledged.
    assembly = app.synth();
    json = Template.fromStack(stack).toJSON() as CfnTemplate;
    const acls = resourcesOfType(json, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    let resource: CfnResource;
    [[aclId, resource]] = acls as [[string, CfnResource]];
    acl = resource.Properties as unknown as WebAcl;
    rules = new Map(acl.Rules.map((rule) => [rule.Name, rule]));
  });

  it('is a regional web ACL that allows by default, associated with the API stage', () => {
    expect(acl).toMatchObject({ Scope: 'REGIONAL', DefaultAction: { Allow: {} } });
    const associations = resourcesOfType(json, 'AWS::WAFv2::WebACLAssociation');
    expect(associations).toHaveLength(1);
    const [, association] = associations[0]!;
    expect(association.Properties!.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    // The stage's ARN, built from the RestApi and the stage (the one API carries the job and callback routes).
    const stage = stack.publicApi.api.deploymentStage;
    const arnRefs = referencedIds(association.Properties!.ResourceArn);
    expect([...arnRefs].sort()).toEqual([logicalIdOf(stack.publicApi.api), logicalIdOf(stage)].sort());
    expect(JSON.stringify(association.Properties!.ResourceArn)).toContain(':apigateway:');
  });

  it('runs the AWS managed rule groups as they ship, but for the body size rule, which only counts', () => {
    const groups = acl.Rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement!);
    expect(groups.map((g) => `${g.VendorName}/${g.Name}`).sort()).toEqual([
      'AWS/AWSManagedRulesAmazonIpReputationList',
      'AWS/AWSManagedRulesCommonRuleSet',
      'AWS/AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    for (const rule of acl.Rules.filter((r) => r.Statement.ManagedRuleGroupStatement)) {
      expect(rule.OverrideAction, rule.Name).toEqual({ None: {} });
    }
    // POST /jobs takes CSV bodies up to 4 MiB; SizeRestrictions_BODY would block everything over 8 KB.
    const common = groups.find((g) => g.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common.RuleActionOverrides).toContainEqual({ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } });
    expect(common.RuleActionOverrides!.map((o) => o.ActionToUse)).toEqual(common.RuleActionOverrides!.map(() => ({ Count: {} })));
    for (const group of groups.filter((g) => g !== common)) expect(group.RuleActionOverrides, group.Name).toBeUndefined();
  });

  it('rate-limits each client IP: the callback route and the job routes each on a budget of its own', () => {
    const callback = rules.get('CallbackRateLimit')!.Statement.RateBasedStatement!;
    const jobRoutes = rules.get('JobRoutesRateLimit')!.Statement.RateBasedStatement!;
    expect(callback).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: 500 });
    expect(jobRoutes).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: 3000 });
    const isCallback = callback.ScopeDownStatement!;
    expect(isCallback.ByteMatchStatement).toMatchObject({ FieldToMatch: { UriPath: {} }, PositionalConstraint: 'CONTAINS' });
    expect(jobRoutes.ScopeDownStatement).toEqual({ NotStatement: { Statement: isCallback } });

    // The match tells the API's real routes apart: every path under /callbacks, and none of the others.
    const search = isCallback.ByteMatchStatement!.SearchString;
    const paths = apiPaths(json).map((path) => `/${stack.publicApi.stageName}${path}/`);
    const callbackPaths = paths.filter((p) => p.startsWith(`/${stack.publicApi.stageName}/callbacks/`));
    expect(callbackPaths.length).toBeGreaterThan(0);
    expect(paths.length).toBeGreaterThan(callbackPaths.length);
    for (const path of paths) expect(path.includes(search), path).toBe(callbackPaths.includes(path));

    // Refused with 429 and a problem document, as API Gateway's own throttle answers.
    for (const name of ['CallbackRateLimit', 'JobRoutesRateLimit']) {
      const response = rules.get(name)!.Action!.Block!.CustomResponse!;
      expect(response.ResponseCode, name).toBe(429);
      const body = acl.CustomResponseBodies![response.CustomResponseBodyKey!]!;
      expect(body.ContentType).toBe('APPLICATION_JSON');
      expect(JSON.parse(body.Content)).toMatchObject({ type: 'https://leadflow.dev/problems/too-many-requests', status: 429 });
    }
  });

  it('publishes metrics and sampled requests for the ACL and every rule, in a fixed order', () => {
    for (const visibility of [acl.VisibilityConfig, ...acl.Rules.map((r) => r.VisibilityConfig)]) {
      expect(visibility).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
      expect(visibility.MetricName).toMatch(/^[\w-]{1,128}$/);
    }
    expect(acl.Rules).toHaveLength(5);
    expect(new Set(acl.Rules.map((r) => r.Priority)).size).toBe(5);
    expect(new Set(acl.Rules.map((r) => r.VisibilityConfig.MetricName)).size).toBe(5);
    // Known-bad addresses are refused before they are counted against anyone's rate.
    const byPriority = [...acl.Rules].sort((a, b) => a.Priority - b.Priority).map((r) => r.Name);
    expect(byPriority[0]).toBe('AmazonIpReputationList');
  });

  it('passes cdk-nag AwsSolutions with no acknowledgement of APIG3', () => {
    expect(reportedViolations(assembly)).toEqual([]);
    // Warnings included: APIG3 is one, and passes because the stage has its web ACL.
    expect(directViolations(app)).toEqual([]);
    expect(acknowledgements(app).filter((a) => a.rule === 'AwsSolutions-APIG3')).toEqual([]);
    expect(staleAcknowledgements(app)).toEqual([]);
  });
});

/** "/jobs/{jobId}/results" for every resource of the REST API, from the Resource tree. */
function apiPaths(json: CfnTemplate): string[] {
  const resources = new Map(resourcesOfType(json, 'AWS::ApiGateway::Resource'));
  const pathOf = (id: string): string => {
    const resource = resources.get(id)!;
    const parent = (resource.Properties!.ParentId as { Ref?: string }).Ref;
    return `${parent && resources.has(parent) ? pathOf(parent) : ''}/${String(resource.Properties!.PathPart)}`;
  };
  return [...resources.keys()].map(pathOf);
}
