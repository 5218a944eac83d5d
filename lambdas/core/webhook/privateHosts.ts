import { isIP } from 'node:net';

/**
 * Whether a URL host (as `new URL().hostname` gives it) is a literal address that is not on the public internet:
 * loopback, private, link-local, unspecified, shared (CGNAT), multicast or reserved, in IPv4 or IPv6, including
 * IPv4 addresses embedded in IPv6 (mapped, compatible, NAT64, 6to4). "localhost" and names under it count too:
 * they resolve to loopback by definition (RFC 6761).
 *
 * Only the literal host is looked at; what a name resolves to is checked with this too, address by address, when
 * the webhook connects (checkedLookup). The WHATWG URL parser has already normalized the odd spellings
 * ("2130706433", "0x7f.1", "127.1" all become "127.0.0.1", IPv6 is compressed hex), so parsing the canonical
 * form is enough; resolvers give canonical forms too.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return isPrivateIpv4(ipv4Octets(host));
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 6) return isPrivateIpv6(ipv6Groups(bare));
  return false;
}

function ipv4Octets(address: string): number[] {
  return address.split('.').map(Number);
}

function isPrivateIpv4([a = 0, b = 0, c = 0]: readonly number[]): boolean {
  return (
    a === 0 || // "this network"; 0.0.0.0 reaches the local host on Linux
    a === 10 ||
    (a === 100 && b >= 64 && b <= 127) || // shared address space (CGNAT)
    a === 127 ||
    (a === 169 && b === 254) || // link-local, where cloud metadata services live (169.254.169.254)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 0 && c === 0) || // IETF protocol assignments
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved and broadcast
  );
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part, if any, becomes two groups). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0] ?? '';
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function isPrivateIpv6(groups: readonly number[]): boolean {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const embedded = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  const zeroUpTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroUpTo(6) && g6 === 0 && g7 <= 1) return true; // :: (unspecified) and ::1 (loopback)
  if (zeroUpTo(5) && g5 === 0xffff) return isPrivateIpv4(embedded); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroUpTo(6)) return isPrivateIpv4(embedded); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (g0 === 0x64 && g1 === 0xff9b) {
    // NAT64: 64:ff9b::/96 carries a public IPv4 address; 64:ff9b:1::/48 is for local use only.
    return groups[2] === 1 || isPrivateIpv4(embedded);
  }
  if (g0 === 0x2002) {
    // 6to4: 2002:aabb:ccdd::/48 stands for IPv4 aa.bb.cc.dd.
    const g2 = groups[2] ?? 0;
    return isPrivateIpv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]);
  }
  return (
    (g0 & 0xfe00) === 0xfc00 || // unique local fc00::/7 (AWS metadata: fd00:ec2::254)
    (g0 & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (g0 & 0xffc0) === 0xfec0 || // site-local fec0::/10 (deprecated)
    (g0 & 0xff00) === 0xff00 // multicast
  );
}
