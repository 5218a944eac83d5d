/** Vendors return websites ("https://www.acme.com/en"); the output column holds a bare domain ("acme.com"). */
export function websiteToDomain(website: string | null | undefined): string | undefined {
  if (!website) return undefined;
  const host = website
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return host || undefined;
}
