import { isPrivateHost } from './privateHosts';
import { LEADFLOW_SIGNATURE_HEADER, signWebhook } from './signature';

/** Sent with every attempt of one delivery; the same on retries so that receivers can drop duplicates. */
export const LEADFLOW_DELIVERY_ID_HEADER = 'leadflow-delivery-id';
export const WEBHOOK_USER_AGENT = 'Leadflow-Webhook/1';

/** A header value: an id with a line break or control character would be rejected by fetch on every attempt. */
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/** No single wait between attempts is longer than this, whatever `attempts` and `baseDelayMs` say. */
const MAX_DELAY_MS = 30_000;

export interface WebhookDelivery {
  url: string;
  /** The JSON text to POST; it is signed exactly as sent. */
  body: string;
  secret: string;
  /** Identifies the delivery (not the attempt): receivers dedupe on it. */
  deliveryId: string;
  /** Read once per attempt: every attempt is signed with a fresh timestamp. */
  now: () => Date;
  fetchImpl?: typeof fetch;
  /** Per attempt, until the response headers arrive. Default 10 s. */
  timeoutMs?: number;
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The wait before the second attempt is drawn from [0, baseDelayMs), then doubles. Default 1 s. */
  baseDelayMs?: number;
  /** Lets literal loopback/private addresses through: only for the local runtime, whose receivers live there. */
  allowPrivateHosts?: boolean;
}

/** Why no request was made at all. */
export type WebhookRefusal = 'invalid-url' | 'unsupported-scheme' | 'credentials-in-url' | 'private-host';

export interface WebhookDeliveryResult {
  delivered: boolean;
  /** Requests made; 0 when the URL was refused. */
  attempts: number;
  /** The status of the last attempt; absent when it got no response (network error, timeout) or none was made. */
  lastStatus?: number;
  refused?: WebhookRefusal;
}

/**
 * POSTs a signed JSON body to a user's URL, retrying what may pass on a later try.
 *
 * - 2XX: delivered. A redirect is not followed (see below) and counts as a rejection.
 * - 408, 429, 5XX, network errors and timeouts: retried, after a wait with exponential backoff and full jitter
 *   (uniform in [0, base * 2^(n-1)), capped), so that many jobs ending together do not retry in lock-step.
 * - Any other status: the receiver rejects the call; retrying would only repeat that, so it is not retried.
 *
 * Every attempt is signed anew with the time it is sent, so a retry after a long wait is not stale to the
 * receiver; the delivery id stays the same. Never throws for the receiver's behaviour: the result says what
 * happened. The response body is never read (a receiver cannot make us buffer anything).
 *
 * SSRF: the URL comes from a user, and the request leaves from inside our account. Without a check, a job could
 * point its webhook at the cloud metadata service (169.254.169.254), the Lambda runtime API on 127.0.0.1, or
 * hosts in a private network, and use us to reach them. So URLs whose host is a literal loopback, private,
 * link-local (or otherwise non-public) address are refused without a request, as is "localhost"; redirects are
 * not followed, since one could lead to such an address. A public name that resolves to a private address (or
 * is rebound to one) is not caught here: that needs a check at connect time, which fetch does not offer. Running
 * the sender outside any VPC keeps what such a name could reach small.
 */
export async function deliverWebhook(input: WebhookDelivery): Promise<WebhookDeliveryResult> {
  const target = checkedUrl(input.url, input.allowPrivateHosts === true);
  if (!(target instanceof URL)) return { delivered: false, attempts: 0, refused: target };

  const send = input.fetchImpl ?? fetch;
  const attempts = Math.max(1, Math.floor(input.attempts ?? 3));
  const timeoutMs = input.timeoutMs ?? 10_000;
  const baseDelayMs = input.baseDelayMs ?? 1_000;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  if (!DELIVERY_ID.test(input.deliveryId)) throw new TypeError('The webhook delivery id must be 1-200 visible ASCII characters.');

  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    lastStatus = undefined;
    // Outside the try: a bad secret is our bug and must surface, not pass for a receiver that is down.
    const headers = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      [LEADFLOW_SIGNATURE_HEADER]: signWebhook(input.secret, input.body, unixSeconds(input.now())),
      [LEADFLOW_DELIVERY_ID_HEADER]: input.deliveryId,
    };
    try {
      const response = await send(target, {
        method: 'POST',
        headers,
        body: input.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      lastStatus = response.status;
      // Frees the connection; a failure here must not turn a delivered webhook into a retry.
      await response.body?.cancel().catch(() => {});
    } catch {
      // Network error or timeout: no status, retried below.
    }
    if (lastStatus !== undefined && lastStatus >= 200 && lastStatus < 300) {
      return { delivered: true, attempts: attempt, lastStatus };
    }
    if (lastStatus !== undefined && !isRetryable(lastStatus)) return { delivered: false, attempts: attempt, lastStatus };
    if (attempt < attempts) await sleep(backoffMs(attempt, baseDelayMs));
  }
  return lastStatus === undefined ? { delivered: false, attempts } : { delivered: false, attempts, lastStatus };
}

/** Where a webhook may go, as the deployment allows it. */
export interface WebhookTargetRules {
  /** private, loopback, link-local and metadata addresses (only on one machine, where receivers are local) */
  allowPrivateHosts: boolean;
  /** plain http: (only on one machine) */
  allowHttp: boolean;
}

const WEBHOOK_REFUSALS: Record<WebhookRefusal | 'plain-http', string> = {
  'invalid-url': 'must be a URL',
  'unsupported-scheme': 'must be an https URL',
  'plain-http': 'must be an https URL (plain http is refused when deployed)',
  'credentials-in-url': 'must not carry a user name or password',
  'private-host': 'must not point at a private, loopback, link-local or metadata address',
};

/** Why a webhook URL given with a job would be refused (checked at POST /jobs, again at delivery), or undefined. */
export function webhookTargetProblem(text: string, rules: WebhookTargetRules): string | undefined {
  const checked = checkedUrl(text, rules.allowPrivateHosts);
  if (typeof checked === 'string') return WEBHOOK_REFUSALS[checked];
  if (checked.protocol === 'http:' && !rules.allowHttp) return WEBHOOK_REFUSALS['plain-http'];
  return undefined;
}

function checkedUrl(text: string, allowPrivateHosts: boolean): URL | WebhookRefusal {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'invalid-url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'unsupported-scheme';
  // fetch refuses such URLs itself; saying so up front beats three failed attempts.
  if (url.username !== '' || url.password !== '') return 'credentials-in-url';
  if (!allowPrivateHosts && isPrivateHost(url.hostname)) return 'private-host';
  return url;
}

function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function backoffMs(attempt: number, baseDelayMs: number): number {
  return Math.random() * Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (attempt - 1));
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
