import { VendorFatalError, VendorProtocolError, VendorTransientError } from '../../../lambdas/vendors/errors';

/** The HTTP status an adapter error carries, if any. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof VendorFatalError || error instanceof VendorProtocolError || error instanceof VendorTransientError) return error.httpStatus;
  return undefined;
}

/**
 * Why a call decided nothing, safe to print. The adapters' errors are written never to quote a credential or a
 * body value, so their messages may be shown; any other error is named by its class only, as its text is unknown.
 */
export function whyFailed(error: unknown): string {
  if (error instanceof VendorTransientError) {
    return error.httpStatus === undefined ? 'no answer (network error or timeout); try again' : `HTTP ${error.httpStatus}; try again`;
  }
  if (error instanceof VendorFatalError || error instanceof VendorProtocolError) return oneLine(error.message);
  if (error instanceof Error) return `unexpected ${error.name}`;
  return 'unexpected failure';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function isUnauthorized(error: unknown): error is VendorFatalError {
  return error instanceof VendorFatalError && error.code === 'unauthorized';
}
