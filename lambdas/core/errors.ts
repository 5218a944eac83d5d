import { ERROR_NAMES } from './errorNames';

/** The batch outlived its deadline at the vendor; its rows end as `failed: vendor timeout`. */
export class BatchDeadlineExceeded extends Error {
  override readonly name = ERROR_NAMES.batchDeadlineExceeded;
}

/** The vendor finished the bulk without results (INTERNAL_ERROR callback, or 404 on polling). */
export class VendorBulkFailed extends Error {
  override readonly name = ERROR_NAMES.vendorBulkFailed;
}

/** The vendor has no credits left for this job; the batch's rows end as `failed: vendor out of credits`. */
export class VendorOutOfCredits extends Error {
  override readonly name = ERROR_NAMES.vendorOutOfCredits;
}

/**
 * The vendor answered (and may have billed) but its answer cannot be read by this version of Leadflow. The answer
 * is kept as received, so `leadflow reprocess` can read it again once the code understands it.
 */
export class VendorAnswerUnreadable extends Error {
  override readonly name = ERROR_NAMES.vendorAnswerUnreadable;
}

/** Sent as often as allowed without an answer or a callback: the batch's rows end as `failed: vendor unavailable`. */
export class VendorUnavailable extends Error {
  override readonly name = ERROR_NAMES.vendorUnavailable;
}

/** The user cancelled the job before this round was sent: nothing is bought; its rows end `failed: cancelled`. */
export class JobCancelled extends Error {
  override readonly name = ERROR_NAMES.jobCancelled;
}

/** Another Submit attempt is sending this round right now; Step Functions retries this one later. */
export class SubmissionInProgress extends Error {
  override readonly name = ERROR_NAMES.submissionInProgress;
}

/** The callback beat Await to the batch: the state machine polls at once instead of waiting for it. */
export class CallbackAlreadyReceived extends Error {
  override readonly name = ERROR_NAMES.callbackAlreadyReceived;
}

/** The job cannot deliver what it was asked to: its message is for the user (lambdas/core/failureReason.ts). */
export class ExportPreflightFailed extends Error {
  override readonly name = ERROR_NAMES.exportPreflightFailed;
}
