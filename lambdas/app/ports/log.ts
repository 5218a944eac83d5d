/* Implemented by invocationLog (lambdas/aws/workflowPorts.ts), a child of the Powertools logger per invocation. */

/** What a use case logs: ids and counts only, never lead data (lambdas/aws/logger.ts). */
export interface Log {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
