import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { urlToHttpOptions } from 'node:url';

/** One webhook request: POSTs the body and resolves to the response's status. */
export type PostOnce = (headers: Readonly<Record<string, string>>) => Promise<number>;

export interface WebhookPoster {
  post: PostOnce;
  /** Closes whatever sockets are left; the poster is not used afterwards. */
  close(): void;
}

/**
 * POSTs to one URL with node's http/https client, every connection resolved through `lookup` (fetch takes no
 * lookup of its own, and undici's Agent, which would, is not a dependency here). No keep-alive: each attempt
 * opens its own connection, so each goes through `lookup` again and a retry is checked like the first try.
 * Redirects are not followed (node's client never does). TLS is checked against the URL's host name, which is
 * also the SNI sent: connecting to a checked address does not weaken the certificate check.
 *
 * `timeoutMs` runs from the start of the attempt (the lookup included) until the response headers arrive. The
 * response body is not read: the socket is closed once the status is known, so a receiver cannot make us buffer.
 * Rejects on a network error, a timeout, or whatever `lookup` refused with.
 */
export function webhookPoster(url: URL, body: string, timeoutMs: number, lookup: LookupFunction): WebhookPoster {
  const https = url.protocol === 'https:';
  const agent = https ? new HttpsAgent({ lookup, keepAlive: false }) : new HttpAgent({ lookup, keepAlive: false });
  const send = https ? httpsRequest : httpRequest;
  const target = urlToHttpOptions(url);
  const length = String(Buffer.byteLength(body));

  const post: PostOnce = (headers) =>
    new Promise<number>((resolve, reject) => {
      const request = send({ ...target, method: 'POST', agent, headers: { ...headers, 'content-length': length } }, (response) => {
        clearTimeout(timer);
        resolve(response.statusCode ?? 0);
        response.destroy();
      });
      const timer = setTimeout(() => request.destroy(new Error('The webhook receiver did not answer in time')), timeoutMs);
      // Also keeps a late error (after the status, from closing the socket) from going unhandled; it changes nothing then.
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(body);
    });

  return { post, close: () => agent.destroy() };
}
