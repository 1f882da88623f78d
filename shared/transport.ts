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

/** Why an address is refused, for a person to read (the first-run screen translates each). */
export type TransportProblem = 'empty' | 'not_url' | 'not_https' | 'credentials';

/** What is wrong with an address, or null when it is https (or http to this machine) without credentials. */
export function transportProblem(raw: string | null | undefined): TransportProblem | null {
  if (!raw?.trim()) return 'empty';
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return 'not_url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'not_url';
  if (url.username || url.password) return 'credentials';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'not_https';
  return null;
}

/** The URL when it is https, or http to a loopback host, without credentials in it; else null. */
export function secureTransportUrl(raw: string | null | undefined): URL | null {
  return raw && transportProblem(raw) === null ? new URL(raw.trim()) : null;
}

/**
 * What a person typed as a cloud address, as an address: trimmed, and `https://` put in front of
 * a bare host name (`custos.example.com`) — the secure scheme is the one to assume.
 */
export function typedAddress(raw: string): string {
  const text = raw.trim();
  return text && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? `https://${text}` : text;
}
