import type { DeliveredEvent } from './emulators/eventBridge';
import { matchesPattern, unsupportedInPattern, type EventPattern } from './eventPattern';
import { readPath } from './stateMachine/jsonPath';
import type { LocalHandler } from './stateMachine/runner';

/** An AWS::Events::Rule of the synthesized template, intrinsics resolved to local names (cloudFormation.ts). */
export interface TemplateRule {
  /** the rule's logical id */
  id: string;
  Description?: string;
  EventBusName?: string;
  EventPattern?: unknown;
  ScheduleExpression?: string;
  State?: string;
  Targets?: TemplateTarget[];
}

export interface TemplateTarget {
  Id: string;
  Arn: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
}

/** A Lambda function of the template, by logical id: the handler file it runs and Lambda's retries of async invokes. */
export interface TemplateFunction {
  handler: string;
  /** MaximumRetryAttempts of its EventInvokeConfig; Lambda retries a failed asynchronous invocation twice by default */
  asyncRetries: number;
  /** its configured memory (MemorySize), which Lambda bills duration by */
  memoryMb: number;
}

interface Delivery {
  /** one invocation and the function's async retries */
  attempts: number;
  handler: LocalHandler;
  input(event: DeliveredEvent): unknown;
}

interface LocalRule {
  id: string;
  pattern: EventPattern;
  deliveries: Delivery[];
}

/** What the local runtime runs for rules, by handler file under lambdas/handlers/ (local/handlerBindings.ts). */
export interface RuleBindings {
  handlers: Record<string, LocalHandler>;
  /** functions that scheduled rules run on AWS and the local runtime does not, each with why */
  unscheduled?: Record<string, string>;
}

export interface EventRulesOptions {
  /** pause before Lambda's next async attempt, times the attempt number; on AWS about a minute, then two */
  retryDelayMs?: number;
}

const LOCAL_FUNCTION_ARN = /^arn:aws:lambda:local:000000000000:function:([^:]+)$/;

/**
 * The EventBridge rules of the synthesized stack, run locally: each event put on the bus or emitted by the local
 * Step Functions (execution status changes) goes to every rule whose pattern matches it, and through the rule's
 * input transformation to the handler of the function it targets, with that function's async retries. Built from
 * the template, so a rule added to lib/job-events.ts runs locally too, or the runtime refuses to start naming
 * what it cannot mirror (docs/local-runtime.md, "EventBridge rules").
 */
export class LocalEventRules {
  private readonly rules: LocalRule[];
  /** scheduled rules not run here, with the reason bound for their function */
  readonly unscheduled: { id: string; reason: string }[] = [];

  constructor(
    template: { rules: TemplateRule[]; functions: Record<string, TemplateFunction> },
    bindings: RuleBindings,
    private readonly options: EventRulesOptions = {},
  ) {
    const problems: string[] = [];
    const handlersByFile = bindings.handlers;
    this.rules = template.rules.flatMap((rule): LocalRule[] => {
      if (rule.State !== undefined && rule.State !== 'ENABLED') return [];
      const at = (problem: string) => problems.push(`rule ${rule.id}: ${problem}`);
      if (rule.ScheduleExpression !== undefined) {
        const reason = unscheduledReason(rule, template.functions, bindings.unscheduled ?? {});
        if (reason) this.unscheduled.push({ id: rule.id, reason });
        else at(`runs on a schedule (${rule.ScheduleExpression}), which is not emulated: list its function in NOT_SCHEDULED_LOCALLY with why`);
        return [];
      }
      // The only bus Leadflow uses; a rule elsewhere would need its own bus emulated.
      if (rule.EventBusName !== undefined && rule.EventBusName !== 'default') at(`is on bus ${rule.EventBusName}, not the default bus`);
      if (rule.EventPattern === undefined) at('has neither an event pattern nor a schedule');
      else for (const problem of unsupportedInPattern(rule.EventPattern)) at(problem);
      const deliveries = (rule.Targets ?? []).flatMap((target): Delivery[] => {
        const problem = deliveryProblem(target, template.functions, handlersByFile);
        if (problem) {
          at(`target ${target.Id}: ${problem}`);
          return [];
        }
        const fn = template.functions[functionIdOf(target)!]!;
        return [{ attempts: 1 + fn.asyncRetries, handler: handlersByFile[fn.handler]!, input: (event) => targetInput(target, event) }];
      });
      if (deliveries.length === 0) at('has no target the local runtime can run');
      return [{ id: rule.id, pattern: rule.EventPattern as EventPattern, deliveries }];
    });
    if (problems.length > 0) throw new Error(`The local runtime cannot mirror these EventBridge rules:\n  ${problems.join('\n  ')}`);
  }

  /** The ids of the rules mirrored: every enabled rule of the template that is not a schedule. */
  get ruleIds(): string[] {
    return this.rules.map((rule) => rule.id);
  }

  /**
   * Runs every target of every rule `event` matches. Rejects with the last error of a target that failed all of
   * Lambda's attempts, which on AWS would land in the dead-letter queue.
   */
  async deliver(event: DeliveredEvent): Promise<void> {
    const deliveries = this.rules.filter((rule) => matchesPattern(rule.pattern, event)).flatMap((rule) => rule.deliveries);
    const results = await Promise.allSettled(deliveries.map((delivery) => this.invoke(delivery, event)));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async invoke(delivery: Delivery, event: DeliveredEvent): Promise<void> {
    const input = delivery.input(event);
    for (let attempt = 1; ; attempt++) {
      try {
        // A JSON round trip, as an invocation has: no handler shares objects with the bus or another target.
        await delivery.handler(JSON.parse(JSON.stringify(input)));
        return;
      } catch (error) {
        if (attempt >= delivery.attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 200) * attempt));
      }
    }
  }
}

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/** The logical id of the Lambda function a target invokes, if it invokes one. */
const functionIdOf = (target: TemplateTarget): string | undefined => LOCAL_FUNCTION_ARN.exec(target.Arn)?.[1];

/** Why a scheduled rule is not run here: what `unscheduled` says of each function it runs; undefined if one is not listed. */
function unscheduledReason(rule: TemplateRule, functions: Record<string, TemplateFunction>, unscheduled: Record<string, string>): string | undefined {
  const reasons = (rule.Targets ?? []).map((target) => {
    const fn = functions[functionIdOf(target) ?? ''];
    return fn && unscheduled[fn.handler];
  });
  return reasons.length > 0 && reasons.every((reason) => reason !== undefined) ? reasons.join('; ') : undefined;
}

/** Why the local runtime cannot run `target`, or undefined. */
function deliveryProblem(
  target: TemplateTarget,
  functions: Record<string, TemplateFunction>,
  handlersByFile: Record<string, LocalHandler>,
): string | undefined {
  const functionId = functionIdOf(target);
  const fn = functionId === undefined ? undefined : functions[functionId];
  if (!fn) return `${target.Arn} is not a Leadflow Lambda function (only those are emulated)`;
  if (!handlersByFile[fn.handler]) return `no local handler is bound for lambdas/handlers/${fn.handler}.ts (local/handlerBindings.ts)`;
  return unsupportedInput(target);
}

function unsupportedInput(target: TemplateTarget): string | undefined {
  const transformer = target.InputTransformer;
  if (!transformer) return undefined;
  const names = new Set(Object.keys(transformer.InputPathsMap ?? {}));
  const unknown = [...transformer.InputTemplate.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !names.has(name));
  // Reserved variables (<aws.events.event>, <aws.events.rule-arn>...) are not emulated.
  return unknown.length > 0 ? `input template variables ${unknown.join(', ')} are not in InputPathsMap` : undefined;
}

/** What the target is invoked with: Input, InputPath or InputTransformer of the target, else the event itself. */
export function targetInput(target: TemplateTarget, event: DeliveredEvent): unknown {
  if (target.Input !== undefined) return JSON.parse(target.Input);
  if (target.InputPath !== undefined) return readPath(target.InputPath, event, {});
  const transformer = target.InputTransformer;
  if (!transformer) return event;
  const values = Object.fromEntries(Object.entries(transformer.InputPathsMap ?? {}).map(([name, path]) => [name, readPath(path, event, {})]));
  const text = fillTemplate(transformer.InputTemplate, values);
  try {
    return JSON.parse(text);
  } catch {
    // A template that is not JSON is delivered as the text it makes.
    return text;
  }
}

/**
 * EventBridge's placeholder rule: inside a JSON string a value goes in as text (escaped for the string), outside
 * one it goes in as JSON, so a string value gets its quotes.
 */
function fillTemplate(template: string, values: Record<string, unknown>): string {
  // Sticky: matches only where it is told to look.
  const placeholder = new RegExp(PLACEHOLDER.source, 'y');
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === '\\' && inString) {
      out += template.slice(i, i + 2);
      i += 1;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      placeholder.lastIndex = i;
      const match = placeholder.exec(template);
      if (match && match[1]! in values) {
        const value = values[match[1]!];
        out += inString ? JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value)).slice(1, -1) : JSON.stringify(value);
        i += match[0].length - 1;
        continue;
      }
    }
    out += char;
  }
  return out;
}
