import type { TemplateFunction } from '../eventRules';
import type { StateMachineDefinition } from './localDeployment';

/**
 * The Lambda function (its handler's file name) each Task state of the definition invokes, Map processors included:
 * the function is the last part of the ARN in the state's FunctionName (lambda:invoke) or Resource.
 */
export function taskFunctions(definition: StateMachineDefinition, functions: Record<string, TemplateFunction>): Record<string, string> {
  const found: Record<string, string> = {};
  const visit = (machine: StateMachineDefinition) => {
    for (const [name, state] of Object.entries(machine.States)) {
      const processor = (state.ItemProcessor ?? state.Iterator) as StateMachineDefinition | undefined;
      if (state.Type === 'Map' && processor) visit(processor);
      if (state.Type !== 'Task') continue;
      const arn = String((state.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName ?? state.Resource);
      const fn = functions[arn.split(':').at(-1)!];
      if (fn) found[name] = fn.handler;
    }
  };
  visit(definition);
  return found;
}
