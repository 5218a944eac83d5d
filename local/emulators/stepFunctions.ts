import { ServiceError, startJsonProtocolServer, type JsonProtocolServer } from './jsonProtocolServer';
import type { LocalCredentials } from './sigv4';
import type { TaskTokens } from './taskTokens';
import { PAYLOAD_LIMIT_BYTES } from '../stateMachine/payloadLimit';

/** The service refuses a task output or execution input over the payload quota at the API (docs/local-runtime.md). */
function withinQuota(value: unknown, error: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (Buffer.byteLength(text, 'utf8') > PAYLOAD_LIMIT_BYTES) throw new ServiceError(error, `${what} exceeds the maximum of ${PAYLOAD_LIMIT_BYTES} bytes`);
  return text;
}

/** What the local runtime does when the Step Functions API is asked to start or stop an execution. */
export interface ExecutionControl {
  /** throws ServiceError('ExecutionAlreadyExists') for a name already used, as the service does */
  start(name: string, input: unknown): { executionArn: string; startDate: Date };
  /** throws ServiceError('ExecutionDoesNotExist') for an unknown one */
  stop(executionArn: string): { stopDate: Date };
  describe(executionArn: string): { status: string; name: string; startDate: Date; stopDate?: Date };
}

/**
 * The Step Functions API operations handlers call (task tokens from the callback route; start and stop from
 * the job API and the ingest function), on the real JSON 1.0 protocol for the real SFN client.
 */
export function startStepFunctionsEmulator(
  tokens: TaskTokens,
  executions: ExecutionControl,
  options: { credentials?: LocalCredentials } = {},
): Promise<JsonProtocolServer> {
  const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);
  return startJsonProtocolServer(
    'AWSStepFunctions',
    'application/x-amz-json-1.0',
    {
      SendTaskSuccess: (input) =>
        tokens.settle(input.taskToken, { ok: true, output: JSON.parse(withinQuota(input.output, 'InvalidOutput', 'The task output') ?? '{}') }),
      SendTaskFailure: (input) =>
        tokens.settle(input.taskToken, { ok: false, error: String(input.error ?? 'TaskFailed'), cause: input.cause as string | undefined }),
      SendTaskHeartbeat: (input) => {
        if (!tokens.isPending(input.taskToken)) throw new ServiceError('TaskTimedOut', 'Task Timed Out');
        return {};
      },
      StartExecution: (input) => {
        const started = executions.start(String(input.name), JSON.parse(withinQuota(input.input, 'InvalidExecutionInput', 'The execution input') ?? '{}'));
        return { executionArn: started.executionArn, startDate: seconds(started.startDate) };
      },
      StopExecution: (input) => ({ stopDate: seconds(executions.stop(String(input.executionArn)).stopDate) }),
      DescribeExecution: (input) => {
        const d = executions.describe(String(input.executionArn));
        return { executionArn: input.executionArn, name: d.name, status: d.status, startDate: seconds(d.startDate), stopDate: seconds(d.stopDate) };
      },
    },
    options,
  );
}
