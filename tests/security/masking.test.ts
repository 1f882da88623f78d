import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contact, employee } from '../../cloud/db/schema.js';
import { DEMO_ACCOUNTS, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import type { PullPageBody } from '../../shared/cloud-protocol.js';
import type { SearchHit } from '../../shared/contract.js';
import { BIRTH_DATE_MASK } from '../../shared/masking.js';
import type { Role } from '../../shared/roles.js';

/**
 * Masking is the cloud's, not the renderer's (issue 28 item 4): a role that may not reveal a
 * field (auditors) receives it masked in every pull answer, so its cache holds no value to
 * search, export or read off the disk; a reveal is an audited cloud call.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const account = (role: Role) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

let cloud: RunningCloud;
const cores = {} as Record<Role, Core>;
const dirs: string[] = [];

async function http(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(cloud.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as unknown) : null };
}

async function tokenOf(role: Role): Promise<string> {
  const r = await http('POST', '/auth/sign-in', null, { email: account(role).email, password: DEMO_ADMIN_PASSWORD });
  expect(r.status).toBe(200);
  return (r.json as { accessToken: string }).accessToken;
}

async function firstPull(role: Role): Promise<{ text: string; page: PullPageBody }> {
  const r = await http('GET', '/sync/pull?cursor=0&limit=100000', await tokenOf(role));
  expect(r.status).toBe(200);
  const page = r.json as PullPageBody;
  expect(page.head).toBe(page.to);
  return { text: r.text, page };
}

async function ok<T>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.invoke(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
  for (const role of ['super_admin', 'org_admin', 'auditor'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), `custos-masking-${role}-`));
    dirs.push(dataDir);
    cores[role] = createCore({ dataDir, cacheKey: randomBytes(32), cloudUrl: cloud.url, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false });
    expect((await cores[role].invoke('session.signIn', { email: account(role).email, password: DEMO_ADMIN_PASSWORD })).ok).toBe(true);
    await ok(cores[role], 'sync.now', {});
  }
});

let cloudClosed = false;
afterAll(async () => {
  for (const core of Object.values(cores)) await core.close();
  if (!cloudClosed) await cloud?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const people = () =>
  cloud.db
    .select({ id: employee.id, mobile: employee.mobile, idNumber: employee.idNumber, birthDate: employee.birthDate, address: employee.address, gender: employee.gender })
    .from(employee)
    .where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false)));

describe('masking in the cloud', () => {
  it("an auditor's first pull holds no ID number, birth date, address, gender or mobile in clear; a super admin's holds them", async () => {
    const truth = await people();
    const contacts = await cloud.db.select({ id: contact.id, mobile: contact.mobile }).from(contact).where(eq(contact.tenantId, DEMO_TENANT_ID));
    expect(truth.filter((p) => p.idNumber).length).toBeGreaterThan(50);

    const auditor = await firstPull('auditor');
    const admin = await firstPull('super_admin');
    const rowsOf = (page: PullPageBody, entity: string) => new Map(page.changes.filter((c) => c.entity === entity && c.data).map((c) => [c.id, c.data as Record<string, unknown>]));
    const seen = rowsOf(auditor.page, 'employee');
    const clear = rowsOf(admin.page, 'employee');
    expect(seen.size).toBe(truth.length);
    const leaks: string[] = [];
    for (const p of truth) {
      const a = seen.get(p.id)!;
      for (const f of ['mobile', 'idNumber', 'birthDate', 'address', 'gender'] as const) {
        if (p[f] && a[f] === p[f]) leaks.push(`${p.id}.${f}`);
        // Whoever may reveal gets the value, so the comparison above can fail.
        expect(clear.get(p.id)![f]).toBe(p[f]);
      }
      if (p.birthDate) expect(a.birthDate).toBe(BIRTH_DATE_MASK);
      // Not even elsewhere in the answer.
      if (p.idNumber && auditor.text.includes(p.idNumber)) leaks.push(`${p.id}.idNumber in the text`);
      if (p.mobile && auditor.text.includes(p.mobile)) leaks.push(`${p.id}.mobile in the text`);
    }
    const seenContacts = rowsOf(auditor.page, 'contact');
    for (const k of contacts) if (k.mobile && seenContacts.get(k.id)?.mobile === k.mobile) leaks.push(`contact ${k.id}.mobile`);
    expect(leaks).toEqual([]);
  });

  it("an auditor's search does not match mobiles: the digit-by-digit attack finds nothing (a super admin's succeeds)", async () => {
    const target = (await people()).find((p) => p.mobile && /^1\d{10}$/.test(p.mobile))!;
    const digits = target.mobile!;
    // What the attacker starts from: the mask every list shows (138****5678).
    const shown = await ok<{ employee: { mobile: string } }>(cores.auditor, 'employees.get', { id: target.id });
    expect(shown.employee.mobile).toBe(`${digits.slice(0, 3)}****${digits.slice(-4)}`);

    /** Guesses the hidden digits right to left, keeping a guess when the search lists the target. */
    async function attack(core: Core): Promise<{ recovered: string | null; searches: number }> {
      let known = digits.slice(-4);
      let searches = 0;
      for (let hidden = 4; hidden > 0; hidden--) {
        let found = false;
        for (let d = 0; d <= 9 && !found; d++) {
          searches++;
          const r = await ok<{ rows: SearchHit[] }>(core, 'org.search', { query: `${d}${known}`, limit: 200 });
          if (r.rows.some((h) => h.id === target.id)) {
            known = `${d}${known}`;
            found = true;
          }
        }
        if (!found) return { recovered: null, searches };
      }
      return { recovered: digits.slice(0, 3) + known, searches };
    }

    expect((await attack(cores.super_admin)).recovered).toBe(digits);
    const byAuditor = await attack(cores.auditor);
    expect(byAuditor).toEqual({ recovered: null, searches: 10 });
    // The whole number, or the digits the mask shows, find no one either.
    for (const query of [digits, digits.slice(-4), digits.slice(0, 3) + digits.slice(-4)]) {
      const r = await ok<{ rows: SearchHit[] }>(cores.auditor, 'org.search', { query, limit: 200 });
      expect(r.rows.filter((h) => h.matched === 'mobile'), query).toEqual([]);
    }
  });

  const reveals = async (id: string) =>
    ((await cloud.db.execute(sql`select actor_id as "actorId", details from audit_event where tenant_id = ${DEMO_TENANT_ID} and action = 'audit.reveal' and target_id = ${id} order by seq`)) as unknown as { rows: { actorId: string; details: Record<string, unknown> }[] }).rows;

  it('a reveal is a cloud call: the value comes from the cloud with its audit.reveal event already on the chain, without the value', async () => {
    const target = (await people()).find((p) => p.idNumber)!;
    expect(await reveals(target.id)).toEqual([]);
    expect(await ok(cores.super_admin, 'employees.reveal', { id: target.id, field: 'idNumber' })).toEqual({ value: target.idNumber });
    // On the chain at once: nothing was left to an outbox that might never be pushed.
    const events = await reveals(target.id);
    expect(events).toEqual([{ actorId: account('super_admin').id, details: { field: 'idNumber' } }]);
    expect(JSON.stringify(events)).not.toContain(target.idNumber!);
  });

  it('who may reveal: not an auditor (console and cloud), and an org admin only inside its departments; a refusal leaves no value and no event', async () => {
    const target = (await people()).find((p) => p.mobile)!;
    const before = (await reveals(target.id)).length;
    const byAuditor = await cores.auditor.invoke('employees.reveal', { id: target.id, field: 'mobile' });
    expect(byAuditor.ok ? 'ok' : byAuditor.error.code).toBe('FORBIDDEN');
    const direct = await http('POST', '/org/reveal', await tokenOf('auditor'), { id: target.id, field: 'mobile' });
    expect(direct.status).toBe(403);
    expect(direct.text).not.toContain(target.mobile!);
    // An org admin: its cache holds who it may see; anyone else is answered like a missing row.
    let outside: Awaited<ReturnType<typeof people>>[number] | undefined;
    for (const p of await people()) {
      if (p.idNumber && !(await cores.org_admin.invoke('employees.get', { id: p.id })).ok) {
        outside = p;
        break;
      }
    }
    if (!outside) throw new Error('no employee outside the org admin\'s departments');
    const outsideBefore = (await reveals(outside.id)).length;
    const refused = await cores.org_admin.invoke('employees.reveal', { id: outside.id, field: 'idNumber' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('NOT_FOUND');
    expect((await reveals(outside.id)).length).toBe(outsideBefore);
    expect((await reveals(target.id)).length).toBe(before);
  });

  it('an org admin pulling from cursor 1 gets no tombstone for a row it could never hold, requests included; a row leaving its scope still goes', async () => {
    const all = new Set((await firstPull('super_admin')).page.changes.map((c) => `${c.entity}:${c.id}`));
    const token = await tokenOf('org_admin');
    const first = (await http('GET', '/sync/pull?cursor=0&limit=100000', token)).json as PullPageBody;
    const held = new Set(first.changes.map((c) => `${c.entity}:${c.id}`));
    const again = (await http('GET', `/sync/pull?cursor=1&limit=100000&scope=${encodeURIComponent(first.scope)}`, token)).json as PullPageBody;
    const leaked = again.changes.filter((c) => c.deleted && all.has(`${c.entity}:${c.id}`) && !held.has(`${c.entity}:${c.id}`));
    expect(leaked.length, 'tombstones of live rows outside the scope').toBe(0);
    expect(again.changes.filter((c) => c.entity === 'dataSubjectRequest')).toEqual([]);
    // A row that leaves the scope after the cursor still reaches the console as a tombstone.
    const mine = first.changes.find((c) => c.entity === 'employee' && c.data)!;
    const elsewhere = (await firstPull('super_admin')).page.changes.find((c) => c.entity === 'department' && !held.has(`department:${c.id}`))!;
    const moved = await http('POST', '/sync/push', await tokenOf('super_admin'), {
      clientId: ulid(),
      commands: [{ id: ulid(), name: 'employee.update', args: { id: mine.id, patch: { departmentIds: [elsewhere.id], primaryDepartmentId: elsewhere.id } }, baseVersion: mine.version }],
    });
    expect((moved.json as { results: { status: string }[] }).results[0]!.status).toBe('applied');
    const after = (await http('GET', `/sync/pull?cursor=${first.to}&limit=100000&scope=${encodeURIComponent(first.scope)}`, token)).json as PullPageBody;
    expect(after.changes.find((c) => c.id === mine.id)).toMatchObject({ deleted: true, data: null });
  });

  it('offline, a reveal says it needs the cloud (the cache is never read for it)', async () => {
    const target = (await people()).find((p) => p.idNumber)!;
    await cloud.close();
    cloudClosed = true;
    const r = await cores.super_admin.invoke('employees.reveal', { id: target.id, field: 'idNumber' });
    expect(r.ok ? 'ok' : r.error).toMatchObject({ code: 'CLOUD_UNREACHABLE', message: expect.stringMatching(/needs the cloud/) });
  });
});
