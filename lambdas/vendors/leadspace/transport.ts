import { VendorTransientError } from '../errors';
import { readErrorSummary, trackingSuffix } from './errorBody';
import { fullJitterDelayMs, isRetriableStatus, type RetryPolicy } from './retry';

export interface TransportOptions {
  fetchImpl: typeof fetch;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  timeoutMs: number;
}

const VENDOR = 'leadspace';

/**
 * Sends one request, retrying network failures, timeouts, 429 and 5XX with backoff. Returns the first response
 * that is not retriable (success or not: the caller interprets it); throws VendorTransientError once the
 * attempts are used up. `what` names the operation in messages ("bulk submission").
 */
export async function sendWithRetry(
  url: string,
  init: RequestInit,
  options: TransportOptions,
  what: string,
): Promise<Response> {
  const { maxAttempts } = options.retry;
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    let networkError: unknown;
    try {
      response = await options.fetchImpl(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      networkError = error;
    }

    if (response && !isRetriableStatus(response.status)) return response;

    if (attempt >= maxAttempts) {
      throw response
        ? await exhaustedByStatus(response, attempt, what)
        : new VendorTransientError({
            vendor: VENDOR,
            httpStatus: undefined,
            attempts: attempt,
            message: `Leadspace ${what} failed: no response (network error or timeout) after ${attempt} attempt(s)`,
            cause: networkError,
          });
    }
    // Free the connection before waiting; the body of a response we retry is of no use.
    await response?.body?.cancel().catch(() => undefined);
    await options.sleep(fullJitterDelayMs(attempt, options.retry, options.random));
  }
}

async function exhaustedByStatus(response: Response, attempts: number, what: string): Promise<VendorTransientError> {
  const summary = await readErrorSummary(response);
  return new VendorTransientError({
    vendor: VENDOR,
    httpStatus: response.status,
    attempts,
    message: `Leadspace ${what} failed with HTTP ${response.status} after ${attempts} attempt(s)${trackingSuffix(summary)}`,
  });
}
