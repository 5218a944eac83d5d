import { describe, expect, it } from 'vitest';
import { TaskTokens } from '../../local/emulators/taskTokens';
import type { StateMachineDefinition } from '../../local/stateMachine/localDeployment';
import { PAYLOAD_LIMIT_BYTES, payloadBytes } from '../../local/stateMachine/payloadLimit';
import { LocalStateMachine, type LocalHandler, type RunnerOptions } from '../../local/stateMachine/runner';
import { describeJobFailure } from '../../lambdas/core/failureReason';

/** A Lambda task as CDK's LambdaInvoke.jsonPath writes it: the handler gets `Payload`, the result comes back in one. */
const lambdaTask = (payload: Record<string, unknown>, rest: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:F', Payload: payload },
  ...rest,
});

function runner(definition: StateMachineDefinition, handlers: Record<string, LocalHandler>, options: Partial<RunnerOptions> = {}) {
  return new LocalStateMachine(definition, {
    handlers,
    tokens: new TaskTokens(),
    readObject: async () => {
      throw new Error('no objects here');
    },
    retryIntervalMs: 1,
    ...options,
  });
}

const entered = (machine: LocalStateMachine, state: string) => machine.history.some((e) => e.type === 'StateEntered' && e.stateName === state);

/** A handler that counts its calls. */
function counted(result: (event: unknown) => unknown = () => ({})): LocalHandler & { calls: unknown[] } {
  const calls: unknown[] = [];
  return Object.assign(
    async (event: unknown) => {
      calls.push(event);
      return result(event);
    },
    { calls },
  );
}

describe('the 256 KiB payload limit', () => {
  // Catch and Retry on States.ALL: DataLimitExceeded is terminal and reaches neither.
  const catchAll = {
    Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
    Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
  };
  const bigResultMachine = (): StateMachineDefinition => ({
    StartAt: 'Big',
    States: {
      // The result is cut down to a number: the task's own result still counts, as on AWS.
      Big: lambdaTask({ 'jobId.$': '$.jobId' }, { ResultSelector: { 'n.$': '$.Payload.n' }, ResultPath: '$.big', Next: 'Done', ...catchAll }),
      Caught: { Type: 'Pass', End: true },
      Done: { Type: 'Succeed' },
    },
  });
  // The task result with an empty blob, so a test can make it exactly as large as it wants.
  const resultBytes = (blob: string) => payloadBytes({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: { n: 1, blob } });
  const emptyResult = resultBytes('');

  it('fails the execution when a handler returns more than 256 KiB, past Retry and Catch on States.ALL', async () => {
    const big = counted(() => ({ n: 1, blob: 'x'.repeat(PAYLOAD_LIMIT_BYTES) }));
    const machine = runner(bigResultMachine(), { Big: big });
    const outcome = await machine.start('big-result', { jobId: 'j' });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(outcome.cause).toMatch(/The result of state 'Big' has a size of \d+ bytes, exceeding the maximum of 262144 bytes/);
    expect(big.calls).toHaveLength(1);
    expect(entered(machine, 'Caught')).toBe(false);
  });

  it('counts UTF-8 bytes of the JSON: exactly 262,144 passes, one byte more fails', async () => {
    const atLimit = 'x'.repeat(PAYLOAD_LIMIT_BYTES - emptyResult);
    expect(resultBytes(atLimit)).toBe(PAYLOAD_LIMIT_BYTES);
    const passes = await runner(bigResultMachine(), { Big: async () => ({ n: 1, blob: atLimit }) }).start('at-limit', { jobId: 'j' });
    expect(passes.status).toBe('SUCCEEDED');

    const over = await runner(bigResultMachine(), { Big: async () => ({ n: 1, blob: `${atLimit}x` }) }).start('over', { jobId: 'j' });
    expect(over).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });

    // Half as many characters, but "é" is two bytes in UTF-8: over the limit all the same.
    const accented = 'é'.repeat(Math.ceil((PAYLOAD_LIMIT_BYTES - emptyResult + 1) / 2));
    expect(accented.length).toBeLessThan(PAYLOAD_LIMIT_BYTES / 2 + 1);
    const utf8 = await runner(bigResultMachine(), { Big: async () => ({ n: 1, blob: accented }) }).start('utf8', { jobId: 'j' });
    expect(utf8).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it("fails on a state's output over the limit (ResultPath adding a result to a large input), before the next state", async () => {
    const half = 'y'.repeat(150_000);
    const later = counted();
    const machine = runner(
      {
        StartAt: 'Grow',
        States: {
          Grow: lambdaTask({}, { ResultSelector: { 'blob.$': '$.Payload.blob' }, ResultPath: '$.grown', Next: 'Later', ...catchAll }),
          Later: lambdaTask({}, { End: true }),
          Caught: { Type: 'Pass', End: true },
        },
      },
      { Grow: async () => ({ blob: half }), Later: later },
    );
    const outcome = await machine.start('big-output', { blob: half });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(outcome.cause).toMatch(/The output of state 'Grow'/);
    expect(later.calls).toHaveLength(0);
    expect(entered(machine, 'Later')).toBe(false);
    expect(entered(machine, 'Caught')).toBe(false);
  });

  it("fails on a state's input after Parameters over the limit without invoking the handler", async () => {
    const half = 'z'.repeat(150_000);
    const handler = counted();
    const machine = runner({ StartAt: 'Twice', States: { Twice: lambdaTask({ 'a.$': '$.blob', 'b.$': '$.blob' }, { End: true }) } }, { Twice: handler });
    const outcome = await machine.start('big-input', { blob: half });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(outcome.cause).toMatch(/The input of state 'Twice'/);
    expect(handler.calls).toHaveLength(0);
  });

  it('fails on an execution input over the limit', async () => {
    const handler = counted();
    const machine = runner({ StartAt: 'Only', States: { Only: lambdaTask({}, { End: true }) } }, { Only: handler });
    const outcome = await machine.start('big-start', { blob: 'w'.repeat(PAYLOAD_LIMIT_BYTES) });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(handler.calls).toHaveLength(0);
  });

  it('refuses a definition that catches States.DataLimitExceeded by name, which it cannot honour', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Only',
      States: {
        Only: lambdaTask({}, { End: true, Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught' }] }),
        Caught: { Type: 'Pass', End: true },
      },
    };
    expect(() => runner(definition, { Only: counted() })).toThrow(/handles States.DataLimitExceeded by name/);
  });
});

class VendorFatalError extends Error {
  override name = 'VendorFatalError';
}

describe('a Lambda task that throws', () => {
  const recordFailure = (): StateMachineDefinition => ({
    StartAt: 'Submit',
    States: {
      Submit: lambdaTask(
        {},
        {
          Retry: [{ ErrorEquals: ['VendorTransientError'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }],
          End: true,
        },
      ),
      // As lib/workflow.ts passes the caught error to Merge.
      RecordFailure: lambdaTask({ failure: { 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' } }, { End: true }),
    },
  });

  it('is caught as Step Functions gives it: Error the error name, Cause the JSON of { errorType, errorMessage, trace }', async () => {
    const record = counted();
    const outcome = await runner(recordFailure(), {
      Submit: async () => {
        throw new VendorFatalError('Leadspace rejected the API token (HTTP 401)');
      },
      RecordFailure: record,
    }).start('cause', {});
    expect(outcome.status).toBe('SUCCEEDED');
    const { failure } = record.calls[0] as { failure: { error: string; cause: string } };
    expect(failure.error).toBe('VendorFatalError');
    const cause = JSON.parse(failure.cause) as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(cause)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(cause).toMatchObject({ errorType: 'VendorFatalError', errorMessage: 'Leadspace rejected the API token (HTTP 401)' });
    expect(cause.trace[0]).toBe('VendorFatalError: Leadspace rejected the API token (HTTP 401)');
    // What Merge makes of it (lambdas/core/failureReason.ts): the message, not the JSON around it.
    expect(describeJobFailure(failure.error, failure.cause)).toBe('Leadspace rejected the API token (HTTP 401)');
  });

  it('is retried by its name, and fails the execution with that name and the JSON cause when nothing catches it', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Submit',
      States: { Submit: lambdaTask({}, { Retry: [{ ErrorEquals: ['VendorTransientError'], MaxAttempts: 2 }], End: true }) },
    };
    const submit = counted(() => {
      throw Object.assign(new Error('503 from the vendor'), { name: 'VendorTransientError' });
    });
    const outcome = await runner(definition, { Submit: submit }).start('uncaught', {});
    expect(submit.calls).toHaveLength(3);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'VendorTransientError' });
    expect(JSON.parse(outcome.cause!)).toMatchObject({ errorType: 'VendorTransientError', errorMessage: '503 from the vendor' });
  });

  it('reports a thrown non-Error by its type, as the Node.js runtime does', async () => {
    const record = counted();
    await runner(recordFailure(), {
      Submit: async () => {
        throw 'plain words';
      },
      RecordFailure: record,
    }).start('string', {});
    const { failure } = record.calls[0] as { failure: { error: string; cause: string } };
    expect(failure.error).toBe('string');
    expect(JSON.parse(failure.cause)).toEqual({ errorType: 'string', errorMessage: 'plain words', trace: [] });
  });
});

describe('a distributed Map that fails', () => {
  const items = [0, 1, 2, 3, 4, 5];
  const definition: StateMachineDefinition = {
    StartAt: 'Batches',
    States: {
      Batches: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' },
        },
        ItemSelector: { 'item.$': '$$.Map.Item.Value' },
        MaxConcurrency: 3,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Work',
          States: {
            Work: lambdaTask({ 'item.$': '$.item' }, { Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 3 }], ResultPath: null, Next: 'After' }),
            After: lambdaTask({ 'item.$': '$.item' }, { End: true }),
          },
        },
        ResultPath: null,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
        Next: 'Done',
      },
      Caught: { Type: 'Pass', End: true },
      Done: { Type: 'Succeed' },
    },
  };

  it('stops the children still running: the Map does not wait for them, and they go no further', async () => {
    const started: number[] = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let allStarted!: () => void;
    const threeStarted = new Promise<void>((resolve) => (allStarted = resolve));
    const work: LocalHandler = async (event) => {
      const { item } = event as { item: number };
      started.push(item);
      if (started.length === 3) allStarted();
      if (item === 0) {
        // Fails once its two siblings are in flight.
        await threeStarted;
        throw Object.assign(new Error('refused'), { name: 'VendorFatalError' });
      }
      // The siblings finish only after the Map has failed, one of them with an error its Retry matches.
      await released;
      if (item === 2) throw Object.assign(new Error('try again'), { name: 'Transient' });
      return {};
    };
    const after = counted();
    const machine = runner(definition, { Work: work, After: after }, { readObject: async () => JSON.stringify(items) });

    const outcome = await machine.start('map-fails', { bucket: 'b', key: 'manifest.json' });
    // The Map failed and was caught while items 1 and 2 were still inside their Work task.
    expect(outcome.status).toBe('SUCCEEDED');
    expect(entered(machine, 'Caught')).toBe(true);
    const caught = machine.history.find((e) => e.type === 'StateExited' && e.stateName === 'Caught')!.payload as { error: { Error: string } };
    expect(caught.error.Error).toBe('States.ExceedToleratedFailureThreshold');
    const aborted = (index: number) => machine.history.some((e) => e.execution === `map-fails/map/${index}` && e.type === 'ExecutionAborted');
    expect(aborted(1) && aborted(2)).toBe(true);

    release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No item queued behind them started, the stopped children went on to no later state, and the failed Work of
    // item 2 was not retried.
    expect(started.sort()).toEqual([0, 1, 2]);
    expect(after.calls).toHaveLength(0);
    expect(machine.history.filter((e) => e.execution.startsWith('map-fails/map/') && e.stateName === 'After')).toEqual([]);
  });

  it("succeeds with every child's output in item order (what the 256 KiB limit applies to)", async () => {
    const machine = runner(
      { ...definition, States: { ...definition.States, Batches: { ...definition.States.Batches, ResultPath: '$.results' } } },
      { Work: counted(), After: counted((event) => (event as { item: number }).item * 10) },
      { readObject: async () => JSON.stringify(items) },
    );
    const outcome = await machine.start('map-succeeds', { bucket: 'b', key: 'manifest.json' });
    expect(outcome.status).toBe('SUCCEEDED');
    const output = outcome.output as { results: { Payload: number }[] };
    expect(output.results.map((r) => r.Payload)).toEqual([0, 10, 20, 30, 40, 50]);
  });
});

describe('stopping an execution', () => {
  it('times out after TimeoutSeconds on the scaled clock: TIMED_OUT, and no later state runs', async () => {
    const after = counted();
    const machine = runner(
      {
        StartAt: 'Sleep',
        TimeoutSeconds: 10,
        States: { Sleep: { Type: 'Wait', Seconds: 1000, Next: 'After' }, After: lambdaTask({}, { End: true }) },
      },
      { After: after },
      { timeScale: 200 },
    );
    const started = Date.now();
    const outcome = await machine.start('slow', {});
    expect(outcome.status).toBe('TIMED_OUT');
    expect(Date.now() - started).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(after.calls).toHaveLength(0);
  });

  it('ends a parked task-token wait at once; a late callback then finds the token stale', async () => {
    const tokens = new TaskTokens();
    let token = '';
    const machine = runner(
      {
        StartAt: 'Await',
        States: {
          Await: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'F', Payload: { 'taskToken.$': '$$.Task.Token' } },
            End: true,
          },
        },
      },
      {
        Await: async (event) => {
          token = (event as { taskToken: string }).taskToken;
          setTimeout(() => machine.abort(), 10);
          return {};
        },
      },
      { tokens },
    );
    const outcome = await machine.start('parked', {});
    expect(outcome.status).toBe('ABORTED');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(() => tokens.settle(token, { ok: true, output: {} })).toThrow(expect.objectContaining({ type: 'TaskTimedOut' }));
  });
});
