/** The batch outlived its deadline at the vendor; its rows end as `failed: vendor timeout`. */
export class BatchDeadlineExceeded extends Error {
  override readonly name = 'BatchDeadlineExceeded';
}

/** The vendor finished the bulk without results (INTERNAL_ERROR callback, or 404 on polling). */
export class VendorBulkFailed extends Error {
  override readonly name = 'VendorBulkFailed';
}

/** The vendor has no credits left for this job; the batch's rows end as `failed: vendor out of credits`. */
export class VendorOutOfCredits extends Error {
  override readonly name = 'VendorOutOfCredits';
}

/**
 * The vendor answered (and may have billed) but its answer cannot be read by this version of Leadflow. The answer
 * is kept as received, so `leadflow reprocess` can read it again once the code understands it.
 */
export class VendorAnswerUnreadable extends Error {
  override readonly name = 'VendorAnswerUnreadable';
}

/** Sent as often as allowed without an answer or a callback: the batch's rows end as `failed: vendor unavailable`. */
export class VendorUnavailable extends Error {
  override readonly name = 'VendorUnavailable';
}

/** The user cancelled the job before this round was sent: nothing is bought; its rows end `failed: cancelled`. */
export class JobCancelled extends Error {
  override readonly name = 'JobCancelled';
}
