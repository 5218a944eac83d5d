import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateHost } from './privateHosts';

/** The addresses a host name stands for, as IP literals ("93.184.216.34", "2606:4700::1111"). */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

/** Whether a connection may go to a resolved address (an IP literal). */
export type AddressPolicy = (address: string) => boolean;

/** The system resolver, as connections use it by default (getaddrinfo: /etc/hosts, then DNS), every address. */
export const resolveHost: ResolveHost = async (hostname) => (await dns.lookup(hostname, { all: true, verbatim: true })).map((found) => found.address);

/** The deployed policy: only addresses on the public internet (see isPrivateHost for what is not). */
export const isPublicAddress: AddressPolicy = (address) => isIP(address) !== 0 && !isPrivateHost(address);

/** A connection refused because its host resolved to an address the policy does not allow. */
export class WebhookAddressRefused extends Error {
  override readonly name = 'WebhookAddressRefused';
  constructor() {
    // Short, and without the addresses: the reason code says enough, and nothing of the lookup is echoed.
    super('The webhook host resolves to a private, loopback, link-local or metadata address');
  }
}

/**
 * A `lookup` for a socket (an HTTP agent's): resolves the name, checks every address it resolves to, and hands
 * the socket exactly the checked addresses, so the connection goes where the check looked. A check made before
 * the request, with its own lookup, would not do: the name could resolve differently a moment later (DNS
 * rebinding, a TTL of 0). A name with any address the policy refuses is refused whole, rather than trimmed to
 * its public addresses: such a mix is a rebinding trick, not a receiver's setup. Only host names get here: a
 * socket connects to a literal address without a lookup, which is why literals are checked on the URL.
 */
export function checkedLookup(resolve: ResolveHost, allowed: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    void resolve(hostname).then(
      (addresses) => {
        const picked = pick(addresses, allowed, familyOf(options.family));
        if (picked instanceof Error) callback(picked, '');
        else if (options.all === true) callback(null, picked);
        else callback(null, picked[0]?.address ?? '', picked[0]?.family);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error('The webhook host could not be resolved'), ''),
    );
  };
}

/** The addresses to connect to, all of them checked, or why there are none. Never an empty list. */
function pick(addresses: readonly string[], allowed: AddressPolicy, family: 4 | 6 | undefined): LookupAddress[] | Error {
  const found = addresses.map((address) => ({ address, family: isIP(address) }));
  if (found.length === 0) return notFound();
  // Something that is not an IP literal is no address to connect to, whatever the policy says.
  if (!found.every((a) => a.family !== 0 && allowed(a.address))) return new WebhookAddressRefused();
  const wanted = family === undefined ? found : found.filter((a) => a.family === family);
  return wanted.length > 0 ? wanted : notFound();
}

function familyOf(family: number | 'IPv4' | 'IPv6' | undefined): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

function notFound(): NodeJS.ErrnoException {
  return Object.assign(new Error('The webhook host has no address'), { code: 'ENOTFOUND' });
}
