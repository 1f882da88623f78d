import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudApp } from '../../cloud/app.js';
import { hashPassword } from '../../cloud/auth/passwords.js';
import { ENDPOINT_ROLES, PUBLIC_ENDPOINTS } from '../../cloud/auth/endpoints.js';
import { adminUser, department, employee, tenant } from '../../cloud/db/schema.js';
import { DEMO_ACCOUNTS, DEMO_ADMIN_PASSWORD, DEMO_ORG_ADMIN_SCOPE, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { startForkedCore } from '../../electron/core/process/fork.js';
import type { CoreSupervisor } from '../../electron/core/process/supervisor.js';
import { silentLogger } from '../../electron/core/logging.js';
import { COMMAND_NAMES, commands, type CommandResult } from '../../shared/commands.js';
import { contract, type OperationName } from '../../shared/contract.js';
import { ROLES, type Role } from '../../shared/roles.js';

/**
 * Every operation of the contract and every cloud route and command, called as every role, a
 * signed-out console, no token and a disabled account, against a real cloud (PGlite) and real
 * cores: allowed or refused exactly as declared. The lists come from the declarations
 * themselves (contract, commands, the app's own routes), so an operation without a rule fails.
 */
const ROOT = resolve(import.meta.dirname, '../..');
type Actor = Role | 'signed-out';
const ACTORS: Actor[] = ['signed-out', ...ROLES];
const account = (role: Role) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

let cloud: RunningCloud;
const tokens = {} as Record<Role, string>;
const cores = {} as Record<Actor, CoreSupervisor>;
const dirs: string[] = [];

async function http(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(cloud.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

async function signInToken(email: string): Promise<string> {
  const r = await http('POST', '/auth/sign-in', null, { email, password: DEMO_ADMIN_PASSWORD });
  expect(r.status).toBe(200);
  return (r.json as { accessToken: string }).accessToken;
}

async function push(token: string, name: string, args: unknown, baseVersion = 0): Promise<CommandResult> {
  const r = await http('POST', '/sync/push', token, { clientId: ulid(), commands: [{ id: ulid(), name, args, baseVersion }] });
  expect(r.status, `${name}: ${JSON.stringify(r.json)}`).toBe(200);
  return (r.json as { results: CommandResult[] }).results[0]!;
}

/** The demo tenant's departments, and those inside the demo org admin's subtree. */
async function orgAdminDepartments() {
  const tree = await cloud.db.select({ id: department.id, parentId: department.parentId }).from(department).where(eq(department.tenantId, DEMO_TENANT_ID));
  const inside = new Set([DEMO_ORG_ADMIN_SCOPE]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of tree) if (d.parentId && inside.has(d.parentId) && !inside.has(d.id)) grew = inside.add(d.id) !== undefined;
  }
  return { tree, inside };
}

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
  for (const role of ROLES) tokens[role] = await signInToken(account(role).email);
  for (const actor of ACTORS) {
    const dataDir = mkdtempSync(join(tmpdir(), `custos-rbac-${actor}-`));
    dirs.push(dataDir);
    // Each console's core in a process of its own, reached through the host's relay, as the hosts run it.
    cores[actor] = await startForkedCore({ dataDir, cloudUrl: cloud.url, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', autoSync: false }, { cacheKey: randomBytes(32), logger: silentLogger, echo: false });
    if (actor !== 'signed-out') {
      const r = await cores[actor].invoke('session.signIn', { email: account(actor).email, password: DEMO_ADMIN_PASSWORD });
      expect(r.ok).toBe(true);
    }
  }
  // Let the first syncs finish, so the matrix meets settled consoles.
  for (const actor of ROLES) await cores[actor].invoke('sync.now', {});
});

afterAll(async () => {
  for (const core of Object.values(cores)) await core.close();
  await cloud?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('RBAC matrix', () => {
  it('console: every contract operation × every role is allowed or refused as declared', async () => {
    // Locking and signing out change what follows them: they run last.
    const last: OperationName[] = ['session.lock', 'session.signOut'];
    const names = (Object.keys(contract) as OperationName[]).filter((n) => !last.includes(n)).sort();
    expect(names.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const name of names) {
      const roles = contract[name].roles;
      for (const actor of ACTORS) {
        // An empty input: a refused caller must be refused before the input is even looked at.
        const r = await cores[actor].invoke(name, {});
        const code = r.ok ? 'ok' : r.error.code;
        const expected = roles === 'public' ? 'allowed' : actor === 'signed-out' ? 'UNAUTHENTICATED' : roles.includes(actor) ? 'allowed' : 'FORBIDDEN';
        const outcome = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'allowed';
        if (outcome !== expected) wrong.push(`${name} as ${actor}: expected ${expected}, got ${code}`);
      }
    }
    for (const name of last) {
      for (const actor of ACTORS) {
        const r = await cores[actor].invoke(name, {});
        const code = r.ok ? 'ok' : r.error.code;
        if (code !== (actor === 'signed-out' ? 'UNAUTHENTICATED' : 'ok')) wrong.push(`${name} as ${actor}: got ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  // That every outbox command's contract operation carries the command's roles is shared/contract.test.ts.

  it('console: an operation answered by a cloud endpoint allows no role the endpoint refuses', () => {
    const answeredBy: Partial<Record<OperationName, keyof typeof ENDPOINT_ROLES>> = {
      'retention.dryRun': 'POST /retention/dry-run',
      'retention.runs': 'GET /retention/runs',
      'retention.runNow': 'POST /retention/run-now',
      'requests.auditRecords': 'POST /requests/audit-records',
      'employees.reveal': 'POST /org/reveal',
    };
    for (const [op, endpoint] of Object.entries(answeredBy) as [OperationName, keyof typeof ENDPOINT_ROLES][]) {
      const roles = contract[op].roles;
      expect(roles).not.toBe('public');
      for (const role of roles as readonly Role[]) expect(ENDPOINT_ROLES[endpoint], `${op} as ${role}`).toContain(role);
    }
  });

  it('cloud: every route the app registers has a rule, and each role and a missing token get exactly it', async () => {
    const app = createCloudApp({ db: cloud.db, kind: cloud.kind, secret: new Uint8Array(32) });
    const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
    const declared = [...PUBLIC_ENDPOINTS, ...Object.keys(ENDPOINT_ROLES)].sort();
    expect(routes).toEqual(declared);
    const wrong: string[] = [];
    for (const endpoint of Object.keys(ENDPOINT_ROLES) as (keyof typeof ENDPOINT_ROLES)[]) {
      const [method, path] = endpoint.split(' ') as [string, string];
      const none = await http(method, path, null);
      if (none.status !== 401) wrong.push(`${endpoint} without a token: ${none.status}`);
      const forged = await http(method, path, 'eyJhbGciOiJIUzI1NiJ9.e30.forged');
      if (forged.status !== 401) wrong.push(`${endpoint} with a forged token: ${forged.status}`);
      for (const role of ROLES) {
        // The route's real work is not the point here (an empty body is often invalid): only whether the role got past the gate.
        const r = await http(method, path, tokens[role], {});
        const allowed = (ENDPOINT_ROLES[endpoint] as readonly Role[]).includes(role);
        if (allowed ? r.status === 401 || r.status === 403 : r.status !== 403) wrong.push(`${endpoint} as ${role}: ${r.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('cloud: every command × every role is refused as forbidden exactly when its rule says so', async () => {
    const wrong: string[] = [];
    for (const name of COMMAND_NAMES) {
      for (const role of ROLES) {
        const result = await push(tokens[role], name, {});
        const forbidden = result.status === 'rejected' && result.reason === 'forbidden';
        const allowed = (commands[name].roles as readonly Role[]).includes(role);
        if (forbidden === allowed) wrong.push(`${name} as ${role}: ${result.status}${result.status === 'rejected' ? ` (${result.reason})` : ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('who may pause a request\'s deadline: compliance officers and super admins only, in the console and the cloud', async () => {
    for (const name of ['request.pause', 'request.resume'] as const) {
      // The console's side is the first test's (every operation × every role, from these declarations).
      expect([...commands[name].roles].sort(), name).toEqual(['compliance_officer', 'super_admin']);
      expect(contract[name].roles).toEqual(commands[name].roles);
      for (const role of ['org_admin', 'auditor'] as const) {
        expect(await push(tokens[role], name, { id: 'any', on: '2026-01-01' }), `${name} as ${role}`).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      }
      // Allowed past the role gate: the refusal is about the request, not the caller.
      expect(await push(tokens.compliance_officer, name, { id: 'no-such-request', reason: 'clarification', note: 'probe', from: '2026-01-01', on: '2026-01-01' })).not.toMatchObject({ reason: 'forbidden' });
    }
  });

  it('who may import or remove a holiday schedule, and read the schedules: compliance officers and super admins only', async () => {
    const schedule = { id: '2031', year: 2031, notice: null, entries: [{ kind: 'off', from: '2031-01-01', to: '2031-01-01', name: '元旦' }] };
    for (const name of ['holidayCalendar.import', 'holidayCalendar.remove'] as const) {
      // The console's side is the first test's (every operation × every role, from these declarations).
      expect([...commands[name].roles].sort(), name).toEqual(['compliance_officer', 'super_admin']);
      expect(contract[name].roles).toEqual(commands[name].roles);
      for (const role of ['org_admin', 'auditor'] as const) expect(await push(tokens[role], name, schedule), `${name} as ${role}`).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    }
    expect(contract['holidays.list'].roles).toEqual(commands['holidayCalendar.import'].roles);
    // Allowed past the role gate: applied, then removed (the refusal of a second removal is about the year, not the caller).
    expect(await push(tokens.compliance_officer, 'holidayCalendar.import', schedule)).toMatchObject({ status: 'applied' });
    expect(await push(tokens.super_admin, 'holidayCalendar.remove', { id: '2031' })).toMatchObject({ status: 'applied' });
    expect(await push(tokens.compliance_officer, 'holidayCalendar.remove', { id: '2031' })).toMatchObject({ status: 'rejected', reason: 'not_found' });
  });

  it('who may keep the incident register: compliance officers and super admins; auditors read it; org admins see none', async () => {
    const INCIDENT_COMMANDS = COMMAND_NAMES.filter((n) => n.startsWith('incident.'));
    expect(INCIDENT_COMMANDS.length).toBe(8);
    for (const name of INCIDENT_COMMANDS) {
      // The console's side is the first test's (every operation × every role, from these declarations).
      expect([...commands[name].roles].sort(), name).toEqual(['compliance_officer', 'super_admin']);
      expect(contract[name as OperationName].roles).toEqual(commands[name].roles);
      for (const role of ['org_admin', 'auditor'] as const) expect(await push(tokens[role], name, { id: 'any' }), `${name} as ${role}`).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    }
    for (const name of ['incidents.list', 'incidents.get', 'incidents.counts', 'incidents.report'] as const) expect([...(contract[name].roles as Role[])].sort(), name).toEqual(['auditor', 'compliance_officer', 'super_admin']);
    for (const name of ['incidents.findAffected', 'incidents.notices'] as const) expect([...(contract[name].roles as Role[])].sort(), name).toEqual(['compliance_officer', 'super_admin']);
    // Allowed past the role gate: recorded by an officer, then pulled by an auditor and never by an org admin.
    const id = ulid();
    const facts = { title: 'RBAC probe', discoveredAt: new Date(Date.now() - 3_600_000).toISOString(), timeZone: 'Asia/Shanghai', occurredFrom: null, occurredTo: null, description: '', cause: '', systems: [], fields: [], sensitive: false, euSubjects: false, regulatorHours: null, noticeDays: 30, ownerId: null };
    expect(await push(tokens.compliance_officer, 'incident.record', { id, ...facts })).toMatchObject({ status: 'applied' });
    // (The consoles are signed out by the first test: the pull is asked of the cloud directly.)
    const pulled = async (role: Role) => {
      const ids: string[] = [];
      for (let cursor = 0, head = -1; cursor !== head; ) {
        const page = (await http('GET', `/sync/pull?cursor=${cursor}&limit=100000`, tokens[role])).json as { to: number; head: number; changes: { entity: string; id: string; deleted: boolean }[] };
        for (const c of page.changes) if (c.entity === 'securityIncident' && !c.deleted) ids.push(c.id);
        [cursor, head] = [page.to, page.head];
      }
      return ids;
    };
    expect(await pulled('auditor')).toContain(id);
    expect(await pulled('org_admin')).toEqual([]);
  });

  it('cloud: an org admin edits inside its departments and is refused outside them', async () => {
    const { tree: departments, inside } = await orgAdminDepartments();
    const people = await cloud.db
      .select({ id: employee.id, version: employee.version, departmentIds: employee.departmentIds })
      .from(employee)
      .where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false)));
    const mine = people.find((p) => p.departmentIds.length > 0 && p.departmentIds.every((d) => inside.has(d)))!;
    const theirs = people.find((p) => p.departmentIds.length > 0 && p.departmentIds.every((d) => !inside.has(d)))!;
    expect(mine && theirs).toBeTruthy();
    const orgAdmin = tokens.org_admin;
    expect(await push(orgAdmin, 'employee.update', { id: mine.id, patch: { title: 'RBAC probe' } }, mine.version)).toMatchObject({ status: 'applied' });
    expect(await push(orgAdmin, 'employee.update', { id: theirs.id, patch: { title: 'RBAC probe' } }, theirs.version)).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    const outsideDept = departments.find((d) => !inside.has(d.id) && d.parentId !== null)!;
    expect(await push(orgAdmin, 'department.update', { id: outsideDept.id, patch: { name: 'Renamed by RBAC probe' } })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    // The super admin is not scoped.
    expect(await push(tokens.super_admin, 'employee.update', { id: theirs.id, patch: { title: 'RBAC probe' } }, theirs.version)).toMatchObject({ status: 'applied' });
  });

  it('cloud: role changes × every target — an org admin changes only org admins wholly inside its departments; nobody revives a departed employee', async () => {
    const { tree, inside } = await orgAdminDepartments();
    const child = tree.find((d) => d.parentId === DEMO_ORG_ADMIN_SCOPE)!.id;
    const outside = tree.find((d) => d.parentId !== null && !inside.has(d.id))!.id;
    const root = tree.find((d) => d.parentId === null)!.id;
    const person = (email: string) => ({
      name: '目标', pinyin: 'mu biao', employeeNo: `RB${ulid()}`, mobile: null, email, title: null, rank: null, departmentIds: [DEMO_ORG_ADMIN_SCOPE], primaryDepartmentId: DEMO_ORG_ADMIN_SCOPE,
      managerId: null, hireDate: '2026-01-05', status: 'active', idNumber: null, gender: null, birthDate: null, address: null,
    });
    /** An employee in the org admin's departments carrying `email`, and the assignment that gave its account `role` (made by the super admin). */
    const target = async (role: Role | null, scope: string[], email = `target-${ulid().toLowerCase()}@example.com`) => {
      const employeeId = ulid();
      expect(await push(tokens.super_admin, 'employee.create', { id: employeeId, values: person(email) })).toMatchObject({ status: 'applied' });
      const assignmentId = ulid();
      if (role) expect(await push(tokens.super_admin, 'adminRole.assign', { id: assignmentId, values: { employeeId, role, scopeDepartmentIds: scope } })).toMatchObject({ status: 'applied' });
      return { employeeId, email, assignmentId };
    };
    const accountOf = async (email: string) => (await cloud.db.select().from(adminUser).where(eq(adminUser.email, email)))[0];
    // Another tenant's account: refused in the same words as any account the caller may not change.
    await cloud.db.insert(tenant).values({ id: 'rbac-other-tenant', name: 'Other' }).onConflictDoNothing();
    await cloud.db.insert(adminUser).values({ id: 'rbac-other-admin', tenantId: 'rbac-other-tenant', email: 'someone@other-tenant.example', name: 'Other', passwordHash: '!x', role: 'super_admin' }).onConflictDoNothing();
    const disabled = await target('org_admin', [child]);
    expect(await push(tokens.super_admin, 'adminRole.revoke', { id: disabled.assignmentId })).toMatchObject({ status: 'applied' });
    const targets = {
      'the super admin (demo account)': { ...(await target(null, [], account('super_admin').email)), assignmentId: `ra-${account('super_admin').id}`, orgAdmin: false },
      'another super admin': { ...(await target('super_admin', [])), orgAdmin: false },
      'a compliance officer': { ...(await target('compliance_officer', [])), orgAdmin: false },
      'an auditor': { ...(await target('auditor', [])), orgAdmin: false },
      'an org admin of the whole tree': { ...(await target('org_admin', [root])), orgAdmin: false },
      'an org admin straddling in and out': { ...(await target('org_admin', [DEMO_ORG_ADMIN_SCOPE, outside])), orgAdmin: false },
      'a disabled org admin inside': { ...disabled, orgAdmin: false },
      'an account of another tenant': { ...(await target(null, [], 'someone@other-tenant.example')), assignmentId: 'none', orgAdmin: false },
      'an org admin inside': { ...(await target('org_admin', [child])), orgAdmin: true },
    };
    const wrong: string[] = [];
    const refusals = new Set<string>();
    const reassigned = ulid();
    for (const [name, t] of Object.entries(targets)) {
      const before = await accountOf(t.email);
      const assigned = await push(tokens.org_admin, 'adminRole.assign', { id: t.orgAdmin ? reassigned : ulid(), values: { employeeId: t.employeeId, role: 'org_admin', scopeDepartmentIds: [DEMO_ORG_ADMIN_SCOPE] } });
      if ((assigned.status === 'applied') !== t.orgAdmin) wrong.push(`org admin assigns ${name}: ${JSON.stringify(assigned)}`);
      if (assigned.status === 'rejected') refusals.add(assigned.message);
      if (!t.orgAdmin) {
        const revoked = t.assignmentId === 'none' ? null : await push(tokens.org_admin, 'adminRole.revoke', { id: t.assignmentId });
        if (revoked && revoked.status === 'applied') wrong.push(`org admin revokes ${name}: applied`);
        const after = await accountOf(t.email);
        if (JSON.stringify(after) !== JSON.stringify(before)) wrong.push(`${name}: account changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
      }
    }
    expect(wrong).toEqual([]);
    // One answer for an email of another tenant and an email of this one the caller may not take: nothing to learn about other tenants.
    expect([...refusals]).toEqual([expect.stringMatching(/this email belongs to an account whose role you may not change/)]);
    const inner = targets['an org admin inside'];
    expect(await push(tokens.org_admin, 'adminRole.revoke', { id: reassigned })).toMatchObject({ status: 'applied' });
    expect(await accountOf(inner.email)).toMatchObject({ role: 'org_admin', disabled: true });
    // An org admin's assignment does not revive the account it disabled; a super admin's does.
    expect(await push(tokens.org_admin, 'adminRole.assign', { id: ulid(), values: { employeeId: inner.employeeId, role: 'org_admin', scopeDepartmentIds: [child] } })).toMatchObject({ status: 'rejected' });
    expect(await push(tokens.super_admin, 'adminRole.assign', { id: ulid(), values: { employeeId: inner.employeeId, role: 'org_admin', scopeDepartmentIds: [child] } })).toMatchObject({ status: 'applied' });
    expect(await accountOf(inner.email)).toMatchObject({ role: 'org_admin', disabled: false });

    // A departed employee comes back only through rehire: an edit of its status is refused for every role that may edit.
    const departed = (
      await cloud.db
        .select({ id: employee.id, version: employee.version, departmentIds: employee.departmentIds })
        .from(employee)
        .where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false), eq(employee.status, 'departed')))
    ).find((e) => e.departmentIds.every((d) => inside.has(d)));
    expect(departed).toBeTruthy();
    for (const role of ['org_admin', 'super_admin'] as const) {
      const r = await push(tokens[role], 'employee.update', { id: departed!.id, patch: { status: 'active' } }, departed!.version);
      expect(r, role).toMatchObject({ status: 'rejected', reason: 'invalid' });
    }
    expect((await cloud.db.select({ status: employee.status }).from(employee).where(eq(employee.id, departed!.id)))[0]).toEqual({ status: 'departed' });
  });

  it('cloud: a role change reaches a live token at once (a compliance officer demoted to auditor keeps no compliance access)', async () => {
    const employeeId = ulid();
    const email = `demoted-${employeeId.toLowerCase()}@example.com`;
    const values = {
      name: '降级', pinyin: 'jiang ji', employeeNo: `RD${employeeId}`, mobile: null, email, title: null, rank: null, departmentIds: [DEMO_ORG_ADMIN_SCOPE], primaryDepartmentId: DEMO_ORG_ADMIN_SCOPE,
      managerId: null, hireDate: '2026-01-05', status: 'active', idNumber: null, gender: null, birthDate: null, address: null,
    };
    expect(await push(tokens.super_admin, 'employee.create', { id: employeeId, values })).toMatchObject({ status: 'applied' });
    expect(await push(tokens.super_admin, 'adminRole.assign', { id: ulid(), values: { employeeId, role: 'compliance_officer', scopeDepartmentIds: [] } })).toMatchObject({ status: 'applied' });
    // Activation is another feature: the password is set here directly.
    await cloud.db.update(adminUser).set({ passwordHash: await hashPassword(DEMO_ADMIN_PASSWORD) }).where(eq(adminUser.email, email));
    const token = await signInToken(email);
    const audit = () => http('POST', '/requests/audit-records', token, { subjectType: 'employee', subjectId: 'nobody' });
    expect((await audit()).status).toBe(200);
    expect(await push(tokens.super_admin, 'adminRole.assign', { id: ulid(), values: { employeeId, role: 'auditor', scopeDepartmentIds: [] } })).toMatchObject({ status: 'applied' });
    expect((await audit()).status).toBe(401);
    expect((await http('GET', '/sync/pull?cursor=0&limit=1', token)).status).toBe(401);
    // Signing in again gives the new role, and only its rights.
    const again = await signInToken(email);
    expect((await http('POST', '/requests/audit-records', again, { subjectType: 'employee', subjectId: 'nobody' })).status).toBe(403);
  });

  it('cloud: a disabled account is refused at once, its still-unexpired token included', async () => {
    const auditor = account('auditor');
    const token = await signInToken(auditor.email);
    expect((await http('GET', '/sync/pull?cursor=0&limit=10', token)).status).toBe(200);
    await cloud.db.update(adminUser).set({ disabled: true }).where(eq(adminUser.id, auditor.id));
    try {
      expect((await http('GET', '/sync/pull?cursor=0&limit=10', token)).status).toBe(401);
      expect((await http('POST', '/sync/push', token, { clientId: ulid(), commands: [{ id: ulid(), name: 'audit.reveal', args: {}, baseVersion: 0 }] })).status).toBe(401);
      const again = await http('POST', '/auth/sign-in', null, { email: auditor.email, password: DEMO_ADMIN_PASSWORD });
      expect(again.status).toBe(403);
    } finally {
      await cloud.db.update(adminUser).set({ disabled: false }).where(eq(adminUser.id, auditor.id));
    }
  });
});
