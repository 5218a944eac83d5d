import { ServiceError } from './emulators/jsonProtocolServer';
import type { ExecutionControl } from './emulators/stepFunctions';
import type { TaskTokens } from './emulators/taskTokens';
import type { StateMachineDefinition } from './stateMachine/localDeployment';
import { LocalStateMachine, type ExecutionOutcome, type HistoryEvent, type LocalHandler } from './stateMachine/runner';

interface Execution {
  machine: LocalStateMachine;
  outcome: Promise<ExecutionOutcome>;
  status: 'RUNNING' | ExecutionOutcome['status'];
  startDate: Date;
  stopDate?: Date;
}

export interface LocalExecutionsOptions {
  definition: StateMachineDefinition;
  stateMachineArn: string;
  handlers: Record<string, LocalHandler>;
  tokens: TaskTokens;
  readObject(bucket: string, key: string): Promise<string>;
  /** Wait states and task timeouts run this many times faster (see RunnerOptions.timeScale) */
  timeScale?: number;
  /** what AWS does after an execution is stopped (lib/job-events.ts routes ABORTED to Merge) */
  onAborted(name: string): Promise<void>;
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
    execution.outcome = machine.start(name, input).then(async (outcome) => {
      execution.status = outcome.status;
      execution.stopDate = new Date();
      if (outcome.status === 'ABORTED') await this.options.onAborted(name);
      return outcome;
    });
    this.executions.set(name, execution);
    return { executionArn: this.arnOf(name), startDate: execution.startDate };
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
