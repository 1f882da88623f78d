import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, CONTENT_SECURITY_POLICY, NONCE_PLACEHOLDER } from './csp.js';
import { rendererAssets } from './renderer-assets.js';

/** Electronegativity cannot read the policy through its import (scripts/electronegativity.mjs), so it is checked here. */
const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
const RENDERER_HTML = readFileSync(join(import.meta.dirname, '..', '..', '..', 'renderer', 'index.html'), 'utf8');

describe('content security policy', () => {
  for (const [label, policy] of [['without a nonce', CONTENT_SECURITY_POLICY], ['with a page nonce', contentSecurityPolicy('q83vEjRWeJCrze8BI0VniQ==')]] as const) {
    it(`runs only our own scripts and styles, nothing inline, no eval, no remote origin (${label})`, () => {
      const csp = directives(policy);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic|\*|https?:|ws:/);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('form-action')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('style-src')?.[0]).toBe("'self'");
      expect(csp.get('style-src')!.slice(1).every((v) => /^'nonce-[A-Za-z0-9+/=]{22,}'$/.test(v))).toBe(true);
    });
  }

  it('refuses a nonce that could break out of the policy', () => {
    expect(() => contentSecurityPolicy("abc'; script-src *")).toThrow();
    expect(() => contentSecurityPolicy('short')).toThrow();
  });

  it('is the policy the renderer page carries too, nonce placeholder and all (frame-ancestors is header-only)', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(RENDERER_HTML)?.[1];
    expect(meta).toBeDefined();
    const header = directives(contentSecurityPolicy(NONCE_PLACEHOLDER));
    header.delete('frame-ancestors');
    expect(directives(meta!)).toEqual(header);
  });
});

describe('renderer assets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custos-assets-'));
  mkdirSync(join(dir, 'assets'));
  // The page as Vite builds it with html.cspNonce: the placeholder in the policy, the meta tag and the tags.
  writeFileSync(join(dir, 'index.html'), RENDERER_HTML.replace('</head>', `<meta property="csp-nonce" nonce="${NONCE_PLACEHOLDER}"><script type="module" src="./assets/app.js" nonce="${NONCE_PLACEHOLDER}"></script></head>`));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'custos-outside.txt'), 'secret');
  const assets = rendererAssets(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every load of the page a fresh nonce, the same in its header, its meta policy and its tags', async () => {
    const first = await assets.read('/');
    const second = await assets.read('/index.html');
    const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];
    const a = nonceOf(first.headers['content-security-policy']!);
    const b = nonceOf(second.headers['content-security-policy']!);
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    const html = first.body.toString('utf8');
    expect(html).not.toContain(NONCE_PLACEHOLDER);
    expect(html.split(`nonce="${a}"`).length - 1).toBe(2);
    expect(html).toContain(`'nonce-${a}'`);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves other files as they are, under the policy with no nonce', async () => {
    const js = await assets.read('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.body.toString()).toBe('console.log(1)');
    expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(js.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers not found outside the renderer folder, for missing files and for malformed paths', async () => {
    for (const path of ['/../custos-outside.txt', '/%2e%2e/custos-outside.txt', '/assets/%2e%2e/%2e%2e/custos-outside.txt', '/nope.js', '/%E0%A4%A', '/a%00b']) {
      const res = await assets.read(path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString(), path).not.toContain('secret');
    }
  });
});
