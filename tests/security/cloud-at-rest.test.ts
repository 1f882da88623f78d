import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../cloud/auth/tokens.js';
import { JWT_SECRET_NAME } from '../../cloud/auth/secret.js';
import { openCloudDb } from '../../cloud/db/open.js';
import { serviceSecret } from '../../cloud/db/schema.js';
import { DEMO_ACCOUNTS, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { secretFileFor, startCloud, type RunningCloud } from '../../cloud/server.js';
import { TokensSchema } from '../../shared/cloud-protocol.js';

/**
 * The standalone cloud (`npm run cloud` without DATABASE_URL) against another user of the same
 * machine: its PGlite folder is the owner's alone (existing ones are closed on start), the key
 * that signs access tokens never lies in the database, and a token re-signed with another role
 * or tenant gains nothing (the account is checked on every request).
 */
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const posix = process.platform !== 'win32';

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    out.push(path);
    if (statSync(path).isDirectory()) walk(path, out);
  }
  return out;
}

const openToOthers = (dir: string) => [dir, ...walk(dir)].filter((p) => (statSync(p).mode & 0o077) !== 0);

async function signIn(cloud: RunningCloud, email: string): Promise<string> {
  const res = await fetch(`${cloud.url}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  return TokensSchema.parse(await res.json()).accessToken;
}

const pull = (cloud: RunningCloud, token: string) => fetch(`${cloud.url}/sync/pull?cursor=0&limit=1`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe('the standalone cloud against another local user', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'custos-at-rest-')), 'cloud');
  dirs.push(join(dataDir, '..'));

  it.skipIf(!posix)('closes its data folder and all it holds to other users, an existing open one included', async () => {
    const first = await startCloud({ port: 0, dataDir, seed: { scale: 'S' }, schedulerIntervalMs: 0 });
    await first.close();
    expect(openToOthers(dataDir)).toEqual([]);
    // As an older version left it: the folder 0755, its files 0666.
    for (const p of [dataDir, ...walk(dataDir)]) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o666);
    expect(openToOthers(dataDir).length).toBeGreaterThan(10);
    const second = await startCloud({ port: 0, dataDir, schedulerIntervalMs: 0 });
    await second.close();
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('keeps the signing key out of the database: a 0600 file beside the data, an older stored key deleted and not reused', async () => {
    // An older version's database with the key inside it.
    const old = await openCloudDb({ dataDir });
    await old.db.insert(serviceSecret).values({ name: JWT_SECRET_NAME, value: Buffer.alloc(32, 7).toString('base64url') }).onConflictDoNothing();
    await old.close();
    rmSync(secretFileFor(dataDir), { force: true });

    const cloud = await startCloud({ port: 0, dataDir, schedulerIntervalMs: 0 });
    try {
      const file = secretFileFor(dataDir);
      if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
      const key = readFileSync(file, 'utf8');
      expect(key).not.toBe(Buffer.alloc(32, 7).toString('base64url'));
      expect(await cloud.db.select().from(serviceSecret)).toEqual([]);
      // Nowhere in the database's files, WAL included.
      const needle = Buffer.from(key);
      expect(walk(dataDir).filter((p) => statSync(p).isFile() && readFileSync(p).includes(needle))).toEqual([]);
    } finally {
      await cloud.close();
    }
  });

  it('refuses a token re-signed with a higher role or another tenant (the account decides, not the token), or without an expiry', async () => {
    const cloud = await startCloud({ port: 0, dataDir, seed: { scale: 'S' }, schedulerIntervalMs: 0 });
    try {
      const auditor = DEMO_ACCOUNTS.find((a) => a.role === 'auditor')!;
      const token = await signIn(cloud, auditor.email);
      expect(await pull(cloud, token)).toBe(200);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      const key = new Uint8Array(Buffer.from(readFileSync(secretFileFor(dataDir), 'utf8'), 'base64url'));
      const resign = (over: Record<string, unknown>) =>
        new SignJWT({ ...claims, ...over }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).sign(key);
      // The same claims re-signed pass (the key is right), so the refusals below are the role and the tenant.
      expect(await pull(cloud, await resign({}))).toBe(200);
      expect(await pull(cloud, await resign({ role: 'super_admin' }))).toBe(401);
      expect(await pull(cloud, await resign({ tid: 'another-tenant' }))).toBe(401);
      // A token that never expires is no token (issue 28 item 9).
      const { exp: _exp, ...forever } = claims;
      const noExp = await new SignJWT(forever).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
      expect(await pull(cloud, noExp)).toBe(401);
    } finally {
      await cloud.close();
    }
  });
});
