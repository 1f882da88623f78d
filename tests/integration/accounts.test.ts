import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRoleAssignment, adminUser, customer, department, employee } from '../../cloud/db/schema.js';
import { hash } from '@node-rs/argon2';
import { startFaultProxy } from '../faults/proxy.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_ORG_ADMIN_EMAIL, DEMO_ORG_ADMIN_SCOPE, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { canSee, subtreeOf, visibilityFor, type Visibility } from '../../cloud/scope/visibility.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { AccountStore, OFFLINE_GUESS_LIMIT } from '../../electron/core/accounts/store.js';
import { derivedKeyProvider } from '../../electron/core/accounts/keys.js';
import { CloudClient } from '../../electron/core/cloud/client.js';
import { openCache } from '../../electron/core/db/open.js';
import { silentLogger } from '../../electron/core/logging.js';
import { writeSetting } from '../../electron/core/settings.js';

/**
 * One cache per account on a shared computer: the super admin signs out (keeping the cache), an
 * org admin signs in on the same computer, and nothing outside the org admin's departments is
 * ever answered — right after sign-in, after sync, and offline after a restart.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const OFFLINE = 'http://127.0.0.1:9';
const ORG_ADMIN = { email: DEMO_ORG_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
const ADMIN = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
let cloud: RunningCloud;
const dirs: string[] = [];
const master = randomBytes(32);
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'custos-accounts-'));
  dirs.push(d);
  return d;
};
const open = (dataDir: string, cloudUrl = cloud.url): Core =>
  createCore({ dataDir, cacheKey: master, cloudUrl, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false });

async function value<T = unknown>(p: ReturnType<Core['invoke']>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const code = async (p: ReturnType<Core['invoke']>) => {
  const r = await p;
  return r.ok ? 'ok' : r.error.code;
};

/** Rows of the demo tenant the org admin may not see (and one it may). */
async function rowsAround(v: Visibility) {
  const emps = await cloud.db.select({ id: employee.id, name: employee.name, scope: employee.scope }).from(employee).where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false)));
  const custs = await cloud.db.select({ id: customer.id, scope: customer.scope }).from(customer).where(and(eq(customer.tenantId, DEMO_TENANT_ID), eq(customer.deleted, false)));
  return {
    outsideEmployee: emps.find((e) => !canSee(v, e.scope))!,
    insideEmployee: emps.find((e) => canSee(v, e.scope) && (e.scope?.length ?? 0) > 0)!,
    outsideCustomer: custs.find((c) => c.scope !== null && !canSee(v, c.scope))!,
  };
}

/** Everything the org admin's console answers about rows outside its scope: always NOT_FOUND, never the row. */
async function expectNothingOutside(core: Core, rows: Awaited<ReturnType<typeof rowsAround>>) {
  expect(await code(core.invoke('employees.get', { id: rows.outsideEmployee.id }))).toBe('NOT_FOUND');
  expect(await code(core.invoke('customers.get', { id: rows.outsideCustomer.id }))).toBe('NOT_FOUND');
  const found = await value<{ rows: { id: string }[] }>(core.invoke('org.search', { query: rows.outsideEmployee.name }));
  expect(found.rows.map((i) => i.id)).not.toContain(rows.outsideEmployee.id);
}

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
});
afterAll(async () => {
  await cloud?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('one cache per account', () => {
  it('super admin signs out, org admin signs in: nothing outside its scope is answered, online or offline after a restart', async () => {
    const dir = tempDir();
    const v = await visibilityFor(cloud.db, DEMO_TENANT_ID, 'demo-orgadmin', 'org_admin');
    const rows = await rowsAround(v);
    expect(rows.outsideEmployee && rows.outsideCustomer && rows.insideEmployee).toBeTruthy();

    let core = open(dir);
    await value(core.invoke('session.signIn', ADMIN));
    await value(core.invoke('sync.now', {}));
    // The super admin's cache holds them.
    expect(await code(core.invoke('employees.get', { id: rows.outsideEmployee.id }))).toBe('ok');
    expect(await code(core.invoke('customers.get', { id: rows.outsideCustomer.id }))).toBe('ok');
    const adminFile = core.cacheFile()!;
    await value(core.invoke('session.signOut', {}));

    // Before the org admin's first pull has answered.
    await value(core.invoke('session.signIn', ORG_ADMIN));
    await expectNothingOutside(core, rows);
    expect(core.cacheFile()).not.toBe(adminFile);
    await value(core.invoke('sync.now', {}));
    await expectNothingOutside(core, rows);
    expect(await code(core.invoke('employees.get', { id: rows.insideEmployee.id }))).toBe('ok');
    await core.close();

    // Restarted with the cloud out of reach: the org admin's session comes back on its own cache only.
    core = open(dir, OFFLINE);
    expect(await value(core.invoke('session.get', {}))).toMatchObject({ user: { email: DEMO_ORG_ADMIN_EMAIL } });
    await expectNothingOutside(core, rows);
    expect(await code(core.invoke('employees.get', { id: rows.insideEmployee.id }))).toBe('ok');
    await core.close();

    // Two folders, two keys: the org admin's key does not open the super admin's cache.
    expect(readdirSync(join(dir, 'accounts')).sort()).toEqual([AccountStore.idFor(DEMO_ADMIN_EMAIL), AccountStore.idFor(DEMO_ORG_ADMIN_EMAIL)].sort());
    const orgKey = derivedKeyProvider(master).keyFor('', AccountStore.idFor(DEMO_ORG_ADMIN_EMAIL));
    expect(() => openCache({ file: adminFile, key: orgKey, migrationsDir: join(ROOT, 'migrations') })).toThrow(/cannot be read with this key/);
    expect(existsSync(join(dir, 'cache.sqlite'))).toBe(false);
  });

  it('the super admin signing in again finds its own cache as it left it', async () => {
    const dir = tempDir();
    const core = open(dir);
    await value(core.invoke('session.signIn', ADMIN));
    await value(core.invoke('sync.now', {}));
    const { departments } = await value<{ departments: unknown[] }>(core.invoke('org.departments', {}));
    await value(core.invoke('session.signOut', {}));
    await value(core.invoke('session.signIn', ORG_ADMIN));
    await value(core.invoke('session.signOut', {}));
    await core.close();
    const offline = open(dir, OFFLINE);
    expect(await value(offline.invoke('session.get', {}))).toEqual({ user: null, locked: false });
    await offline.close();
    const again = open(dir);
    await value(again.invoke('session.signIn', ADMIN));
    expect((await value<{ departments: unknown[] }>(again.invoke('org.departments', {}))).departments).toHaveLength(departments.length);
    await again.close();
  });

  it('a narrower scope for the same account empties what it no longer may see before sign-in answers', async () => {
    const dir = tempDir();
    const tree = await cloud.db.select({ id: department.id, parentId: department.parentId }).from(department).where(eq(department.tenantId, DEMO_TENANT_ID));
    const narrower = tree.find((d) => d.parentId === DEMO_ORG_ADMIN_SCOPE)!.id;
    const before = await visibilityFor(cloud.db, DEMO_TENANT_ID, 'demo-orgadmin', 'org_admin');
    const keep = subtreeOf(tree, [narrower]);
    const emps = await cloud.db.select({ id: employee.id, scope: employee.scope }).from(employee).where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false)));
    const leaving = emps.find((e) => canSee(before, e.scope) && (e.scope ?? []).length > 0 && !(e.scope ?? []).some((d) => keep.has(d)))!;
    expect(leaving).toBeTruthy();

    const core = open(dir);
    await value(core.invoke('session.signIn', ORG_ADMIN));
    await value(core.invoke('sync.now', {}));
    expect(await code(core.invoke('employees.get', { id: leaving.id }))).toBe('ok');
    await value(core.invoke('session.signOut', {}));

    const where = and(eq(adminRoleAssignment.tenantId, DEMO_TENANT_ID), eq(adminRoleAssignment.userId, 'demo-orgadmin'));
    const [assignment] = await cloud.db.select({ scope: adminRoleAssignment.scopeDepartmentIds }).from(adminRoleAssignment).where(where);
    await cloud.db.update(adminRoleAssignment).set({ scopeDepartmentIds: [narrower] }).where(where);
    try {
      await value(core.invoke('session.signIn', ORG_ADMIN));
      expect(await code(core.invoke('employees.get', { id: leaving.id }))).toBe('NOT_FOUND');
      await value(core.invoke('sync.now', {}));
      expect(await code(core.invoke('employees.get', { id: leaving.id }))).toBe('NOT_FOUND');
    } finally {
      await cloud.db.update(adminRoleAssignment).set({ scopeDepartmentIds: assignment!.scope }).where(where);
      await core.close();
    }
  });

  it('an older single-cache install becomes the cache of the account signed in to it', async () => {
    const dir = tempDir();
    // As the browser host kept it: the single key in a 0600 <data>/cache.key. Now each account has its own key file.
    const oldKey = randomBytes(32);
    writeFileSync(join(dir, 'cache.key'), oldKey.toString('hex'), { mode: 0o600 });
    const openHost = (cloudUrl: string) => createCore({ dataDir: dir, cloudUrl, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false });
    const tokens = await new CloudClient(cloud.url).signIn(ADMIN.email, ADMIN.password);
    const old = openCache({ file: join(dir, 'cache.sqlite'), key: oldKey, migrationsDir: join(ROOT, 'migrations') });
    writeSetting(old.db, 'session', tokens);
    writeSetting(old.db, 'language', 'fr');
    old.sqlite.prepare("INSERT INTO department (id, parent_id, name, sort, version) VALUES ('legacy-dept', NULL, 'Kept from before', 0, 1)").run();
    old.close();

    let core = openHost(OFFLINE);
    expect(await value(core.invoke('session.get', {}))).toMatchObject({ user: { email: DEMO_ADMIN_EMAIL } });
    expect(await value(core.invoke('app.info', {}))).toMatchObject({ language: 'fr' });
    const { departments } = await value<{ departments: { id: string }[] }>(core.invoke('org.departments', {}));
    expect(departments.map((d) => d.id)).toContain('legacy-dept');
    expect(existsSync(join(dir, 'cache.sqlite'))).toBe(false);
    expect(core.cacheFile()).toBe(join(dir, 'accounts', AccountStore.idFor(DEMO_ADMIN_EMAIL), 'cache.sqlite'));
    // Re-encrypted with the account's own key: the old single key no longer opens it.
    expect(() => openCache({ file: core.cacheFile()!, key: oldKey, migrationsDir: join(ROOT, 'migrations') })).toThrow(/cannot be read with this key/);
    await core.close();
    // The old key file is gone; the account's own key file opens its cache and session at the next start.
    expect(existsSync(join(dir, 'cache.key'))).toBe(false);
    expect(existsSync(join(dir, 'accounts', AccountStore.idFor(DEMO_ADMIN_EMAIL), 'cache.key'))).toBe(true);
    core = openHost(OFFLINE);
    expect(await value(core.invoke('session.get', {}))).toMatchObject({ user: { email: DEMO_ADMIN_EMAIL } });
    expect((await value<{ departments: { id: string }[] }>(core.invoke('org.departments', {}))).departments.map((d) => d.id)).toContain('legacy-dept');
    await value(core.invoke('session.signOut', {}));
    await core.close();

    // Another account on this computer never sees it.
    core = openHost(cloud.url);
    await value(core.invoke('session.signIn', ORG_ADMIN));
    expect(await code(core.invoke('employees.get', { id: 'legacy-dept' }))).toBe('NOT_FOUND');
    const mine = await value<{ departments: { id: string }[] }>(core.invoke('org.departments', {}));
    expect(mine.departments.map((d) => d.id)).not.toContain('legacy-dept');
    await core.close();
  });

  it('an older cache nobody is signed in to is given to no one', async () => {
    const dir = tempDir();
    const old = openCache({ file: join(dir, 'cache.sqlite'), key: master, migrationsDir: join(ROOT, 'migrations') });
    old.sqlite.prepare("INSERT INTO department (id, parent_id, name, sort, version) VALUES ('orphan-dept', NULL, 'Nobody’s', 0, 1)").run();
    old.close();
    const core = open(dir);
    expect(existsSync(join(dir, 'cache.sqlite'))).toBe(false);
    await value(core.invoke('session.signIn', ADMIN));
    const { departments } = await value<{ departments: { id: string }[] }>(core.invoke('org.departments', {}));
    expect(departments.map((d) => d.id)).not.toContain('orphan-dept');
    await core.close();
  });
});

describe('offline sign-in (an account that signed in on this computer before)', () => {
  /** Signs in online once, syncs, signs out keeping the cache: the field admin's morning. */
  async function signedInBefore(dir: string, who = ADMIN) {
    const core = open(dir);
    await value(core.invoke('session.signIn', who));
    await value(core.invoke('sync.now', {}));
    const { departments } = await value<{ departments: unknown[] }>(core.invoke('org.departments', {}));
    await value(core.invoke('session.signOut', {}));
    await core.close();
    return departments.length;
  }

  it('signs in across a host restart with the cloud down, on its own cache, marked offline', async () => {
    const dir = tempDir();
    const held = await signedInBefore(dir);
    const core = open(dir, OFFLINE);
    expect(await value(core.invoke('session.get', {}))).toEqual({ user: null, locked: false });
    expect(await value(core.invoke('session.signIn', ADMIN))).toMatchObject({ user: { email: DEMO_ADMIN_EMAIL, role: 'super_admin' } });
    expect(await value(core.invoke('session.get', {}))).toMatchObject({ user: { email: DEMO_ADMIN_EMAIL }, locked: false, offline: true });
    expect((await value<{ departments: unknown[] }>(core.invoke('org.departments', {}))).departments).toHaveLength(held);
    // Sync says offline, and the session stays open.
    expect(await value(core.invoke('sync.now', {}))).toMatchObject({ state: 'offline', errorCode: 'CLOUD_UNREACHABLE' });
    expect(await value(core.invoke('session.get', {}))).toMatchObject({ offline: true });
    await core.close();
  });

  it('refuses a wrong password offline, and an account never signed in here says exactly that', async () => {
    const dir = tempDir();
    await signedInBefore(dir);
    const core = open(dir, OFFLINE);
    expect(await code(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: 'not-the-password' }))).toBe('WRONG_CREDENTIALS');
    expect(await value(core.invoke('session.get', {}))).toEqual({ user: null, locked: false });
    const never = await core.invoke('session.signIn', ORG_ADMIN);
    expect(never).toMatchObject({ ok: false, error: { code: 'OFFLINE_SIGN_IN_UNAVAILABLE' } });
    expect(!never.ok && never.error.message).toMatch(/never signed in on this computer/);
    await core.close();
  });

  it('a good password resets the count of wrong ones; five wrong ones in a row end offline sign-in until the cloud is back', async () => {
    const dir = tempDir();
    await signedInBefore(dir);
    let core = open(dir, OFFLINE);
    const wrong = { email: DEMO_ADMIN_EMAIL, password: 'not-the-password' };
    for (let i = 0; i < OFFLINE_GUESS_LIMIT - 1; i++) expect(await code(core.invoke('session.signIn', wrong))).toBe('WRONG_CREDENTIALS');
    await value(core.invoke('session.signIn', ADMIN));
    await value(core.invoke('session.signOut', {}));
    // The count survives a restart: closing the console does not buy more guesses.
    for (let i = 0; i < OFFLINE_GUESS_LIMIT - 1; i++) expect(await code(core.invoke('session.signIn', wrong))).toBe('WRONG_CREDENTIALS');
    await core.close();
    core = open(dir, OFFLINE);
    expect(await code(core.invoke('session.signIn', wrong))).toBe('WRONG_CREDENTIALS');
    // The right password no longer helps offline...
    expect(await code(core.invoke('session.signIn', ADMIN))).toBe('OFFLINE_SIGN_IN_UNAVAILABLE');
    await core.close();
    // ...until the cloud accepts it again, with the cache kept.
    core = open(dir);
    await value(core.invoke('session.signIn', ADMIN));
    expect((await value<{ departments: unknown[] }>(core.invoke('org.departments', {}))).departments.length).toBeGreaterThan(0);
    await core.close();
  });

  it('after a wipe there is nothing to sign in to offline', async () => {
    const dir = tempDir();
    const core = open(dir);
    await value(core.invoke('session.signIn', ADMIN));
    await value(core.invoke('session.signOut', { wipe: true }));
    await core.close();
    const offline = open(dir, OFFLINE);
    expect(await code(offline.invoke('session.signIn', ADMIN))).toBe('OFFLINE_SIGN_IN_UNAVAILABLE');
    await offline.close();
  });

  it('the cloud back: confirmed and online; a disabled account or a changed password closes the session and says why', async () => {
    const dir = tempDir();
    await signedInBefore(dir, ORG_ADMIN);
    const proxy = await startFaultProxy(cloud.url);
    const user = eq(adminUser.id, 'demo-orgadmin');
    const [saved] = await cloud.db.select({ hash: adminUser.passwordHash }).from(adminUser).where(user);
    try {
      proxy.down = true;
      const core = open(dir, proxy.url);
      await value(core.invoke('session.signIn', ORG_ADMIN));
      expect(await value(core.invoke('session.get', {}))).toMatchObject({ offline: true });

      // Confirmed: the session goes online, on the same cache.
      proxy.down = false;
      expect(await value(core.invoke('sync.now', {}))).toMatchObject({ state: 'idle' });
      expect(await value(core.invoke('session.get', {}))).toEqual({ user: expect.objectContaining({ email: DEMO_ORG_ADMIN_EMAIL }), locked: false });
      await value(core.invoke('session.signOut', {}));

      // Disabled while the console was offline.
      proxy.down = true;
      await value(core.invoke('session.signIn', ORG_ADMIN));
      await cloud.db.update(adminUser).set({ disabled: true }).where(user);
      proxy.down = false;
      expect(await value(core.invoke('sync.now', {}))).toMatchObject({ state: 'signed_out' });
      await expect.poll(async () => value(core.invoke('session.get', {}))).toEqual({ user: null, locked: false, closed: 'disabled' });
      expect(await code(core.invoke('org.departments', {}))).toBe('UNAUTHENTICATED');
      // And it cannot sign in offline again until the cloud accepts it.
      proxy.down = true;
      expect(await code(core.invoke('session.signIn', ORG_ADMIN))).toBe('OFFLINE_SIGN_IN_UNAVAILABLE');
      proxy.down = false;
      await cloud.db.update(adminUser).set({ disabled: false }).where(user);

      // Password changed in the cloud while offline.
      await value(core.invoke('session.signIn', ORG_ADMIN));
      await value(core.invoke('session.signOut', {}));
      proxy.down = true;
      await value(core.invoke('session.signIn', ORG_ADMIN));
      await cloud.db.update(adminUser).set({ passwordHash: await hash('A-new-password-2027') }).where(user);
      proxy.down = false;
      await value(core.invoke('sync.now', {}));
      await expect.poll(async () => value(core.invoke('session.get', {}))).toEqual({ user: null, locked: false, closed: 'password_changed' });
      await core.close();
    } finally {
      await cloud.db.update(adminUser).set({ disabled: false, passwordHash: saved!.hash, failedSignIns: 0, lockedUntil: null }).where(user);
      await proxy.close();
    }
  });
});
