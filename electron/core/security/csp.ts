/**
 * The console's Content-Security-Policy. No inline or eval'd script and no inline style: the
 * styles antd and its helpers inject at run time carry a nonce that is fresh on every load of
 * the page (renderer-assets.ts puts it in the page, its meta policy and the response header;
 * renderer/src/app/csp-nonce.ts hands it to whatever inserts a <style>). Keep in step with
 * renderer/index.html, which carries NONCE_PLACEHOLDER until the page is served.
 */
export const NONCE_PLACEHOLDER = '__CUSTOS_CSP_NONCE__';

export function contentSecurityPolicy(nonce: string | null): string {
  if (nonce !== null && !/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error('A CSP nonce is at least 16 base64 characters.');
  return [
    "default-src 'self'",
    "script-src 'self'",
    nonce === null ? "style-src 'self'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For responses other than the console page (assets, API): nothing inline at all. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(null);
