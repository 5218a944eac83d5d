/**
 * Step Functions' payload quota: a state's input (after Parameters) and output, and a task's result, may each be at
 * most 256 KiB of UTF-8 JSON. Above it the service fails the execution with States.DataLimitExceeded, a terminal
 * error that no `States.ALL` retrier or catcher sees (docs/local-runtime.md, "Payload limit").
 */
export const PAYLOAD_LIMIT_BYTES = 262_144;

export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/** The size Step Functions counts: the UTF-8 bytes of the value's JSON. */
export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}

/**
 * An error the interpreter neither retries nor catches (it reads these two flags off any error), so the execution
 * fails with it whatever the state's Retry and Catch say.
 */
export function terminalError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, isRetryable: false, isCatchable: false });
}

/** Throws States.DataLimitExceeded when `value` is over the quota; `what` names it as the service's message does. */
export function checkPayload(value: unknown, what: string): void {
  const bytes = payloadBytes(value);
  if (bytes > PAYLOAD_LIMIT_BYTES) {
    throw terminalError(DATA_LIMIT_EXCEEDED, `${what} has a size of ${bytes} bytes, exceeding the maximum of ${PAYLOAD_LIMIT_BYTES} bytes (256 KiB)`);
  }
}
