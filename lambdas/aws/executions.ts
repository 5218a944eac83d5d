import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from './clients';
import type { Executions } from '../api/ports';
import { followUpExecutionName, followUpInput, type FollowUp } from '../core/jobIds';

/**
 * Job executions are named after the job: Step Functions refuses a second execution of the same name, which
 * makes every start (API retry, duplicated S3 event) start a job at most once.
 */
export class StepFunctionsExecutions implements Executions {
  constructor(private readonly stateMachineArn: string) {}

  start(jobId: string, inputKey: string): Promise<'started' | 'already_started'> {
    return this.startNamed(jobId, { jobId, inputKey });
  }

  followUp(jobId: string, inputKey: string, kind: FollowUp, count: number): Promise<'started' | 'already_started'> {
    return this.startNamed(followUpExecutionName(jobId, kind, count), followUpInput(jobId, inputKey, kind));
  }

  private async startNamed(name: string, input: Record<string, unknown>): Promise<'started' | 'already_started'> {
    try {
      await sfnClient().send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input: JSON.stringify(input) }));
      return 'started';
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists') return 'already_started';
      throw error;
    }
  }
}
