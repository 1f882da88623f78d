import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contact, employee } from '../../cloud/db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_ORG_ADMIN_EMAIL, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { createCore, type Core, type CoreOptions } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import { type KeychainCipher } from '../../electron/core/session/token-file.js';
import { AccountStore } from '../../electron/core/accounts/store.js';
import type { KeychainBackend } from '../../electron/core/accounts/keychain-policy.js';
import { CoreSupervisor } from '../../electron/core/process/supervisor.js';
import { coreLogFile, forkCore } from '../../electron/core/process/fork.js';
import { HOST_OPS } from '../../electron/core/process/protocol.js';

/**
 * What stays on disk: the desktop keeps session tokens only through the keychain (a stand-in
 * cipher here, Electron's safeStorage in the app), never in the cache; signing out with "wipe"
 * leaves a cache file in which none of the tenant's identifiers can be found, even unencrypted.
 */
const ROOT = resolve(import.meta.dirname, '../..');
let cloud: RunningCloud;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'custos-rest-'));
  dirs.push(d);
  return d;
};

/** AES-256-GCM with a key of its own: stands in for the OS keychain's safeStorage. */
function fakeKeychain(): KeychainCipher {
  const key = randomBytes(32);
  return {
    encrypt(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(bytes) {
      const d = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      d.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([d.update(bytes.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const open = (dataDir: string, extra: Partial<CoreOptions> = {}): Core =>
  createCore({ dataDir, cacheKey: null, cloudUrl: cloud.url, host: 'electron', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false, ...extra });

async function ok<T = unknown>(p: ReturnType<Core['invoke']>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
});
afterAll(async () => {
  await cloud?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('session and cache at rest', () => {
  it('keeps the desktop session only in the keychain-encrypted file of the account, which sign-out deletes', async () => {
    const dir = tempDir();
    const keychain = fakeKeychain();
    let core = open(dir, { keychain });
    await ok(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    const accountDir = join(dir, 'accounts', AccountStore.idFor(DEMO_ADMIN_EMAIL));
    const file = join(accountDir, 'session.enc');
    const tokens = JSON.parse(keychain.decrypt(readFileSync(file))) as { accessToken: string; refreshToken: string };
    expect(readFileSync(file).includes(Buffer.from(tokens.refreshToken))).toBe(false);
    expect(core.cache.sqlite.prepare("SELECT count(*) AS n FROM setting WHERE key = 'session'").get()).toEqual({ n: 0 });
    // The cache key too is kept only through the keychain.
    expect(readFileSync(join(accountDir, 'cache.key.enc')).toString('utf8')).not.toMatch(/^[0-9a-f]{64}$/);
    await core.close();
    const cacheBytes = readFileSync(join(accountDir, 'cache.sqlite'));
    expect(cacheBytes.includes(Buffer.from(tokens.refreshToken))).toBe(false);
    expect(cacheBytes.includes(Buffer.from(tokens.accessToken.slice(-40)))).toBe(false);

    // Relaunch: still signed in. Another keychain (another user or machine) reads as signed out.
    core = open(dir, { keychain });
    expect(await ok(core.invoke('session.get', {}))).toMatchObject({ user: { email: DEMO_ADMIN_EMAIL } });
    await core.close();
    core = open(dir, { keychain: fakeKeychain() });
    expect(await ok(core.invoke('session.get', {}))).toEqual({ user: null, locked: false });
    await core.close();

    core = open(dir, { keychain });
    expect(await ok(core.invoke('session.get', {}))).toEqual({ user: null, locked: false });
    await ok(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    await ok(core.invoke('session.signOut', {}));
    expect(existsSync(file)).toBe(false);
    await core.close();
  });

  it("the desktop's core process: each account's key is sealed and opened by the host's keychain over the protocol", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const keychain = fakeKeychain();
    const asked: string[] = [];
    const start = async (backend: KeychainBackend = 'os') => {
      const logFile = coreLogFile(dir);
      const core = new CoreSupervisor({
        spawn: forkCore({ logFile, echo: false }),
        options: { dataDir: dir, cloudUrl: cloud.url, host: 'electron', migrationsDir: join(ROOT, 'migrations'), version: 'test', autoSync: false, keys: 'keychain' },
        logger: silentLogger,
        logFile,
        // As Electron main answers them with safeStorage (electron/main/index.ts).
        hostOps: {
          [HOST_OPS.keychainEncrypt]: (text) => (asked.push('encrypt'), new Uint8Array(keychain.encrypt(String(text)))),
          [HOST_OPS.keychainDecrypt]: (bytes) => (asked.push('decrypt'), keychain.decrypt(Buffer.from(bytes as Uint8Array))),
          [HOST_OPS.keychainBackend]: () => backend,
          [HOST_OPS.legacyTokens]: () => null,
        },
      });
      await core.start();
      return core;
    };
    let core = await start();
    await ok(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    const accountDir = join(dir, 'accounts', AccountStore.idFor(DEMO_ADMIN_EMAIL));
    expect(existsSync(join(accountDir, 'cache.key'))).toBe(false);
    const sealed = readFileSync(join(accountDir, 'cache.key.enc'));
    expect(sealed.toString('utf8')).not.toMatch(/[0-9a-f]{64}/);
    expect(keychain.decrypt(sealed)).toMatch(/^[0-9a-f]{64}$/);
    expect(asked).toEqual(['encrypt']);
    await core.close();
    // The next start opens the same cache with the key the keychain gives back: still signed in.
    core = await start();
    expect(await ok(core.invoke('session.get', {}))).toMatchObject({ user: { email: DEMO_ADMIN_EMAIL } });
    expect(asked).toEqual(['encrypt', 'decrypt']);
    await ok(core.invoke('session.signOut', {}));
    await core.close();
    // Linux without a keyring: a new account's key is refused, with the reason, and nothing is written.
    core = await start('basic_text');
    expect(await core.invoke('session.signIn', { email: DEMO_ORG_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNPROTECTED' } });
    expect(existsSync(join(dir, 'accounts', AccountStore.idFor(DEMO_ORG_ADMIN_EMAIL), 'cache.key.enc'))).toBe(false);
    await core.close();
  });

  it('sign-out with wipe leaves no identifier of the tenant in the cache file or its WAL', async () => {
    const dir = tempDir();
    const core = open(dir);
    await ok(core.invoke('settings.setLanguage', { language: 'fr' }));
    await ok(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    await ok(core.invoke('sync.now', {}));
    const people = await cloud.db.select({ mobile: employee.mobile, email: employee.email, idNumber: employee.idNumber, name: employee.name }).from(employee).where(eq(employee.tenantId, DEMO_TENANT_ID));
    const contacts = await cloud.db.select({ mobile: contact.mobile, email: contact.email }).from(contact).where(eq(contact.tenantId, DEMO_TENANT_ID));
    const needles = [...people.flatMap((p) => [p.mobile, p.email, p.idNumber]), ...contacts.flatMap((c) => [c.mobile, c.email])].filter((v): v is string => !!v && v.length >= 6);
    const cacheFile = core.cacheFile()!;
    const raw = () => Buffer.concat([readFileSync(cacheFile), existsSync(`${cacheFile}-wal`) ? readFileSync(`${cacheFile}-wal`) : Buffer.alloc(0)]);
    const found = (bytes: Buffer) => needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
    // The unencrypted test cache really holds them before the wipe.
    expect(found(raw()).length).toBeGreaterThan(needles.length / 2);

    await ok(core.invoke('session.signOut', { wipe: true }));
    expect(found(raw())).toEqual([]);
    expect(raw().includes(Buffer.from(DEMO_ADMIN_EMAIL))).toBe(false);
    // Signed out: no cache is open any more.
    expect(core.cacheFile()).toBeNull();
    // This computer's preferences stay; the next sign-in starts from an empty cache.
    expect(await ok(core.invoke('app.info', {}))).toMatchObject({ language: 'fr' });
    await ok(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    expect(core.cacheFile()).toBe(cacheFile);
    expect(core.cache.sqlite.prepare('SELECT count(*) AS n FROM employee').get()).toEqual({ n: 0 });
    expect(core.cache.sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    await ok(core.invoke('sync.now', {}));
    expect((core.cache.sqlite.prepare('SELECT count(*) AS n FROM employee').get() as { n: number }).n).toBe(people.length);
    await core.close();
  });
});
