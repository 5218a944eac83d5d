import { checkedLookup, isPublicAddress, resolveHost, WebhookAddressRefused, type AddressPolicy, type ResolveHost } from './checkedLookup';
import { webhookPoster, type WebhookPoster } from './post';
import { isPrivateHost } from './privateHosts';
import { LEADFLOW_SIGNATURE_HEADER, signWebhook } from './signature';

/** Sent with every attempt of one delivery; the same on retries so that receivers can drop duplicates. */
export const LEADFLOW_DELIVERY_ID_HEADER = 'leadflow-delivery-id';
export const WEBHOOK_USER_AGENT = 'Leadflow-Webhook/1';

/** A header value: an id with a line break or control character would be rejected by the HTTP client on every attempt. */
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
  /**
   * Tests only: sends through this fetch instead of node's client. fetch has no hook at connect time, so then only
   * the URL's literal host is checked, not what a name resolves to.
   */
  fetchImpl?: typeof fetch;
  /** Per attempt, until the response headers arrive. Default 10 s. */
  timeoutMs?: number;
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The wait before the second attempt is drawn from [0, baseDelayMs), then doubles. Default 1 s. */
  baseDelayMs?: number;
  /** Lets loopback/private addresses through, literal or resolved: only for the local runtime, whose receivers live there. */
  allowPrivateHosts?: boolean;
  /** Resolves the URL's host name for each connection. Default: the system resolver. Tests inject names. */
  resolveHost?: ResolveHost;
  /**
   * Which resolved addresses a connection may go to, unless allowPrivateHosts. Default: public addresses only.
   * Tests narrow it to their own loopback receiver, so that a real socket can stand in for a public host.
   */
  allowAddress?: AddressPolicy;
}

/** Why the delivery stopped before a request: before the first, or (a host resolving to a refused address) a retry. */
export type WebhookRefusal = 'invalid-url' | 'unsupported-scheme' | 'credentials-in-url' | 'private-host';

export interface WebhookDeliveryResult {
  delivered: boolean;
  /** Requests made; 0 when the URL was refused, or its host resolved to a refused address at the first try. */
  attempts: number;
  /** The status of the last request made; absent when it got no response (network error, timeout) or none was made. */
  lastStatus?: number;
  /** Set when the delivery stopped before a request: the URL, or (private-host) what its host resolved to. */
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
 * hosts in a private network, and use us to reach them. So:
 * - a URL whose host is a literal loopback, private, link-local (or otherwise non-public) address, or
 *   "localhost", is refused without a request;
 * - a host name is resolved for each connection, every address it resolves to is checked, and the socket
 *   connects to those checked addresses only (checkedLookup): a public name that resolves, or is rebound between
 *   check and connect, to a private address is refused too ('private-host'). Such a refusal ends the delivery at
 *   once, even after earlier attempts: it is not the receiver being down, and retrying would only ask again;
 * - redirects are not followed, since one could lead to such an address.
 */
export async function deliverWebhook(input: WebhookDelivery): Promise<WebhookDeliveryResult> {
  const allowPrivateHosts = input.allowPrivateHosts === true;
  const target = checkedUrl(input.url, allowPrivateHosts);
  if (!(target instanceof URL)) return { delivered: false, attempts: 0, refused: target };

  const attempts = Math.max(1, Math.floor(input.attempts ?? 3));
  const timeoutMs = input.timeoutMs ?? 10_000;
  const baseDelayMs = input.baseDelayMs ?? 1_000;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  if (!DELIVERY_ID.test(input.deliveryId)) throw new TypeError('The webhook delivery id must be 1-200 visible ASCII characters.');

  const allowed: AddressPolicy = allowPrivateHosts ? () => true : (input.allowAddress ?? isPublicAddress);
  const poster: WebhookPoster = input.fetchImpl
    ? fetchPoster(input.fetchImpl, target, input.body, timeoutMs)
    : webhookPoster(target, input.body, timeoutMs, checkedLookup(input.resolveHost ?? resolveHost, allowed));
  try {
    let lastStatus: number | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      // Outside the try: a bad secret is our bug and must surface, not pass for a receiver that is down.
      const headers = {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        [LEADFLOW_SIGNATURE_HEADER]: signWebhook(input.secret, input.body, unixSeconds(input.now())),
        [LEADFLOW_DELIVERY_ID_HEADER]: input.deliveryId,
      };
      let status: number | undefined;
      try {
        status = await poster.post(headers);
      } catch (error) {
        // Nothing was sent this time: the attempts and the status are those of the requests made before.
        if (error instanceof WebhookAddressRefused) return outcome(false, attempt - 1, lastStatus, 'private-host');
        // Otherwise a network error or timeout: no status, retried below.
      }
      lastStatus = status;
      if (status !== undefined && status >= 200 && status < 300) return outcome(true, attempt, status);
      if (status !== undefined && !isRetryable(status)) return outcome(false, attempt, status);
      if (attempt < attempts) await sleep(backoffMs(attempt, baseDelayMs));
    }
    return outcome(false, attempts, lastStatus);
  } finally {
    poster.close();
  }
}

function outcome(delivered: boolean, attempts: number, lastStatus: number | undefined, refused?: WebhookRefusal): WebhookDeliveryResult {
  return {
    delivered,
    attempts,
    ...(lastStatus !== undefined && { lastStatus }),
    ...(refused !== undefined && { refused }),
  };
}

/** The injected fetch as a poster: same request, same timeout, the body cancelled unread. */
function fetchPoster(send: typeof fetch, target: URL, body: string, timeoutMs: number): WebhookPoster {
  return {
    post: async (headers) => {
      const response = await send(target, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      // Frees the connection; a failure here must not turn a delivered webhook into a retry.
      await response.body?.cancel().catch(() => {});
      return response.status;
    },
    close: () => {},
  };
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
  // Credentials in a URL would be sent to whoever answers, and shown wherever the URL is: refused outright.
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
