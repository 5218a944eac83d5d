import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { acknowledge } from './nag';
import { CALLBACK_SEGMENT } from './public-api';

export interface PublicApiWafProps {
  /** The public REST API's stage, which carries both the job routes and the callback route. */
  readonly stage: apigateway.Stage;
  /** Requests one client IP may send to the job routes in any 5 minutes (LeadflowConfig.wafRateLimit). */
  readonly rateLimit: number;
  /** Requests one client IP may send to the callback route in any 5 minutes (LeadflowConfig.wafCallbackRateLimit). */
  readonly callbackRateLimit: number;
}

/** Rule names, also the names of their CloudWatch metrics (dimension `Rule` of the `AWS/WAFV2` namespace). */
export const WAF_RULES = {
  ipReputation: 'AmazonIpReputationList',
  callbackRate: 'CallbackRateLimit',
  jobRoutesRate: 'JobRoutesRateLimit',
  common: 'CommonRuleSet',
  knownBadInputs: 'KnownBadInputsRuleSet',
} as const;

const TOO_MANY_REQUESTS = 'TooManyRequests';

/**
 * The optional web ACL in front of the public REST API (`-c waf=true`), on both of its routes: AWS managed rule
 * groups, and per-IP rate limits with a budget for the job routes and another for the callback route.
 *
 * Metrics and sampled requests only, no WAF logging: WAF logs hold every header and query string, so the job
 * routes' `x-api-key` and the callbacks' signatures, and would need redaction, a delivery policy and a log group
 * of their own (named `aws-waf-logs-…`). Sampled requests (the last 3 hours, in the WAF console) show what a rule
 * caught.
 */
export class PublicApiWaf extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: PublicApiWafProps) {
    super(scope, id);

    // Anywhere in the path rather than after the stage: a custom domain's base path mapping changes what comes
    // first. No real job request holds the segment (job ids are UUIDs), so none takes the callbacks' budget; a
    // crafted one that does is counted there instead, and still needs an API key and its usage plan to run.
    const isCallback: wafv2.CfnWebACL.StatementProperty = {
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'CONTAINS',
        searchString: `/${CALLBACK_SEGMENT}/`,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    };

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      description: 'Leadflow public API: AWS managed rules and per-IP rate limits on the job and callback routes',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('LeadflowPublicApi'),
      // A rate-limited client gets what API Gateway's own throttle answers: 429 and a problem document
      // (lib/public-api.ts). WAF cannot send the application/problem+json content type; the body is the same.
      customResponseBodies: {
        [TOO_MANY_REQUESTS]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            type: 'https://leadflow.dev/problems/too-many-requests',
            title: 'Too many requests',
            status: 429,
            detail: 'Too many requests from this address in the last 5 minutes; slow down and retry.',
          }),
        },
      },
      rules: [
        // First, so requests from addresses Amazon's threat intelligence knows are refused before they are counted.
        managedRuleGroup(WAF_RULES.ipReputation, 0, 'AWSManagedRulesAmazonIpReputationList'),
        rateLimit(WAF_RULES.callbackRate, 1, props.callbackRateLimit, isCallback),
        rateLimit(WAF_RULES.jobRoutesRate, 2, props.rateLimit, { notStatement: { statement: isCallback } }),
        managedRuleGroup(WAF_RULES.common, 3, 'AWSManagedRulesCommonRuleSet', [
          // Blocks any body over 8 KB, and POST /jobs takes CSV bodies of up to 4 MiB (larger files go through
          // POST /uploads straight to S3, past the WAF): blocking would refuse nearly every real job. Counted, so
          // the metric still shows large bodies; the API function's own 4 MiB limit (lambdas/api/limits.ts) stays
          // the size guard.
          'SizeRestrictions_BODY',
          // Blocks requests without a User-Agent. Callers are scripts and vendors' servers, not browsers; a vendor
          // whose webhook sender sends none would lose every callback, and a lost callback can mean buying a bulk
          // twice (docs/vendors.md, "At most once"). Counted, so the metric shows whether any caller sends none.
          'NoUserAgent_HEADER',
        ]),
        managedRuleGroup(WAF_RULES.knownBadInputs, 4, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/**
 * With the WAF off, acknowledges AwsSolutions-APIG3 (a REST API stage without a web ACL) on the stage. With it
 * on the rule passes, and acknowledging it would hide a stage that lost its association.
 */
export function acknowledgeNoWaf(stage: apigateway.Stage): void {
  acknowledge(
    stage,
    'AwsSolutions-APIG3',
    'The web ACL is optional and off by default; deploy with -c waf=true to add it (README, "Security"). Without it ' +
      'every job route needs an API key whose usage plan throttles and caps it, the callback route is refused ' +
      'without its signature parameters and checked by HMAC before any work, and the stage and the callback ' +
      'route have throttles of their own',
  );
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** An AWS managed rule group as it ships, but for `countOnly`: rules of the group that count instead of blocking. */
function managedRuleGroup(name: string, priority: number, groupName: string, countOnly: string[] = []): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    // The group's own actions apply; `count: {}` here would turn the whole group into a dry run.
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: groupName,
        ...(countOnly.length > 0 && { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }),
      },
    },
    visibilityConfig: visibility(name),
  };
}

/** Blocks, with a 429, a client IP that sent more than `limit` requests matching `scopeDown` in the last 5 minutes. */
function rateLimit(name: string, priority: number, limit: number, scopeDown: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: TOO_MANY_REQUESTS } } },
    statement: {
      rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit, scopeDownStatement: scopeDown },
    },
    visibilityConfig: visibility(name),
  };
}
