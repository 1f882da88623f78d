/**
 * Which addresses the console may talk to in the clear. The cloud's answers carry tokens and the
 * key that signs sync pages, an update feed carries installers: over a network they need TLS.
 * Plain http is accepted only to this machine (a local mirror, the embedded demo cloud, tests).
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:(?=\d)/, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The URL when it is https, or http to a loopback host, without credentials in it; else null. */
export function secureTransportUrl(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  return null;
}
