import { beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../../local/emulators/eventBridge';
import { TaskTokens } from '../../local/emulators/taskTokens';
import { LocalEventRules, targetInput, type TemplateRule } from '../../local/eventRules';
import { matchesPattern } from '../../local/eventPattern';
import { HANDLERS_BY_FUNCTION, NOT_SCHEDULED_LOCALLY } from '../../local/handlerBindings';
import { EXECUTION_STATUSES, LocalExecutions } from '../../local/localExecutions';
import { LOCAL_CONTEXT, type LocalDeployment } from '../../local/stateMachine/localDeployment';
import { synthesizeLocalDeployment } from '../../local/stateMachine/synthesize';
import type { LocalHandler } from '../../local/stateMachine/runner';
import { JOB_COMPLETED } from '../../lambdas/aws/jobEvents';

let deployment: LocalDeployment;
let stateMachineArn: string;

beforeAll(() => {
  deployment = synthesizeLocalDeployment(LOCAL_CONTEXT);
  stateMachineArn = deployment.environment.STATE_MACHINE_ARN!;
});

/** Handlers by file name that record what they get, failing the first `failures` calls. */
function recording(failures = 0) {
  const calls: Record<string, unknown[]> = { merge: [], webhook: [] };
  let failed = 0;
  const handler =
    (file: string): LocalHandler =>
    async (event) => {
      calls[file]!.push(event);
      if (failed < failures) {
        failed += 1;
        throw new Error(`attempt ${failed} fails`);
      }
      return {};
    };
  return { calls, bindings: { handlers: { merge: handler('merge'), webhook: handler('webhook') }, unscheduled: NOT_SCHEDULED_LOCALLY } };
}

const statusChange = (status: string, arn = stateMachineArn, name = 'job-1'): DeliveredEvent => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: '000000000000',
  time: new Date(0).toISOString(),
  region: 'us-east-1',
  resources: [`${arn.replace(':stateMachine:', ':execution:')}:${name}`],
  detail: { executionArn: `${arn.replace(':stateMachine:', ':execution:')}:${name}`, stateMachineArn: arn, name, status },
});

const jobCompleted: DeliveredEvent = {
  version: '0',
  id: 'e2',
  'detail-type': JOB_COMPLETED.detailType,
  source: JOB_COMPLETED.source,
  account: '000000000000',
  time: new Date(0).toISOString(),
  region: 'us-east-1',
  resources: [],
  detail: { jobId: 'job-1', status: 'SUCCEEDED' },
};

describe('every EventBridge rule of the stack runs locally', () => {
  it('mirrors each rule of the synthesized template, each target bound to a local handler', () => {
    // lib/job-events.ts: Cancelled, TimedOut, Completed (and lib/token-reminders.ts' daily schedule, not run locally,
    // for the reason NOT_SCHEDULED_LOCALLY gives). A new rule shows up here, and the runtime refuses to start until it
    // can be mirrored (a supported pattern, a target whose handler local/handlerBindings.ts binds) or is listed there.
    const rules = new LocalEventRules(deployment, { handlers: HANDLERS_BY_FUNCTION, unscheduled: NOT_SCHEDULED_LOCALLY });
    const enabled = deployment.rules.filter((r) => r.State !== 'DISABLED');
    const routed = enabled.filter((r) => r.ScheduleExpression === undefined);
    expect(routed.map((r) => r.Description).sort()).toEqual([
      'A cancelled job execution: merge what exists and end the job CANCELLED',
      'A finished job: notify the user webhook',
      'A job execution that ran out of time: merge what exists and end the job FAILED',
    ]);
    expect(rules.ruleIds.sort()).toEqual(routed.map((r) => r.id).sort());
    expect(rules.unscheduled.map((r) => r.id).sort()).toEqual(
      enabled
        .filter((r) => r.ScheduleExpression !== undefined)
        .map((r) => r.id)
        .sort(),
    );
    // A scheduled rule whose function nobody said why it is not run is refused.
    expect(() => new LocalEventRules(deployment, { handlers: HANDLERS_BY_FUNCTION })).toThrow(/runs on a schedule/);
  });

  it('has a local source for every event a rule listens for', () => {
    for (const rule of deployment.rules.filter((r) => r.EventPattern !== undefined)) {
      const pattern = rule.EventPattern as { source: string[]; 'detail-type'?: string[]; detail?: { status?: string[]; stateMachineArn?: string[] } };
      for (const source of pattern.source) {
        if (source === 'aws.states') {
          // LocalExecutions emits status changes of the workflow itself, with the ARN the rules name.
          expect(pattern['detail-type']).toEqual(['Step Functions Execution Status Change']);
          expect(pattern.detail?.stateMachineArn).toEqual([stateMachineArn]);
          for (const status of pattern.detail?.status ?? []) expect(EXECUTION_STATUSES).toContain(status);
        } else {
          // Any other AWS service's events have no local emitter; Leadflow's own arrive through PutEvents.
          expect(source.startsWith('aws.'), `rule ${rule.id} listens to ${source}, which nothing local emits`).toBe(false);
        }
      }
    }
  });

  it('hands a stopped execution to Merge as cancelled, a timed-out one as failed with States.Timeout', async () => {
    const { calls, bindings } = recording();
    const rules = new LocalEventRules(deployment, bindings);
    await rules.deliver(statusChange('ABORTED'));
    await rules.deliver(statusChange('TIMED_OUT', stateMachineArn, 'job-2'));
    expect(calls.merge).toEqual([
      { jobId: 'job-1', cancelled: true },
      { jobId: 'job-2', failure: { error: 'States.Timeout' } },
    ]);
    expect(calls.webhook).toEqual([]);
  });

  it('leaves other statuses and other state machines (a distributed Map child) alone', async () => {
    const { calls, bindings } = recording();
    const rules = new LocalEventRules(deployment, bindings);
    for (const status of ['RUNNING', 'SUCCEEDED', 'FAILED']) await rules.deliver(statusChange(status));
    await rules.deliver(statusChange('ABORTED', `${stateMachineArn}/map-run-1`));
    expect(calls).toEqual({ merge: [], webhook: [] });
  });

  it('hands "Leadflow Job Completed" to the webhook function as the event itself', async () => {
    const { calls, bindings } = recording();
    await new LocalEventRules(deployment, bindings).deliver(jobCompleted);
    expect(calls.webhook).toEqual([jobCompleted]);
    expect(calls.merge).toEqual([]);
  });

  it("retries a failing target as Lambda retries async invokes (the function's EventInvokeConfig), then gives up", async () => {
    const twice = recording(2);
    await new LocalEventRules(deployment, twice.bindings, { retryDelayMs: 1 }).deliver(jobCompleted);
    expect(twice.calls.webhook).toHaveLength(3);

    const always = recording(Infinity);
    await expect(new LocalEventRules(deployment, always.bindings, { retryDelayMs: 1 }).deliver(statusChange('ABORTED'))).rejects.toThrow(/attempt 3 fails/);
    expect(always.calls.merge).toHaveLength(3);
  });

  it('refuses to start with a rule it cannot mirror, naming the rule and why', () => {
    const functions = deployment.functions;
    const mergeArn = deployment.rules.flatMap((r) => r.Targets ?? []).find((t) => functions[t.Arn.split(':').pop()!]?.handler === 'merge')!.Arn;
    const rule = (id: string, extra: Partial<TemplateRule>): TemplateRule => ({
      id,
      EventPattern: { source: ['leadflow'] },
      Targets: [{ Id: 'Target0', Arn: mergeArn }],
      ...extra,
    });
    const refused =
      (r: TemplateRule, handlers: Record<string, LocalHandler> = HANDLERS_BY_FUNCTION) =>
      () =>
        new LocalEventRules({ rules: [r], functions }, { handlers });
    expect(refused(rule('Prefix', { EventPattern: { source: [{ prefix: 'lead' }] } }))).toThrow(/rule Prefix: source: content filters/);
    expect(refused(rule('Queue', { Targets: [{ Id: 'Target0', Arn: 'arn:aws:local:local:000000000000:SomeQueue' }] }))).toThrow(
      /rule Queue: target Target0: .* not a Leadflow Lambda function/,
    );
    expect(refused(rule('Unbound', {}), {})).toThrow(/rule Unbound: target Target0: no local handler is bound for lambdas\/handlers\/merge.ts/);
    expect(refused(rule('Patternless', { EventPattern: undefined }))).toThrow(/rule Patternless: has neither an event pattern nor a schedule/);
    expect(refused(rule('Hourly', { EventPattern: undefined, ScheduleExpression: 'rate(1 hour)' }))).toThrow(
      /rule Hourly: runs on a schedule \(rate\(1 hour\)\)/,
    );
    expect(refused(rule('Reserved', { Targets: [{ Id: 'T', Arn: mergeArn, InputTransformer: { InputTemplate: '{"e":<aws.events.event>}' } }] }))).toThrow(
      /aws.events.event/,
    );
    // A disabled rule does nothing on AWS either.
    expect(
      new LocalEventRules({ rules: [rule('Off', { State: 'DISABLED', EventPattern: { source: [{ prefix: 'x' }] } })], functions }, { handlers: {} }).ruleIds,
    ).toEqual([]);
  });
});

describe('event patterns and target input', () => {
  it('matches listed values, nested fields, and any element of an array in the event', () => {
    const pattern = { source: ['a', 'b'], detail: { status: ['X'] }, resources: ['r2'] };
    expect(matchesPattern(pattern, { source: 'b', detail: { status: 'X', more: 1 }, resources: ['r1', 'r2'] })).toBe(true);
    expect(matchesPattern(pattern, { source: 'c', detail: { status: 'X' }, resources: ['r2'] })).toBe(false);
    expect(matchesPattern(pattern, { source: 'a', detail: { status: 'Y' }, resources: ['r2'] })).toBe(false);
    expect(matchesPattern(pattern, { source: 'a', resources: ['r2'] })).toBe(false);
    expect(matchesPattern({ detail: { gone: [null] } }, { detail: { gone: null } })).toBe(true);
    expect(matchesPattern({ detail: { gone: [null] } }, { detail: {} })).toBe(false);
  });

  it('fills an input template as EventBridge does: quoted outside strings, as text inside them', () => {
    const event = { ...jobCompleted, detail: { name: 'job "7"', count: 3 } };
    const target = {
      Id: 'T',
      Arn: 'x',
      InputTransformer: {
        InputPathsMap: { n: '$.detail.name', c: '$.detail.count' },
        InputTemplate: '{"jobId":<n>,"count":<c>,"text":"job <n> of <c>","lt":"a<b"}',
      },
    };
    expect(targetInput(target, event)).toEqual({ jobId: 'job "7"', count: 3, text: 'job job "7" of 3', lt: 'a<b' });
    expect(targetInput({ Id: 'T', Arn: 'x', Input: '{"fixed":true}' }, event)).toEqual({ fixed: true });
    expect(targetInput({ Id: 'T', Arn: 'x', InputPath: '$.detail' }, event)).toEqual({ name: 'job "7"', count: 3 });
  });
});

describe('local executions on the bus', () => {
  it('reports RUNNING then the end status; a timed-out execution reaches the TimedOut rule before wait() returns', async () => {
    const { calls, bindings } = recording();
    const rules = new LocalEventRules(deployment, bindings);
    const seen: DeliveredEvent[] = [];
    const executions = new LocalExecutions({
      definition: { StartAt: 'Sleep', TimeoutSeconds: 3600, States: { Sleep: { Type: 'Wait', Seconds: 86_400, End: true } } },
      stateMachineArn,
      handlers: {},
      tokens: new TaskTokens(),
      readObject: async () => '',
      timeScale: 36_000,
      onStatusChange: async (event) => {
        seen.push(event);
        await rules.deliver(event);
      },
    });
    executions.start('job-9', { jobId: 'job-9' });
    const { outcome } = await executions.wait('job-9');
    expect(outcome.status).toBe('TIMED_OUT');
    expect(seen.map((e) => (e.detail as { status: string }).status)).toEqual(['RUNNING', 'TIMED_OUT']);
    expect(seen[1]).toMatchObject({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      detail: { name: 'job-9', stateMachineArn, input: '{"jobId":"job-9"}', output: null },
    });
    expect(calls.merge).toEqual([{ jobId: 'job-9', failure: { error: 'States.Timeout' } }]);
    expect(executions.describe(`${stateMachineArn.replace(':stateMachine:', ':execution:')}:job-9`).status).toBe('TIMED_OUT');
  });
});
