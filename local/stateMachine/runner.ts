import { StateMachine } from 'aws-local-stepfunctions';
import type { TaskTokens } from '../emulators/taskTokens';
import type { StateMachineDefinition } from './localDeployment';
import { applyTemplate, readPath } from './jsonPath';

export type LocalHandler = (event: unknown) => Promise<unknown>;

/** One entry of the combined execution history of a run: the parent execution and every child (map item). */
export interface HistoryEvent {
  execution: string;
  type: string;
  stateName?: string;
  payload?: unknown;
}

export interface ExecutionOutcome {
  status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
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
  /** delay between Retry attempts; the definition's intervals are for real vendors */
  retryIntervalMs?: number;
  /** called with each history event as it happens */
  onEvent?: (event: HistoryEvent) => void;
  /**
   * How many times faster than real time Wait states and task-token timeouts run (default 1). Tests that run vendor
   * limits on a scaled clock scale the waits with it, so an hour's pacing takes seconds.
   */
  timeScale?: number;
}

/** AWS lets a Task without TimeoutSeconds run until its Lambda's own timeout; the interpreter's default is 60 s. */
const NO_TIMEOUT_SECONDS = 2_147_483;
const DISTRIBUTED_MAP_RESOURCE = 'arn:aws:lambda:local:000000000000:function:LocalDistributedMap';
const WAIT_RESOURCE = 'arn:aws:lambda:local:000000000000:function:LocalWait';

type State = Record<string, unknown>;

/**
 * Runs the synthesized definition in process with aws-local-stepfunctions, emulating what it lacks
 * (TOOLCHAIN.md): a DISTRIBUTED Map becomes a local task that reads the ItemReader object and runs the
 * ItemProcessor as child executions with the Map's MaxConcurrency; `.waitForTaskToken` tasks get a real token
 * in `$$.Task.Token` and park until SendTaskSuccess/Failure or their TimeoutSeconds; Lambda tasks invoke the
 * real handlers with the Lambda invoke result shape, so ResultSelector paths like `$.Payload.x` are the same.
 */
export class LocalStateMachine {
  readonly history: HistoryEvent[] = [];
  private readonly machines = new WeakMap<StateMachineDefinition, StateMachine>();
  private readonly running = new Set<() => void>();
  private aborted = false;

  constructor(
    private readonly definition: StateMachineDefinition,
    private readonly options: RunnerOptions,
  ) {
    const missing = taskStates(definition).filter((name) => !(name in options.handlers));
    if (missing.length > 0) throw new Error(`No local handler bound to Task state(s): ${missing.join(', ')}`);
  }

  get stateTransitions(): number {
    return this.history.filter((e) => e.type === 'StateEntered').length;
  }

  async start(executionName: string, input: unknown): Promise<ExecutionOutcome> {
    return this.execute(this.definition, executionName, input);
  }

  /** StopExecution: the execution and every child end ABORTED; tasks already running finish on their own. */
  abort(): void {
    this.aborted = true;
    for (const abort of this.running) abort();
  }

  private async execute(definition: StateMachineDefinition, executionName: string, input: unknown): Promise<ExecutionOutcome> {
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
      handlers[name] = map
        ? (mapInput) => this.runDistributedMap(map, executionName, mapInput)
        : wait
          ? (waitInput) => this.sleep(wait, waitInput)
          : (taskInput) => this.invokeTask(name, state, taskInput);
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
    // Validating a definition compiles a JSON schema; a distributed Map runs the same processor many times.
    let machine = this.machines.get(definition);
    if (!machine) {
      machine = new StateMachine(local as never, { validationOptions: { checkArn: false } });
      this.machines.set(definition, machine);
    }
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
      context: context as never,
    });
    this.running.add(execution.abort);
    const recording = (async () => {
      for await (const event of execution.eventLogs) {
        const e = event as { type: string; state?: { name: string; input?: unknown; output?: unknown }; input?: unknown; output?: unknown; Error?: string; Cause?: string };
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
      if (this.aborted) return { status: 'ABORTED' };
      return { status: 'SUCCEEDED', output };
    } catch (error) {
      await recording.catch(() => undefined);
      if (this.aborted) return { status: 'ABORTED' };
      const cause = (error as { cause?: { name?: string; message?: string } }).cause;
      return { status: 'FAILED', error: cause?.name ?? (error as Error).name, cause: cause?.message };
    } finally {
      this.running.delete(execution.abort);
    }
  }

  private get timeScale(): number {
    return this.options.timeScale ?? 1;
  }

  /** A Wait state, run as a local task so its time can be scaled; its output is its input, as a Wait's is. */
  private async sleep(wait: State, input: unknown): Promise<unknown> {
    const seconds = wait.SecondsPath !== undefined ? Number(readPath(String(wait.SecondsPath), input, {})) : Number(wait.Seconds ?? 0);
    let abort = () => {};
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, (seconds * 1000) / this.timeScale);
      abort = () => {
        clearTimeout(timer);
        resolve();
      };
      this.running.add(abort);
    });
    this.running.delete(abort);
    return input;
  }

  private async invokeTask(stateName: string, state: State, input: unknown): Promise<unknown> {
    const { Payload } = input as { Payload?: unknown };
    // A JSON round trip, as a real invocation has: the handler never shares objects with the interpreter.
    const event = JSON.parse(JSON.stringify(Payload ?? {}));
    const handler = this.options.handlers[stateName]!;
    const resource = String(state.Resource);
    if (resource.endsWith('.waitForTaskToken')) {
      const token = (event as { taskToken?: string }).taskToken;
      if (!token) throw new Error(`State ${stateName} waits for a task token but passes none to its handler`);
      await handler(event);
      return this.options.tokens.wait(token, (Number(state.TimeoutSeconds ?? NO_TIMEOUT_SECONDS) * 1000) / this.timeScale);
    }
    const result = await handler(event);
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  }

  private async runDistributedMap(map: State, parentName: string, input: unknown): Promise<unknown> {
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

    let next = 0;
    let failed = 0;
    let stop = false;
    const worker = async () => {
      while (!stop && !this.aborted && next < items.length) {
        const index = next++;
        const context = { Map: { Item: { Index: index, Value: items[index] } } };
        const itemInput = selector ? applyTemplate(selector, input, context) : items[index];
        const outcome = await this.execute(processor, `${parentName}/map/${index}`, itemInput);
        if (outcome.status === 'FAILED') {
          failed += 1;
          if ((failed / items.length) * 100 > tolerated) stop = true;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    if (this.aborted) throw Object.assign(new Error('Execution aborted'), { name: 'States.Runtime' });
    if ((failed / Math.max(1, items.length)) * 100 > tolerated) {
      const error = new Error(`The distributed Map failed: ${failed} of ${items.length} items failed`);
      error.name = 'States.ExceedToleratedFailureThreshold';
      throw error;
    }
    return null;
  }
}

function taskStates(definition: StateMachineDefinition): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const processor = (state.ItemProcessor ?? state.Iterator) as StateMachineDefinition | undefined;
    if (state.Type === 'Map' && processor) return taskStates(processor);
    return state.Type === 'Task' ? [name] : [];
  });
}

function prepareForLocalRun(
  definition: StateMachineDefinition,
  distributedMaps: Map<string, State>,
  waits: Map<string, State>,
): StateMachineDefinition {
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
        Object.entries({ Type: 'Task', Resource: DISTRIBUTED_MAP_RESOURCE, TimeoutSeconds: NO_TIMEOUT_SECONDS, InputPath, OutputPath, ResultPath, ResultSelector, Retry, Catch, Next, End }).filter(
          ([, v]) => v !== undefined,
        ),
      );
    } else if (state.Type === 'Task' && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      states[name] = { ...state, TimeoutSeconds: NO_TIMEOUT_SECONDS };
    } else {
      states[name] = state;
    }
  }
  return { ...definition, States: states };
}
