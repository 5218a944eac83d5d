/** `scheme://` up to the last `@` before the path: the userinfo part, spelled any way, as a fallback pattern. */
const USERINFO = /^([a-z][a-z0-9+.-]*:[/\\]*)[^/\\?#]*@/i;

/**
 * A URL for showing, without the user name and password it may carry (`https://user:pass@host/…` becomes
 * `https://host/…`); anything else is left exactly as given. The API refuses such URLs, yet a row could still
 * hold one (written before that check, or by a path that missed it): what is shown must not depend on that.
 * Text that does not parse as a URL loses its userinfo-like part by pattern, so nothing before an `@` leaks.
 */
export function withoutCredentials(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text.replace(USERINFO, '$1');
  }
  if (url.username === '' && url.password === '') return text;
  url.username = '';
  url.password = '';
  return url.href;
}
