import { setMaxListeners } from 'node:events';
import { StateMachine } from 'aws-local-stepfunctions';
import type { TaskTokens } from '../emulators/taskTokens';
import type { StateMachineDefinition } from './localDeployment';
import { applyTemplate, readPath } from './jsonPath';
import { asLambdaTaskError } from './lambdaError';
import { checkPayload, DATA_LIMIT_EXCEEDED, terminalError } from './payloadLimit';
import { checkStatePayloads } from './statePayloads';

export type LocalHandler = (event: unknown) => Promise<unknown>;

/** One entry of the combined execution history of a run: the parent execution and every child (map item). */
export interface HistoryEvent {
  execution: string;
  type: string;
  stateName?: string;
  payload?: unknown;
}

export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface RunnerOptions {
  /** Lambda handlers bound by the name of the Task state that invokes them */
  handlers: Record<string, LocalHandler>;
  tokens: TaskTokens;
  /** reads an S3 object for a distributed Map's ItemReader */
  readObject(bucket: string, key: string): Promise<string>;
  /** delay between Retry attempts; the definition's intervals are for real vendors (docs/local-runtime.md) */
  retryIntervalMs?: number;
  /** called with each history event as it happens */
  onEvent?: (event: HistoryEvent) => void;
  /**
   * How many times faster than real time Wait states, task-token timeouts and the execution timeout run (default 1).
   * Tests that run vendor limits on a scaled clock scale the waits with it, so an hour's pacing takes seconds.
   */
  timeScale?: number;
}

/** AWS lets a Task without TimeoutSeconds run until its Lambda's own timeout; the interpreter's default is 60 s. */
const NO_TIMEOUT_SECONDS = 2_147_483;
const DISTRIBUTED_MAP_RESOURCE = 'arn:aws:lambda:local:000000000000:function:LocalDistributedMap';
const WAIT_RESOURCE = 'arn:aws:lambda:local:000000000000:function:LocalWait';
/** Distributed Map fields the runner does not emulate: a definition using one is refused rather than run wrongly. */
const UNSUPPORTED_MAP_FIELDS = [
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'MaxConcurrencyPath',
  'ItemsPath',
];

type State = Record<string, unknown>;
/** Why an execution stopped from outside: StopExecution, or the definition's TimeoutSeconds. */
type StopReason = 'ABORTED' | 'TIMED_OUT';

/**
 * Runs the synthesized definition in process with aws-local-stepfunctions, emulating what it lacks; every way this
 * differs from Step Functions is listed in docs/local-runtime.md. A DISTRIBUTED Map becomes a local task that reads
 * the ItemReader object and runs the ItemProcessor as child executions with the Map's MaxConcurrency, stopping the
 * children still running when the Map fails; `.waitForTaskToken` tasks get a real token in `$$.Task.Token` and park
 * until SendTaskSuccess/Failure or their TimeoutSeconds; Lambda tasks invoke the real handlers with the Lambda
 * invoke result shape, so ResultSelector paths like `$.Payload.x` are the same, and fail with the Lambda error shape,
 * so a Catch sees the same Cause; payloads are held to the 256 KiB quota.
 */
/** Interpreters by definition (the deployment's, or a Map's processor within it), shared by every execution. */
const MACHINES = new WeakMap<StateMachineDefinition, StateMachine>();

export class LocalStateMachine {
  readonly history: HistoryEvent[] = [];
  /** Stops the execution and, through it, every child of its distributed Maps. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly definition: StateMachineDefinition,
    private readonly options: RunnerOptions,
  ) {
    // Each running child, Wait and parked task listens for the stop; a large MaxConcurrency is not a leak.
    setMaxListeners(0, this.stopping.signal);
    const missing = taskStates(definition).filter((name) => !(name in options.handlers));
    if (missing.length > 0) throw new Error(`No local handler bound to Task state(s): ${missing.join(', ')}`);
    refuseUnsupported(definition);
  }

  get stateTransitions(): number {
    return this.history.filter((e) => e.type === 'StateEntered').length;
  }

  async start(executionName: string, input: unknown): Promise<ExecutionOutcome> {
    // The execution timeout, on the scaled clock; the interpreter's own would run on real time.
    const timeoutSeconds = this.definition.TimeoutSeconds;
    const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => this.stop('TIMED_OUT'), (timeoutSeconds * 1000) / this.timeScale);
    try {
      return await this.execute(this.definition, executionName, input, this.stopping.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** StopExecution: the execution and every child end ABORTED; tasks already running finish on their own. */
  abort(): void {
    this.stop('ABORTED');
  }

  private stop(reason: StopReason): void {
    // The first reason stays: a timed-out execution is not stopped again.
    this.stopping.abort(reason);
  }

  private async execute(definition: StateMachineDefinition, executionName: string, input: unknown, signal: AbortSignal): Promise<ExecutionOutcome> {
    // A Map child whose turn comes after its Map Run stopped never starts.
    if (signal.aborted) return { status: stoppedStatus(signal) };
    const distributedMaps = new Map<string, State>();
    const waits = new Map<string, State>();
    const local = prepareForLocalRun(definition, distributedMaps, waits);
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [name, state] of Object.entries(local.States)) {
      if (state.Type !== 'Task') continue;
      retryIntervalOverrides[name] = this.options.retryIntervalMs ?? 10;
      const map = distributedMaps.get(name);
      const wait = waits.get(name);
      const run: (taskInput: unknown) => Promise<unknown> = map
        ? (mapInput) => this.runDistributedMap(map, executionName, mapInput, signal)
        : wait
          ? (waitInput) => this.sleep(wait, waitInput, signal)
          : (taskInput) => this.invokeTask(name, state, taskInput, signal);
      handlers[name] = async (taskInput) => {
        // After a stop the interpreter still ends the state it is in, and retries a task that failed: a stopped
        // execution starts nothing new, as on AWS.
        if (signal.aborted) throw terminalError('States.Runtime', 'The execution was stopped');
        // The state's input after Parameters, and the task's own result (whatever ResultSelector keeps of it).
        checkPayload(taskInput, `The input of state '${name}'`);
        const result = await run(taskInput);
        checkPayload(result, `The result of state '${name}'`);
        return result;
      };
    }

    const tokens = this.options.tokens;
    const context = {
      Execution: { Name: executionName, Id: `arn:aws:states:local:000000000000:execution:leadflow:${executionName}` },
      // A fresh token each time a state reads $$.Task.Token, as each task attempt gets its own on AWS.
      Task: {
        get Token() {
          return tokens.issue();
        },
      },
    };
    // Validating a definition compiles a JSON schema; a distributed Map runs the same processor many times, and every
    // execution the same definition: each is validated once per process.
    let machine = MACHINES.get(definition);
    if (!machine) {
      machine = new StateMachine(local as never, { validationOptions: { checkArn: false } });
      checkStatePayloads(machine);
      MACHINES.set(definition, machine);
    }
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
      context: context as never,
    });
    const stop = () => execution.abort();
    signal.addEventListener('abort', stop, { once: true });
    const recording = (async () => {
      for await (const event of execution.eventLogs) {
        const e = event as {
          type: string;
          state?: { name: string; input?: unknown; output?: unknown };
          input?: unknown;
          output?: unknown;
          Error?: string;
          Cause?: string;
        };
        const recorded: HistoryEvent = {
          execution: executionName,
          type: e.type,
          stateName: e.state?.name,
          payload: e.state?.output ?? e.state?.input ?? e.output ?? e.input ?? (e.Error ? { Error: e.Error, Cause: e.Cause } : undefined),
        };
        this.history.push(recorded);
        this.options.onEvent?.(recorded);
      }
    })();
    try {
      const output = await execution.result;
      await recording;
      if (signal.aborted) return { status: stoppedStatus(signal) };
      return { status: 'SUCCEEDED', output };
    } catch (error) {
      await recording.catch(() => undefined);
      if (signal.aborted) return { status: stoppedStatus(signal) };
      const cause = (error as { cause?: { name?: string; message?: string } }).cause;
      return { status: 'FAILED', error: cause?.name ?? (error as Error).name, cause: cause?.message };
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  private get timeScale(): number {
    return this.options.timeScale ?? 1;
  }

  /** A Wait state, run as a local task so its time can be scaled; its output is its input, as a Wait's is. */
  private async sleep(wait: State, input: unknown, signal: AbortSignal): Promise<unknown> {
    const seconds = wait.SecondsPath !== undefined ? Number(readPath(String(wait.SecondsPath), input, {})) : Number(wait.Seconds ?? 0);
    let onStop = () => {};
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, (seconds * 1000) / this.timeScale);
      onStop = () => {
        clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', onStop, { once: true });
    });
    signal.removeEventListener('abort', onStop);
    return input;
  }

  private async invokeTask(stateName: string, state: State, input: unknown, signal: AbortSignal): Promise<unknown> {
    const { Payload } = input as { Payload?: unknown };
    // A JSON round trip, as a real invocation has: the handler never shares objects with the interpreter.
    const event = JSON.parse(JSON.stringify(Payload ?? {}));
    const handler = this.options.handlers[stateName]!;
    const invoke = async () => {
      try {
        return await handler(event);
      } catch (thrown) {
        throw asLambdaTaskError(thrown);
      }
    };
    const resource = String(state.Resource);
    if (resource.endsWith('.waitForTaskToken')) {
      const token = (event as { taskToken?: string }).taskToken;
      if (!token) throw new Error(`State ${stateName} waits for a task token but passes none to its handler`);
      await invoke();
      return this.options.tokens.wait(token, (Number(state.TimeoutSeconds ?? NO_TIMEOUT_SECONDS) * 1000) / this.timeScale, signal);
    }
    const result = await invoke();
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  }

  /**
   * The Map Run: children in item order, at most MaxConcurrency at a time. Once more than ToleratedFailurePercentage
   * of the items failed, the Map fails and the children still running are stopped, as Step Functions stops a failed
   * Map Run's child executions; none is waited for to finish its task first.
   */
  private async runDistributedMap(map: State, parentName: string, input: unknown, parent: AbortSignal): Promise<unknown[]> {
    const reader = map.ItemReader as { Parameters: Record<string, unknown>; ReaderConfig?: { InputType?: string } };
    if (reader.ReaderConfig?.InputType !== 'JSON') throw new Error('The local runner reads JSON item readers only');
    const { Bucket, Key } = applyTemplate(reader.Parameters, input, {}) as { Bucket: string; Key: string };
    const items = JSON.parse(await this.options.readObject(Bucket, Key)) as unknown[];
    // ProcessorConfig says how AWS runs the children; the children themselves are a plain StartAt/States machine.
    const { StartAt, States } = map.ItemProcessor as StateMachineDefinition;
    const processor: StateMachineDefinition = { StartAt, States };
    const selector = map.ItemSelector ?? map.Parameters;
    const concurrency = Math.max(1, Number(map.MaxConcurrency ?? 0) || items.length || 1);
    const tolerated = Number(map.ToleratedFailurePercentage ?? 0);
    const mapRun = new AbortController();
    const signal = AbortSignal.any([parent, mapRun.signal]);
    setMaxListeners(0, signal);

    // Without a ResultWriter the Map's result is every child's output in item order, held to the payload quota.
    const outputs: unknown[] = new Array<unknown>(items.length).fill(null);
    let next = 0;
    let failed = 0;
    const exceeded = () => (failed / Math.max(1, items.length)) * 100 > tolerated;
    const worker = async () => {
      while (!signal.aborted && next < items.length) {
        const index = next++;
        const context = { Map: { Item: { Index: index, Value: items[index] } } };
        const itemInput = selector ? applyTemplate(selector, input, context) : items[index];
        const outcome = await this.execute(processor, `${parentName}/map/${index}`, itemInput, signal);
        if (outcome.status === 'SUCCEEDED') outputs[index] = outcome.output ?? null;
        if (outcome.status !== 'FAILED') continue;
        failed += 1;
        outputs[index] = { Error: outcome.error, Cause: outcome.cause };
        if (exceeded()) mapRun.abort('ABORTED');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    if (parent.aborted) throw terminalError('States.Runtime', 'The execution was stopped');
    if (exceeded()) {
      const error = new Error(`The distributed Map failed: ${failed} of ${items.length} items failed`);
      error.name = 'States.ExceedToleratedFailureThreshold';
      throw error;
    }
    return outputs;
  }
}

function stoppedStatus(signal: AbortSignal): StopReason {
  return signal.reason === 'TIMED_OUT' ? 'TIMED_OUT' : 'ABORTED';
}

function taskStates(definition: StateMachineDefinition): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const processor = (state.ItemProcessor ?? state.Iterator) as StateMachineDefinition | undefined;
    if (state.Type === 'Map' && processor) return taskStates(processor);
    return state.Type === 'Task' ? [name] : [];
  });
}

/** What the runner would get wrong rather than emulate: refused when the runner is built, not when a job reaches it. */
function refuseUnsupported(definition: StateMachineDefinition): void {
  for (const [name, state] of Object.entries(definition.States)) {
    // DataLimitExceeded is terminal to the runner (payloadLimit.ts); a definition that names it expects to catch it.
    for (const rule of [...((state.Retry as State[] | undefined) ?? []), ...((state.Catch as State[] | undefined) ?? [])]) {
      if ((rule.ErrorEquals as string[]).includes(DATA_LIMIT_EXCEEDED)) {
        throw new Error(`State ${name} handles ${DATA_LIMIT_EXCEEDED} by name, which the local runner does not emulate`);
      }
    }
    const processor = (state.ItemProcessor ?? state.Iterator) as (StateMachineDefinition & { ProcessorConfig?: { Mode?: string } }) | undefined;
    if (state.Type !== 'Map' || !processor) continue;
    if (processor.ProcessorConfig?.Mode === 'DISTRIBUTED') {
      const unsupported = UNSUPPORTED_MAP_FIELDS.filter((field) => state[field] !== undefined);
      if (unsupported.length > 0) throw new Error(`The local runner does not emulate ${unsupported.join(', ')} of the distributed Map ${name}`);
    }
    refuseUnsupported(processor);
  }
}

function prepareForLocalRun(definition: StateMachineDefinition, distributedMaps: Map<string, State>, waits: Map<string, State>): StateMachineDefinition {
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Wait' && (state.Seconds !== undefined || state.SecondsPath !== undefined)) {
      waits.set(name, state);
      const { InputPath, OutputPath, Next, End } = state;
      states[name] = Object.fromEntries(
        Object.entries({ Type: 'Task', Resource: WAIT_RESOURCE, TimeoutSeconds: NO_TIMEOUT_SECONDS, InputPath, OutputPath, Next, End }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      continue;
    }
    const processor = state.ItemProcessor as { ProcessorConfig?: { Mode?: string } } | undefined;
    if (state.Type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
      distributedMaps.set(name, state);
      const { InputPath, OutputPath, ResultPath, ResultSelector, Retry, Catch, Next, End } = state;
      states[name] = Object.fromEntries(
        Object.entries({
          Type: 'Task',
          Resource: DISTRIBUTED_MAP_RESOURCE,
          TimeoutSeconds: NO_TIMEOUT_SECONDS,
          InputPath,
          OutputPath,
          ResultPath,
          ResultSelector,
          Retry,
          Catch,
          Next,
          End,
        }).filter(([, v]) => v !== undefined),
      );
    } else if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      states[name] = { ...state, TimeoutSeconds: NO_TIMEOUT_SECONDS };
    } else {
      states[name] = state;
    }
  }
  // The execution timeout is the runner's own (start()), on the scaled clock.
  const { TimeoutSeconds: _timeout, ...machine } = definition;
  return { ...machine, States: states };
}
