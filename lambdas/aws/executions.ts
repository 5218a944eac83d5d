import { ExecutionAlreadyExists, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from './clients';
import type { Executions } from '../api/ports';

/**
 * Job executions are named after the job: Step Functions refuses a second execution of the same name, which
 * makes every start (API retry, duplicated S3 event) start a job at most once.
 */
export class StepFunctionsExecutions implements Executions {
  constructor(private readonly stateMachineArn: string) {}

  private executionArn(jobId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${jobId}`;
  }

  async start(jobId: string, inputKey: string): Promise<'started' | 'already_started'> {
    try {
      await sfnClient().send(
        new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: jobId, input: JSON.stringify({ jobId, inputKey }) }),
      );
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return 'already_started';
      throw error;
    }
  }

  async stop(jobId: string): Promise<'stopped' | 'not_running'> {
    try {
      await sfnClient().send(new StopExecutionCommand({ executionArn: this.executionArn(jobId), cause: 'Cancelled by the user' }));
      return 'stopped';
    } catch (error) {
      if (['ExecutionDoesNotExist', 'ExecutionNotRunning'].includes((error as Error).name)) return 'not_running';
      throw error;
    }
  }
}
