/**
 * Which links may leave the console for the OS browser: plain https to a named host, no
 * credentials in the URL, no local or private address (a crafted link must not reach an
 * intranet service with the user's browser session). The desktop host asks the user first.
 */
export type ExternalLinkVerdict = { ok: true; url: string; host: string } | { ok: false; reason: 'not-https' | 'credentials' | 'local-address' | 'malformed' };

const PRIVATE_HOST = /^(localhost|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.|\[::1?\]|\[f[cd]|\[fe80:)/i;

export function externalLinkVerdict(raw: string): ExternalLinkVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'not-https' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (PRIVATE_HOST.test(url.hostname) || !url.hostname.includes('.')) return { ok: false, reason: 'local-address' };
  return { ok: true, url: url.href, host: url.hostname };
}
