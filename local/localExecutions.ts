import { randomUUID } from 'node:crypto';
import type { DeliveredEvent } from './emulators/eventBridge';
import { ServiceError } from './emulators/jsonProtocolServer';
import type { ExecutionControl } from './emulators/stepFunctions';
import type { TaskTokens } from './emulators/taskTokens';
import type { StateMachineDefinition } from './stateMachine/localDeployment';
import { LocalStateMachine, type ExecutionOutcome, type HistoryEvent, type LocalHandler } from './stateMachine/runner';

/** Every status an execution reports on the bus; lib/job-events.ts has rules on some (test/local/eventRules.test.ts). */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

interface Execution {
  machine: LocalStateMachine;
  outcome: Promise<ExecutionOutcome>;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
}

export interface LocalExecutionsOptions {
  definition: StateMachineDefinition;
  stateMachineArn: string;
  handlers: Record<string, LocalHandler>;
  tokens: TaskTokens;
  readObject(bucket: string, key: string): Promise<string>;
  /** Wait states, task-token timeouts and the execution timeout run this many times faster (RunnerOptions.timeScale) */
  timeScale?: number;
  /**
   * Gets each "Step Functions Execution Status Change" event as Step Functions puts it on the default bus, where
   * lib/job-events.ts has rules (ABORTED and TIMED_OUT go to Merge). Awaited: an execution has ended (wait()) once
   * what its rules run has run.
   */
  onStatusChange(event: DeliveredEvent): Promise<void>;
}

/** The executions of the local state machine, by name, with the service's start/stop/describe semantics. */
export class LocalExecutions implements ExecutionControl {
  private readonly executions = new Map<string, Execution>();

  constructor(private readonly options: LocalExecutionsOptions) {}

  private arnOf(name: string): string {
    return `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  private byArn(executionArn: string): [string, Execution] {
    const name = executionArn.slice(executionArn.lastIndexOf(':') + 1);
    const execution = this.executions.get(name);
    if (!execution || this.arnOf(name) !== executionArn) throw new ServiceError('ExecutionDoesNotExist', 'Execution Does Not Exist');
    return [name, execution];
  }

  start(name: string, input: unknown, onEvent?: (event: HistoryEvent) => void): { executionArn: string; startDate: Date } {
    if (this.executions.has(name)) throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${this.arnOf(name)}'`);
    const { definition, handlers, tokens, readObject, timeScale } = this.options;
    const machine = new LocalStateMachine(definition, { handlers, tokens, readObject, onEvent, timeScale });
    const execution: Execution = { machine, status: 'RUNNING', startDate: new Date(), outcome: Promise.resolve({ status: 'FAILED' }) };
    const running = this.options.onStatusChange(this.statusChange(name, execution, input));
    // Awaited below, after the execution: handled now so that a failure there is not reported as unhandled first.
    running.catch(() => undefined);
    execution.outcome = machine.start(name, input).then(async (outcome) => {
      execution.status = outcome.status;
      execution.stopDate = new Date();
      await running;
      await this.options.onStatusChange(this.statusChange(name, execution, input, outcome));
      return outcome;
    });
    this.executions.set(name, execution);
    return { executionArn: this.arnOf(name), startDate: execution.startDate };
  }

  /** The event as Step Functions sends it: dates in epoch milliseconds, input and output as JSON text. */
  private statusChange(name: string, execution: Execution, input: unknown, outcome?: ExecutionOutcome): DeliveredEvent {
    const executionArn = this.arnOf(name);
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [executionArn],
      detail: {
        executionArn,
        stateMachineArn: this.options.stateMachineArn,
        name,
        status: execution.status,
        startDate: execution.startDate.getTime(),
        stopDate: execution.stopDate?.getTime() ?? null,
        input: JSON.stringify(input),
        output: outcome?.status === 'SUCCEEDED' ? JSON.stringify(outcome.output ?? null) : null,
        ...(outcome?.status === 'FAILED' && { error: outcome.error ?? null, cause: outcome.cause ?? null }),
      },
    };
  }

  stop(executionArn: string): { stopDate: Date } {
    const [, execution] = this.byArn(executionArn);
    if (execution.status === 'RUNNING') execution.machine.abort();
    return { stopDate: new Date() };
  }

  describe(executionArn: string): { status: string; name: string; startDate: Date; stopDate?: Date } {
    const [name, execution] = this.byArn(executionArn);
    return { status: execution.status, name, startDate: execution.startDate, stopDate: execution.stopDate };
  }

  /** Resolves when the execution and its after-stop work have ended. */
  async wait(name: string): Promise<{ outcome: ExecutionOutcome; machine: LocalStateMachine }> {
    const execution = this.executions.get(name);
    if (!execution) throw new Error(`No execution named ${name}`);
    return { outcome: await execution.outcome, machine: execution.machine };
  }

  has(name: string): boolean {
    return this.executions.has(name);
  }
}
