import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envCacheKey, startBrowserHost, type BrowserHost } from '../../electron/serve.js';
import { fileKeyProvider } from '../../electron/core/accounts/keys.js';
import { silentLogger } from '../../electron/core/logging.js';
import { CustosError } from '../../shared/errors.js';
import { BULK_OFFBOARDING_MAX_BYTES, IMPORT_MAX_BYTES, UPLOAD_NAME_HEADER, uploadLimit } from '../../shared/contract.js';

const ROOT = resolve(__dirname, '../..');
let dir: string;
let host: BrowserHost;

/** Raw HTTP so the Host header can be forged (fetch does not allow it). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (r) => {
      let body = '';
      r.on('data', (c) => (body += c));
      r.on('end', () => res({ status: r.statusCode ?? 0, body, headers: r.headers }));
    });
    req.on('error', rej);
    req.end(opts.body);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custos-host-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Custos</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  host = await startBrowserHost({ port: 0, dataDir: join(dir, 'data'), cloudUrl: 'http://127.0.0.1:9', cacheKey: randomBytes(32), rendererDir, migrationsDir: join(ROOT, 'migrations'), logger: silentLogger, autoSync: false });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('requires the per-launch token on every API request', async () => {
    const json = { 'content-type': 'application/json' };
    expect((await raw('/api/app.info', { method: 'POST', headers: json, body: '{}' })).status).toBe(401);
    expect((await raw('/api/app.info', { method: 'POST', headers: { ...json, authorization: `Bearer ${host.token.startsWith('x') ? 'y' : 'x'}${host.token.slice(1)}` }, body: '{}' })).status).toBe(401);
    const ok = await raw('/api/app.info', { method: 'POST', headers: { ...json, authorization: `Bearer ${host.token}` }, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { host: 'browser', cacheEncrypted: true } });
  });

  it('answers a 60 MB body 413 with the limit, keeps answering, and takes an import file beyond the old 1 MiB (issue 22)', async () => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${host.token}` };
    const huge = await raw('/api/app.info', { method: 'POST', headers: auth, body: JSON.stringify({ pad: 'x'.repeat(60 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', issues: [{ path: 'limit', message: String(4 * 1024 * 1024) }] } });
    const upload = { 'content-type': 'application/octet-stream', authorization: `Bearer ${host.token}`, [UPLOAD_NAME_HEADER]: encodeURIComponent('员工 big.csv') };
    const hugeImport = await raw('/api/org.importPreview', { method: 'POST', headers: upload, body: Buffer.alloc(60 * 1024 * 1024, 0x41) });
    expect(hugeImport.status).toBe(413);
    expect(JSON.parse(hugeImport.body)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', issues: [{ path: 'limit', message: String(IMPORT_MAX_BYTES) }] } });
    expect((await raw('/api/app.info', { method: 'POST', headers: auth, body: '{}' })).status).toBe(200);
    // A 20,000-row file (~1.2 MB) reaches the core as its bytes: signed out, it answers why, not a reset connection.
    const rows = Array.from({ length: 20_000 }, (_, i) => `E${i},Name ${i},Sales,e${i}@example.com,Regional sales manager (East)`).join('\n');
    const file = Buffer.from(`Employee No.,Name,Department,Email,Title\n${rows}`);
    expect(file.length).toBeGreaterThan(1024 * 1024);
    const big = await raw('/api/org.importPreview', { method: 'POST', headers: upload, body: file });
    expect(big.status).toBe(401);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('takes a file only as its raw bytes: the old base64-in-JSON body is refused, and the limit is the contract’s (issue 22)', async () => {
    const auth = { authorization: `Bearer ${host.token}` };
    const asJson = await raw('/api/org.importPreview', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ fileName: 'a.csv', contentBase64: 'QQ==' }) });
    expect(asJson.status).toBe(400);
    expect(JSON.parse(asJson.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const justOver = await raw('/api/offboarding.bulkPreview', { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: Buffer.alloc(BULK_OFFBOARDING_MAX_BYTES + 1) });
    expect(JSON.parse(justOver.body)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', issues: [{ path: 'limit', message: String(BULK_OFFBOARDING_MAX_BYTES) }] } });
    expect(uploadLimit('offboarding.bulkPreview')).toBe(BULK_OFFBOARDING_MAX_BYTES);
    expect(uploadLimit('org.importPreview')).toBe(IMPORT_MAX_BYTES);
    expect(uploadLimit('app.info')).toBeNull();
  });

  it('answers bad JSON and bad input with typed errors, not stack traces', async () => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${host.token}` };
    const badJson = await raw('/api/app.info', { method: 'POST', headers: auth, body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.code).toBe('INVALID_INPUT');
    const badInput = await raw('/api/session.signIn', { method: 'POST', headers: auth, body: JSON.stringify({ email: 'not-an-email', password: '' }) });
    expect(badInput.status).toBe(400);
    expect(JSON.parse(badInput.body).error.code).toBe('INVALID_INPUT');
    expect(badInput.body).not.toMatch(/at .*\.(ts|js):\d+/);
    const unknown = await raw('/api/nothing.here', { method: 'POST', headers: auth, body: '{}' });
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_OPERATION');
    const offline = await raw('/api/session.signIn', { method: 'POST', headers: auth, body: JSON.stringify({ email: 'a@b.example', password: 'x' }) });
    expect(JSON.parse(offline.body).error.code).toBe('OFFLINE_SIGN_IN_UNAVAILABLE');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const r = await raw('/', { headers: { host: `evil.example:${host.port}` } });
    expect(r.status).toBe(421);
  });

  it('serves the renderer with a strict CSP and never files outside it', async () => {
    const index = await raw('/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(index.headers['content-security-policy'])).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(String(index.headers['content-security-policy'])).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}'/);
    expect(String((await raw('/')).headers['content-security-policy'])).not.toBe(String(index.headers['content-security-policy']));
    expect((await raw('/../secret.txt')).body).not.toContain('outside the renderer');
    expect((await raw('/%2e%2e/secret.txt')).body).not.toContain('outside the renderer');
  });

  it('listens on loopback only, and refuses to bind anywhere else', async () => {
    const { networkInterfaces } = await import('node:os');
    // Only the loopback answers: the machine's other addresses do not reach the host.
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) await expect(fetch(`http://${external.address}:${host.port}/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    for (const bind of ['0.0.0.0', '::', '192.168.1.20', 'example.com']) {
      const err = await startBrowserHost({ port: 0, bind, dataDir: join(dir, 'data-bind'), cloudUrl: 'http://127.0.0.1:9', cacheKey: randomBytes(32), rendererDir: join(dir, 'renderer'), migrationsDir: join(ROOT, 'migrations'), logger: silentLogger, autoSync: false }).catch((e: unknown) => e);
      expect(err, bind).toBeInstanceOf(CustosError);
      expect((err as Error).message).toMatch(/listens only on this computer/);
    }
  });

  it('says clearly when the port is taken', async () => {
    const err = await startBrowserHost({ port: host.port, dataDir: join(dir, 'data2'), cloudUrl: 'http://127.0.0.1:9', cacheKey: randomBytes(32), rendererDir: join(dir, 'renderer'), migrationsDir: join(ROOT, 'migrations'), logger: silentLogger, autoSync: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CustosError);
    expect((err as Error).message).toMatch(/Port \d+ is already in use/);
  });
});

describe('cache keys for the browser host', () => {
  it('each account keeps its own 0600 key file, created once and reused', () => {
    const keys = fileKeyProvider();
    const a = join(dir, 'keys', 'a');
    const key = keys.keyFor(a, 'a');
    expect(key.length).toBe(32);
    expect(statSync(join(a, 'cache.key')).mode & 0o777).toBe(0o600);
    expect(keys.keyFor(a, 'a').equals(key)).toBe(true);
    expect(readFileSync(join(a, 'cache.key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.keyFor(join(dir, 'keys', 'b'), 'b').equals(key)).toBe(false);
  });
  it('takes CUSTOS_DB_KEY as a master key when set, and refuses a malformed one', () => {
    expect(envCacheKey(undefined)).toBeUndefined();
    expect(envCacheKey('ab'.repeat(32))!.toString('hex')).toBe('ab'.repeat(32));
    expect(() => envCacheKey('short')).toThrow(/64 hexadecimal/);
  });
});
