import { buildApp } from '../../lib/app';
import { LeadflowFunction } from '../../lib/lambda-function';
import { logicalIdOf } from '../../lib/nag';
import { localName, resolve, resourcesOfType, type Template } from './cloudFormation';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { TemplateFunction, TemplateRule } from '../eventRules';
import type { LocalDeployment, StateMachineDefinition } from './localDeployment';

/* The CDK side of the local deployment, loaded only when the cache (localDeployment.ts) has no copy. */

/** Lambda retries a failed asynchronous invocation twice unless an EventInvokeConfig says otherwise. */
const LAMBDA_ASYNC_RETRIES = 2;
/** Lambda's memory when a function does not set it. */
const LAMBDA_DEFAULT_MEMORY_MB = 128;

/** The stack synthesized with this context (the local settings, loadLocalDeployment gives them), as the runtime needs it. */
export function synthesizeLocalDeployment(context: Record<string, unknown>): LocalDeployment {
  const { app, stack } = buildApp({ context, bundling: false });
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
      environment[name] ??= String(resolve(template, value));
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
    const memoryMb = Number(template.Resources[id]?.Properties?.MemorySize ?? LAMBDA_DEFAULT_MEMORY_MB);
    functions[id] = { handler: construct.handler, asyncRetries: asyncRetries.get(id) ?? LAMBDA_ASYNC_RETRIES, memoryMb };
  }
  return { definition, tables, buckets, environment, rules, functions };
}
