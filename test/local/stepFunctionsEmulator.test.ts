import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskTokens } from '../../local/emulators/taskTokens';
import { startStepFunctionsEmulator, type ExecutionControl } from '../../local/emulators/stepFunctions';
import type { JsonProtocolServer } from '../../local/emulators/jsonProtocolServer';
import { PAYLOAD_LIMIT_BYTES } from '../../local/stateMachine/payloadLimit';

const tokens = new TaskTokens();
const started: unknown[] = [];
const executions: ExecutionControl = {
  start: (name, input) => {
    started.push(input);
    return { executionArn: `arn:aws:states:us-east-1:000000000000:execution:Leadflow:${name}`, startDate: new Date() };
  },
  stop: () => ({ stopDate: new Date() }),
  describe: () => ({ status: 'RUNNING', name: 'x', startDate: new Date() }),
};
let sfn: JsonProtocolServer;

beforeAll(async () => {
  sfn = await startStepFunctionsEmulator(tokens, executions);
});
afterAll(async () => sfn?.close());

async function call(operation: string, input: Record<string, unknown>): Promise<{ status: number; body: { __type?: string } }> {
  const res = await fetch(sfn.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { __type?: string } };
}

/** A JSON string of exactly `bytes` UTF-8 bytes. */
const jsonOf = (bytes: number) => JSON.stringify({ x: 'a'.repeat(bytes - '{"x":""}'.length) });

describe('the local Step Functions API and the 256 KiB quota', () => {
  it('refuses a task output over the quota (InvalidOutput) and takes one at it', async () => {
    const token = tokens.issue();
    expect(await call('SendTaskSuccess', { taskToken: token, output: jsonOf(PAYLOAD_LIMIT_BYTES + 1) })).toMatchObject({
      status: 400,
      body: { __type: 'InvalidOutput' },
    });
    expect((await call('SendTaskSuccess', { taskToken: token, output: jsonOf(PAYLOAD_LIMIT_BYTES) })).status).toBe(200);
  });

  it('refuses an execution input over the quota (InvalidExecutionInput)', async () => {
    expect(await call('StartExecution', { name: 'big', input: jsonOf(PAYLOAD_LIMIT_BYTES + 1) })).toMatchObject({
      status: 400,
      body: { __type: 'InvalidExecutionInput' },
    });
    expect(started).toEqual([]);
    expect((await call('StartExecution', { name: 'small', input: '{"jobId":"j"}' })).status).toBe(200);
    expect(started).toEqual([{ jobId: 'j' }]);
  });
});
