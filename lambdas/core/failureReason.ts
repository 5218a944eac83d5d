import { ERROR_NAMES } from './errorNames';

/**
 * Error types whose messages are written for users and never carry lead data; any other error is reported by
 * its name only, because its message may quote input (a vendor body, a parser excerpt).
 */
const USER_FACING_ERRORS = new Set<string>([
  ERROR_NAMES.leadFile,
  ERROR_NAMES.columnMapping,
  ERROR_NAMES.vendorFatal,
  ERROR_NAMES.exportPreflightFailed,
  ERROR_NAMES.intakeRefused,
]);

/**
 * The message inside a Step Functions error cause. A Lambda task's Catch gives the runtime's error object as JSON
 * (`{"errorType","errorMessage","trace"}`); a Fail state or SendTaskFailure gives plain text, which is the message
 * itself even when it happens to parse as JSON ("404"). An object without a message yields nothing rather than its JSON.
 */
function causeMessage(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(cause);
  } catch {
    return cause;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return cause;
  const { errorMessage } = parsed as { errorMessage?: unknown };
  return typeof errorMessage === 'string' ? errorMessage : undefined;
}

export function describeJobFailure(error: string, cause?: string): string {
  if (error === 'States.Timeout') return 'The job ran longer than the workflow allows (executionTimeoutHours); results so far are kept';
  const message = USER_FACING_ERRORS.has(error) ? causeMessage(cause) : undefined;
  return message ?? `internal error (${error})`;
}

const BATCH_FAILURES: Record<string, string> = {
  [ERROR_NAMES.batchDeadlineExceeded]: 'vendor timeout',
  [ERROR_NAMES.vendorTransient]: 'vendor unavailable',
  [ERROR_NAMES.vendorUnavailable]: 'vendor unavailable',
  [ERROR_NAMES.vendorBulkFailed]: 'vendor bulk error',
  [ERROR_NAMES.vendorOutOfCredits]: 'vendor out of credits',
  [ERROR_NAMES.vendorAnswerUnreadable]: 'vendor answer unreadable',
  [ERROR_NAMES.jobCancelled]: 'cancelled',
};

/** The short row status for rows of a failed batch, from the error name the state machine caught. */
export function describeBatchFailure(error: string | undefined): string {
  return (error && BATCH_FAILURES[error]) ?? 'internal error';
}
