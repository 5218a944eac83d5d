import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { buildApp } from '../../lib/app';
import type { LeadflowConfig } from '../../lib/config';
import { LeadflowFunction } from '../../lib/lambda-function';
import { logicalIdOf } from '../../lib/nag';
import type { TemplateFunction, TemplateRule } from '../eventRules';
import { localName, resolve, resourcesOfType, type Template } from './cloudFormation';

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
  TimeoutSeconds?: number;
}

/** What the local runtime needs from the synthesized stack: the same definition, tables, buckets and settings. */
export interface LocalDeployment {
  definition: StateMachineDefinition;
  tables: CreateTableCommandInput[];
  buckets: string[];
  /** the union of the Lambda functions' environment variables, with resources named locally */
  environment: Record<string, string>;
  /** the EventBridge rules (lib/job-events.ts), resources named locally; local/eventRules.ts runs them */
  rules: TemplateRule[];
  /** Leadflow's Lambda functions by logical id: what rules may target */
  functions: Record<string, TemplateFunction>;
}

/** Lambda retries a failed asynchronous invocation twice unless an EventInvokeConfig says otherwise. */
const LAMBDA_ASYNC_RETRIES = 2;

/**
 * Settings for one machine: a short poll interval and backoff so a local job takes seconds, not minutes, and a
 * LeadGenius contract that does not ration a local run to one status call a minute and 5,000 objects an hour (the
 * embedded simulator is given the same limits; the documented ones are exercised on a scaled clock by the tests),
 * and likewise a HeroBase fair-use limit that lets a local export finish in seconds.
 */
export const LOCAL_CONTEXT = {
  pollIntervalSeconds: 1,
  backoffMaxSeconds: 2,
  maxConcurrentBatches: 8,
  leadGeniusObjectsPerHour: 1_000_000,
  leadGeniusStatusPerMinute: 600,
  leadGeniusStatusPerHour: 36_000,
  heroBaseRequestsPerMinute: 6_000,
  aggKnowledgeTier3PerMinute: 6_000,
  aggKnowledgeTier4PerMinute: 60_000,
  // The embedded simulators call back within moments of finishing a bulk: ten seconds are ample locally.
  uncertainSubmitGraceSeconds: 10,
} satisfies Partial<LeadflowConfig>;

/** Variables that configure the Lambda runtime itself rather than Leadflow; meaningless in this process. */
const RUNTIME_ONLY = new Set(['NODE_OPTIONS', 'AWS_NODEJS_CONNECTION_REUSE_ENABLED']);

export function synthesizeLocalDeployment(context: Record<string, unknown> = {}): LocalDeployment {
  const { app, stack } = buildApp({ context: { ...LOCAL_CONTEXT, ...context }, bundling: false });
  const template = app.synth().getStackByName(stack.stackName).template as Template;

  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`Expected one state machine in the stack, found ${machines.length}`);
  const definitionString = resolve(template, machines[0]![1].Properties?.DefinitionString);
  const definition = JSON.parse(String(definitionString)) as StateMachineDefinition;

  const tables = resourcesOfType(template, 'AWS::DynamoDB::Table').map(([id, r]) => {
    const p = r.Properties ?? {};
    return {
      TableName: localName(template, id),
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      GlobalSecondaryIndexes: (p.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined)?.map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      })),
      BillingMode: 'PAY_PER_REQUEST',
    } as CreateTableCommandInput;
  });

  const buckets = resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => localName(template, id));

  const environment: Record<string, string> = {};
  for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      if (!RUNTIME_ONLY.has(name)) environment[name] ??= String(resolve(template, value));
    }
  }

  const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([id, r]) => ({
    id,
    ...(resolve(template, r.Properties ?? {}) as Omit<TemplateRule, 'id'>),
  }));
  const asyncRetries = new Map(
    resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').map(([, r]) => {
      const p = resolve(template, r.Properties ?? {}) as { FunctionName: string; MaximumRetryAttempts?: number };
      return [p.FunctionName, p.MaximumRetryAttempts ?? LAMBDA_ASYNC_RETRIES];
    }),
  );
  const functions: Record<string, TemplateFunction> = {};
  for (const construct of stack.node.findAll()) {
    if (!(construct instanceof LeadflowFunction)) continue;
    const id = logicalIdOf(construct.function);
    functions[id] = { handler: construct.handler, asyncRetries: asyncRetries.get(id) ?? LAMBDA_ASYNC_RETRIES };
  }
  return { definition, tables, buckets, environment, rules, functions };
}
