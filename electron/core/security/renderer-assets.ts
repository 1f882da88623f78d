import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, CONTENT_SECURITY_POLICY, NONCE_PLACEHOLDER } from './csp.js';

/**
 * Serves the built renderer to either host (the browser host over loopback HTTP, the desktop
 * app through its `custos://` protocol), so both send the same files with the same headers.
 * The page gets a nonce of its own on every load: in its meta policy, in the meta tag the
 * renderer reads (Vite's `html.cspNonce`) and in the response's policy.
 */
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

export interface RendererAsset {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Buffer;
}

export const PAGE = 'index.html';

/** A fresh nonce: 128 random bits, base64. */
export const newNonce = (): string => randomBytes(16).toString('base64');

export function rendererAssets(rendererDir: string, nonce: () => string = newNonce) {
  const root = normalize(rendererDir);
  const notFound = (): RendererAsset => ({
    status: 404,
    headers: { ...SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY, 'content-type': 'text/plain; charset=utf-8' },
    body: Buffer.from('Not found.'),
  });
  return {
    /** `pathname` as it arrives in the URL ('/' or '/assets/x.js'); anything outside the renderer folder is not found. */
    async read(pathname: string): Promise<RendererAsset> {
      let rel: string;
      try {
        rel = pathname === '/' || pathname === '' ? PAGE : decodeURIComponent(pathname.replace(/^\/+/, ''));
      } catch {
        return notFound();
      }
      const file = normalize(join(root, rel));
      if (!file.startsWith(root + sep) || rel.includes('\0')) return notFound();
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return notFound();
      }
      const type = MIME[extname(file)] ?? 'application/octet-stream';
      if (file !== join(root, PAGE)) return { status: 200, headers: { ...SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY, 'content-type': type }, body };
      const pageNonce = nonce();
      return {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-security-policy': contentSecurityPolicy(pageNonce), 'content-type': type },
        body: Buffer.from(body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, pageNonce)),
      };
    },
  };
}
