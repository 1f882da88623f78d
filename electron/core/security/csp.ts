/**
 * The console's Content-Security-Policy, sent by the browser host and set on every response in
 * the Electron host. No inline or eval'd script; antd injects its CSS-in-JS styles at run time,
 * hence style-src 'unsafe-inline' (styles only). Keep in step with renderer/index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
