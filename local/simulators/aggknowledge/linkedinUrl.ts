/*
 * LinkedIn person-profile URLs as the document describes them: "Protocol and subdomain are optional, this value
 * will be normalized server-side. Sales Nav and Recruiter URLs are allowed." Pure, shared by the simulator's
 * processing and by tests that predict it.
 */

export type LinkedInProfileKind = 'in' | 'sales' | 'recruiter';

export interface LinkedInProfile {
  kind: LinkedInProfileKind;
  /** The public slug (`in`, lower-cased) or the Sales Navigator / Recruiter member token (case kept: it is opaque). */
  id: string;
  /** `${kind}/${id}`: one person, however the URL was written. */
  key: string;
}

// linkedin.com with an optional subdomain (www, a country code, mobile…).
const HOST = /^(?:[a-z0-9-]+\.)?linkedin\.com$/;
const TOKEN = /^[\p{L}\p{N}_-]{2,100}$/u;

/**
 * Accepted (protocol, subdomain, case of host and path, query, fragment and trailing slashes are ignored):
 *   [https://][www.]linkedin.com/in/<slug>[/…]
 *   linkedin.com/sales/lead/<token>[,NAME_SEARCH,…]   linkedin.com/sales/people/<token>[,…]
 *   linkedin.com/talent/profile/<token>               linkedin.com/recruiter/profile/<token>
 * Anything else (company pages, other hosts, empty slugs) is not a person profile: undefined.
 */
export function parseLinkedInProfileUrl(raw: string): LinkedInProfile | undefined {
  const withoutScheme = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  if (slash < 0) return undefined;
  const host = withoutScheme.slice(0, slash).toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (!HOST.test(host)) return undefined;
  const path = withoutScheme.slice(slash).replace(/[?#].*$/, '');
  const segments = path.split('/').filter(Boolean);
  const [first, second] = segments.map((s) => s.toLowerCase());
  let kind: LinkedInProfileKind;
  let token: string | undefined;
  if (first === 'in') {
    kind = 'in';
    token = segments[1]?.toLowerCase();
  } else if (first === 'sales' && (second === 'lead' || second === 'people')) {
    kind = 'sales';
    token = segments[2]?.split(',')[0];
  } else if ((first === 'talent' || first === 'recruiter') && second === 'profile') {
    kind = 'recruiter';
    token = segments[2];
  } else {
    return undefined;
  }
  const id = decode(token);
  if (!id || !TOKEN.test(id)) return undefined;
  return { kind, id, key: `${kind}/${id}` };
}

function decode(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  try {
    return decodeURIComponent(token).normalize('NFC');
  } catch {
    return undefined;
  }
}
