import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../shared/contract.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { disposeTenant } from '../../cloud/retention/disposition.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { writeServerFields } from '../../cloud/sync/versioning.js';
import type { Core } from '../../electron/core/index.js';
import { call, openClient, settle, tempDir } from '../faults/harness.js';

/**
 * The cache follows disposition and keeps no trace: an unencrypted test cache (so its raw bytes
 * can be read) holds a departed employee's name, mobile and email; after the cloud anonymises
 * the profile and the console syncs, neither the database file nor its WAL contains any of
 * them, and no search finds the person.
 */
const SUBJECT = { name: '甄可查', mobile: '+86 139 5555 0101', email: 'zhen.kecha.scan@example.com' };
let cloud: RunningCloud;
let core: Core;
let dir: string;

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 8, employees: 60, customers: 20, approvals: 10 }, schedulerIntervalMs: 0 });
  dir = tempDir('retention');
  core = openClient(dir, cloud.url, null);
  await call(core, 'session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  await settle(core);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await cloud?.close();
});

function rawCache(): Buffer {
  core.cache.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  const file = core.cacheFile()!;
  const files = ['', '-wal', '-journal'].map((s) => file + s).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}
const traces = (raw: Buffer) =>
  [SUBJECT.name, SUBJECT.email, '13955550101', '5555 0101'].filter((needle) => raw.includes(Buffer.from(needle, 'utf8')));

describe('retention disposition seen from the console', () => {
  it('leaves no trace of an anonymised subject in the cache file', async () => {
    await writeServerFields(cloud.db, DEMO_TENANT_ID, 'employee', 'e000030', { ...SUBJECT, status: 'departed', departedAt: '2020-06-30T00:00:00.000Z' });
    await settle(core);
    // The scan can see the subject before: otherwise finding nothing afterwards proves nothing.
    expect(traces(rawCache()).length).toBeGreaterThanOrEqual(2);
    expect((await call<OutputOf<'org.search'>>(core, 'org.search', { query: SUBJECT.email })).rows).toHaveLength(1);

    await disposeTenant(cloud.db, DEMO_TENANT_ID, {
      now: new Date(),
      actorId: 'test',
      policies: [{ category: 'departed_employee_profile', periodMonths: 24, trigger: 'since_departure', action: 'anonymise', enabled: true }],
    });
    expect(await settle(core)).toMatchObject({ queued: 0, issues: 0 });

    expect(traces(rawCache())).toEqual([]);
    for (const query of [SUBJECT.name, SUBJECT.email, '13955550101', 'zkc'])
      expect((await call<OutputOf<'org.search'>>(core, 'org.search', { query })).rows.map((r) => r.id)).not.toContain('e000030');
  });

  it('shows the last runs fetched when the cloud cannot be reached, saying when they were fetched', async () => {
    const online = await call<OutputOf<'retention.runs'>>(core, 'retention.runs', {});
    expect(online.asOf).toBeNull();
    expect(online.runs.length).toBeGreaterThanOrEqual(1);
    await cloud.close();
    const offline = await call<OutputOf<'retention.runs'>>(core, 'retention.runs', {});
    expect(offline.runs).toEqual(online.runs);
    expect(Date.now() - Date.parse(offline.asOf!)).toBeLessThan(60_000);
    // Running now needs the cloud: refused, not pretended.
    expect(await core.invoke('retention.runNow', {})).toMatchObject({ ok: false, error: { code: 'CLOUD_UNREACHABLE' } });
  });
});
