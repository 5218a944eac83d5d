import { ERROR_NAMES } from '../core/errorNames';

/**
 * Vendor-generic errors. Every vendor adapter throws these so handlers decide "fail the job", "retry later"
 * or "page a human" without knowing which vendor they talk to. Messages name statuses, codes and fields,
 * never lead data, so they are safe to log and to store on a job.
 */

export type VendorFatalCode = 'bad_request' | 'unauthorized' | 'insufficient_credits' | 'forbidden';

/** The vendor refused the request and repeating it unchanged cannot help (bad input, credentials, credits). */
export class VendorFatalError extends Error {
  override readonly name = ERROR_NAMES.vendorFatal;
  readonly vendor: string;
  readonly httpStatus: number;
  readonly code: VendorFatalCode;

  constructor(args: { vendor: string; httpStatus: number; code: VendorFatalCode; message: string }) {
    super(args.message);
    this.vendor = args.vendor;
    this.httpStatus = args.httpStatus;
    this.code = args.code;
  }
}

/**
 * The vendor (or the network) kept failing after the adapter's own retries. Worth retrying later, at a
 * coarser level (a Step Functions retry, the next poll).
 */
export class VendorTransientError extends Error {
  override readonly name = ERROR_NAMES.vendorTransient;
  readonly vendor: string;
  /** Undefined when no HTTP response arrived at all (connection refused, reset, timeout). */
  readonly httpStatus: number | undefined;
  readonly attempts: number;

  constructor(args: { vendor: string; httpStatus: number | undefined; attempts: number; message: string; cause?: unknown }) {
    super(args.message, args.cause === undefined ? undefined : { cause: args.cause });
    this.vendor = args.vendor;
    this.httpStatus = args.httpStatus;
    this.attempts = args.attempts;
  }
}

/**
 * The vendor answered something its documentation does not allow (an undocumented status, a body that does
 * not parse). Kept apart from the two above because neither "the input is bad" nor "try again" is known to be
 * true; it usually means the vendor changed its API or the adapter has a bug.
 */
export class VendorProtocolError extends Error {
  override readonly name = 'VendorProtocolError';
  readonly vendor: string;
  readonly httpStatus: number | undefined;

  constructor(args: { vendor: string; httpStatus: number | undefined; message: string }) {
    super(args.message);
    this.vendor = args.vendor;
    this.httpStatus = args.httpStatus;
  }
}
