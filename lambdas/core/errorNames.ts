/**
 * The names of the errors the state machine matches in its Retry and Catch (lib/workflow.ts), that handlers and
 * vendor adapters throw, and that the failure texts read (lambdas/core/failureReason.ts). Spelled once: each error
 * class takes its name from here, so renaming one cannot silently break a Retry or a Catch.
 */
export const ERROR_NAMES = {
  /** a vendor or the network kept failing: retried by the state machine */
  vendorTransient: 'VendorTransientError',
  /** a vendor refused for good (bad input, credentials, credits): the batch is given up, the job told why */
  vendorFatal: 'VendorFatalError',
  /** another Submit attempt is sending the round: retried later */
  submissionInProgress: 'SubmissionInProgress',
  /** the callback came before the task token was parked: poll at once */
  callbackAlreadyReceived: 'CallbackAlreadyReceived',
  batchDeadlineExceeded: 'BatchDeadlineExceeded',
  vendorBulkFailed: 'VendorBulkFailed',
  vendorOutOfCredits: 'VendorOutOfCredits',
  vendorAnswerUnreadable: 'VendorAnswerUnreadable',
  vendorUnavailable: 'VendorUnavailable',
  jobCancelled: 'JobCancelled',
  /** errors whose messages are written for users */
  leadFile: 'LeadFileError',
  columnMapping: 'ColumnMappingError',
  intakeRefused: 'IntakeRefused',
  exportPreflightFailed: 'ExportPreflightFailed',
  /** a list cursor the job store did not issue: the API answers 400 */
  invalidCursor: 'InvalidCursorError',
} as const;

export type ErrorName = (typeof ERROR_NAMES)[keyof typeof ERROR_NAMES];
