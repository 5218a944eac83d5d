/**
 * What a Lambda task's Catch sees when the function throws. The Node.js runtime reports the error as
 * `{ errorType, errorMessage, trace }` and Step Functions passes it on as `{ Error: errorType, Cause: <that object as
 * a JSON string> }`; the local runner gives the same shape so code that parses a Cause reads the same text in both
 * places (docs/local-runtime.md, "Error causes").
 */
export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** The payload the Node.js runtime makes of a thrown value: Errors by name, message and stack; anything else by type. */
export function lambdaErrorPayload(thrown: unknown): LambdaErrorPayload {
  if (thrown instanceof Error) {
    return { errorType: thrown.name, errorMessage: thrown.message, trace: thrown.stack?.split('\n') ?? [] };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

/** The error to hand the interpreter: its name is what Retry and Catch match, its message becomes the Cause. */
export function asLambdaTaskError(thrown: unknown): Error {
  const payload = lambdaErrorPayload(thrown);
  const error = new Error(JSON.stringify(payload));
  error.name = payload.errorType;
  return error;
}
