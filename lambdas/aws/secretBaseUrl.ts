/** Loopback hosts, where the local simulators listen over plain http. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A vendor secret's optional "baseUrl" (another endpoint than the configured one), checked before any credential
 * is sent to it: https only (http only on loopback), no credentials, query or fragment. Messages name the vendor
 * and the rule, never the value.
 */
export function secretBaseUrl(vendor: string, value: string): string {
  check(vendor, value, 'loopback');
  return value;
}

/**
 * The vendors whose secret may opt in to plain http with `"allowHttp": true`: LeadGenius only, whose own document
 * gives `http:///api.leadgenius.com` as its base URL. A literal type, so no other vendor's adapter can pass one.
 */
export type HttpOptInVendor = 'LeadGenius';

/**
 * `secretBaseUrl` for a vendor that may be reached over plain http when its secret says so (`allowHttp`); the
 * other rules stay. Returns the URL normalized (`http:///host` as the document writes it becomes `http://host/`),
 * so what is requested and what a test sees is the host that was checked.
 */
export function secretBaseUrlWithHttpOptIn(vendor: HttpOptInVendor, value: string, allowHttp: boolean): string {
  return check(vendor, value, allowHttp ? 'any' : 'loopback, or opt in').href;
}

/** Where plain http is allowed; 'loopback, or opt in' only changes the message (it names the way out). */
type HttpRule = 'loopback' | 'loopback, or opt in' | 'any';

function check(vendor: string, value: string, http: HttpRule): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`The ${vendor} secret's "baseUrl" is not an absolute URL`);
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  const optedIn = http === 'any' && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !local && !optedIn) {
    const rule =
      http === 'any'
        ? 'https or http'
        : http === 'loopback'
          ? 'https (http only for 127.0.0.1 or localhost)'
          : 'https (http only for 127.0.0.1 or localhost, or with "allowHttp": true in the secret)';
    throw new Error(`The ${vendor} secret's "baseUrl" must use ${rule}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(`The ${vendor} secret's "baseUrl" must not carry credentials, a query or a fragment`);
  }
  return url;
}
