import { VendorProtocolError, VendorTransientError } from './errors';
import { fullJitterDelayMs, isRetriableStatus, resolveRetryPolicy, type RetryPolicy } from './retry';

/** How every vendor adapter sends requests: injectable for tests, with the same defaults everywhere. */
export interface TransportSettings {
  fetchImpl?: typeof fetch;
  /** Defaults: 4 attempts, 500 ms base delay, 20 s cap. */
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter, injectable so tests can pin delays. Defaults to Math.random. */
  random?: () => number;
  /** Per attempt; a timed-out attempt counts as a network error and is retried. Default 30 s. */
  requestTimeoutMs?: number;
}

export interface TransportOptions {
  /** the vendor id errors carry ("leadspace") and its name in messages ("Leadspace") */
  vendor: { id: string; name: string };
  fetchImpl: typeof fetch;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  timeoutMs: number;
  /** adds vendor detail to the message of an exhausted retry (never lead data); may consume the body */
  describeFailure?: (response: Response) => Promise<string>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** One HTTP attempt to a vendor, as monitoring sees it: no URL, no body, nothing about the lead. */
export interface VendorCall {
  vendor: string;
  /** undefined: no response (network error or timeout) */
  status: number | undefined;
  durationMs: number;
}

const observers: Array<(call: VendorCall) => void> = [];

/**
 * Lets the AWS side count every vendor attempt (lambdas/aws/metrics.ts) without the adapters knowing about
 * CloudWatch. An observer that throws is ignored: monitoring never breaks a vendor call.
 */
export function observeVendorCalls(observer: (call: VendorCall) => void): void {
  if (!observers.includes(observer)) observers.push(observer);
}

function report(call: VendorCall): void {
  for (const observer of observers) {
    try {
      observer(call);
    } catch {
      // see observeVendorCalls
    }
  }
}

export function transportOptions(
  vendor: TransportOptions['vendor'],
  settings: TransportSettings,
  describeFailure?: TransportOptions['describeFailure'],
): TransportOptions {
  return {
    vendor,
    fetchImpl: settings.fetchImpl ?? ((input, init) => fetch(input, init)),
    retry: resolveRetryPolicy(settings.retry),
    sleep: settings.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: settings.random ?? Math.random,
    timeoutMs: settings.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    describeFailure,
  };
}

/**
 * Sends one request, retrying network failures, timeouts, 429 and 5XX with full-jitter backoff. Returns the first
 * response that is not retriable (success or not: the caller interprets it); throws VendorTransientError once the
 * attempts are used up. `what` names the operation in messages ("bulk submission").
 */
export async function sendWithRetry(url: string, init: RequestInit, options: TransportOptions, what: string): Promise<Response> {
  const { vendor, retry } = options;
  for (let attempt = 1; ; attempt++) {
    let response: Response | undefined;
    let networkError: unknown;
    const started = Date.now();
    try {
      response = await options.fetchImpl(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      networkError = error;
    }
    report({ vendor: vendor.id, status: response?.status, durationMs: Date.now() - started });
    if (response && !isRetriableStatus(response.status)) return response;

    if (attempt >= retry.maxAttempts) {
      if (!response) {
        throw new VendorTransientError({
          vendor: vendor.id,
          httpStatus: undefined,
          attempts: attempt,
          message: `${vendor.name} ${what} failed: no response (network error or timeout) after ${attempt} attempt(s)`,
          cause: networkError,
        });
      }
      const detail = options.describeFailure ? await options.describeFailure(response) : '';
      await response.body?.cancel().catch(() => undefined);
      throw new VendorTransientError({
        vendor: vendor.id,
        httpStatus: response.status,
        attempts: attempt,
        message: `${vendor.name} ${what} failed with HTTP ${response.status} after ${attempt} attempt(s)${detail}`,
      });
    }
    // Free the connection before waiting; the body of a response we retry is of no use.
    await response?.body?.cancel().catch(() => undefined);
    await options.sleep(fullJitterDelayMs(attempt, retry, options.random));
  }
}

/** A response body as JSON; a body that is not JSON is the vendor breaking its protocol (never quoted: it may echo input). */
export async function readJsonBody(response: Response, vendor: TransportOptions['vendor'], what: string): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new VendorProtocolError({
      vendor: vendor.id,
      httpStatus: response.status,
      message: `${vendor.name} ${what} response (HTTP ${response.status}) is not valid JSON`,
    });
  }
}
