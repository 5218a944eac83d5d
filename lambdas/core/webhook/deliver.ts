import { isIP } from 'node:net';
import { LEADFLOW_SIGNATURE_HEADER, signWebhook } from './signature';

export interface WebhookDelivery {
  url: string;
  body: string;
  secret: string;
  /** the same on every attempt and every retry, so receivers can drop duplicates */
  deliveryId: string;
  now: () => Date;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** allow loopback/private literal addresses (the local runtime's receivers live there) */
  allowPrivateHosts?: boolean;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  lastStatus?: number;
}

/**
 * A deployed function must not become a way to reach the VPC or the instance metadata service (SSRF):
 * literal private, loopback and link-local addresses are refused. (Names resolving there are not checked.)
 */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (isIP(host) === 6) return host === '::1' || /^f[cd]/i.test(host) || /^fe[89ab]/i.test(host) || host.startsWith('::ffff:');
  return false;
}

const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;

/** POSTs a signed JSON body, re-signing every attempt; retries 5XX, 408, 429, timeouts and network errors. */
export async function deliverWebhook(input: WebhookDelivery): Promise<DeliveryResult> {
  const url = new URL(input.url);
  if (!['http:', 'https:'].includes(url.protocol) || (!input.allowPrivateHosts && isPrivateHost(url.hostname))) {
    return { delivered: false, attempts: 0 };
  }
  const attempts = input.attempts ?? 3;
  const sleep = input.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await (input.fetchImpl ?? fetch)(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Leadflow-Webhook/1',
          [LEADFLOW_SIGNATURE_HEADER]: signWebhook(input.secret, input.body, Math.floor(input.now().getTime() / 1000)),
          'leadflow-delivery-id': input.deliveryId,
        },
        body: input.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
      });
      lastStatus = response.status;
      await response.body?.cancel();
      if (response.ok) return { delivered: true, attempts: attempt, lastStatus };
      if (!RETRYABLE(response.status)) return { delivered: false, attempts: attempt, lastStatus };
    } catch {
      lastStatus = undefined;
    }
    if (attempt < attempts) await sleep(Math.random() * (input.baseDelayMs ?? 1000) * 2 ** (attempt - 1));
  }
  return { delivered: false, attempts, lastStatus };
}
