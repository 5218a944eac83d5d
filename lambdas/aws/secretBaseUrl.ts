/** Loopback hosts, where the local simulators listen over plain http. */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A vendor secret's optional "baseUrl" (another endpoint than the configured one), checked before any credential
 * is sent to it: https only (http only on loopback), no credentials, query or fragment. Messages name the vendor
 * and the rule, never the value.
 */
export function secretBaseUrl(vendor: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`The ${vendor} secret's "baseUrl" is not an absolute URL`);
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new Error(`The ${vendor} secret's "baseUrl" must use https (http only for 127.0.0.1 or localhost)`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(`The ${vendor} secret's "baseUrl" must not carry credentials, a query or a fragment`);
  }
  return value;
}
