import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { PullPageSchema, TokensSchema, type Tokens } from '../../shared/cloud-protocol.js';
import { PushResponseSchema, type CommandResult } from '../../shared/commands.js';
import { createCloudApp } from '../app.js';
import { loadServiceSecret } from '../auth/secret.js';
import { adminUser, department, employee, refreshToken } from '../db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_ORG_ADMIN_EMAIL, DEMO_ORG_ADMIN_SCOPE, DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { BACKENDS, type TestDb } from '../test/backends.js';

const SEED = { scale: 'S' as const, seed: 'org-commands', departments: 20, employees: 80, customers: 30, approvals: 10 };
const T = DEMO_TENANT_ID;

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`organisation commands on ${backend.name}`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createCloudApp>;
    let admin: Tokens;
    let org: Tokens;
    const client = ulid();

    const signIn = async (email: string, password = DEMO_ADMIN_PASSWORD) => {
      const res = await app.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    const run = async (who: Tokens, name: string, args: unknown, baseVersion = 0): Promise<CommandResult> => {
      const res = await app.request('/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${who.accessToken}` },
        body: JSON.stringify({ clientId: client, commands: [{ id: ulid(), name, args, baseVersion }] }),
      });
      expect(res.status).toBe(200);
      return PushResponseSchema.parse(await res.json()).results[0]!;
    };
    const reason = (r: CommandResult) => (r.status === 'rejected' ? `${r.reason}: ${r.message}` : 'applied');
    const dept = async (id: string) => (await t.db.select().from(department).where(and(eq(department.tenantId, T), eq(department.id, id))))[0];
    const emp = async (id: string) => (await t.db.select().from(employee).where(and(eq(employee.tenantId, T), eq(employee.id, id))))[0];
    const newEmployee = (over: Record<string, unknown> = {}) => ({
      name: '测试员工', pinyin: 'ce shi yuan gong', employeeNo: `T${Math.floor(Math.random() * 1e9)}`, mobile: null, email: null, title: null, rank: null,
      departmentIds: ['d00002'], primaryDepartmentId: 'd00002', managerId: null, hireDate: '2026-01-05', status: 'active', idNumber: null, gender: null, birthDate: null, address: null,
      ...over,
    });

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, SEED);
      app = createCloudApp({ db: t.db, kind: t.kind, secret: await loadServiceSecret(t.db) });
      admin = TokensSchema.parse((await signIn(DEMO_ADMIN_EMAIL)).body);
      org = TokensSchema.parse((await signIn(DEMO_ORG_ADMIN_EMAIL)).body);
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('creates, renames and moves departments; refuses cycles, duplicate sibling names and moving the root', async () => {
      const a = ulid();
      const b = ulid();
      expect(reason(await run(admin, 'department.create', { id: a, values: { parentId: 'd00001', name: 'Dept A', sort: 9, managerId: null } }))).toBe('applied');
      expect(reason(await run(admin, 'department.create', { id: b, values: { parentId: a, name: 'Dept B', sort: 0, managerId: null } }))).toBe('applied');
      expect(reason(await run(admin, 'department.create', { id: ulid(), values: { parentId: 'd00001', name: 'dept a', sort: 0, managerId: null } }))).toMatch(/^invalid: A department with this name/);
      expect(reason(await run(admin, 'department.update', { id: a, patch: { parentId: b } }))).toMatch(/^invalid: .*under itself/);
      expect(reason(await run(admin, 'department.update', { id: a, patch: { parentId: a } }))).toMatch(/^invalid/);
      expect(reason(await run(admin, 'department.update', { id: 'd00001', patch: { parentId: a } }))).toMatch(/^invalid: The top/);
      expect(reason(await run(admin, 'department.update', { id: b, patch: { parentId: 'd00001', name: 'Dept B moved' } }))).toBe('applied');
      expect(await dept(b)).toMatchObject({ parentId: 'd00001', name: 'Dept B moved', scope: [b] });
    });

    it('refuses to delete a department with members or sub-departments, with the reason; deletes an empty one', async () => {
      const r = await run(admin, 'department.delete', { id: 'd00002' });
      expect(reason(r)).toMatch(/^invalid: This department still has \d+ sub-department\(s\) and \d+ member\(s\)/);
      const empty = ulid();
      await run(admin, 'department.create', { id: empty, values: { parentId: 'd00001', name: 'Empty', sort: 0, managerId: null } });
      expect(reason(await run(admin, 'department.delete', { id: empty }))).toBe('applied');
      expect(await dept(empty)).toMatchObject({ deleted: true });
    });

    it('merges a department: members and sub-departments move, the source is tombstoned, org admins resync', async () => {
      const source = ulid();
      const child = ulid();
      const person = ulid();
      await run(admin, 'department.create', { id: source, values: { parentId: DEMO_ORG_ADMIN_SCOPE, name: 'To merge', sort: 0, managerId: null } });
      await run(admin, 'department.create', { id: child, values: { parentId: source, name: 'Child', sort: 0, managerId: null } });
      expect(reason(await run(admin, 'employee.create', { id: person, values: newEmployee({ departmentIds: [source], primaryDepartmentId: source }) }))).toBe('applied');
      const before = PullPageSchema.parse(await (await app.request(`/sync/pull?cursor=0&limit=1`, { headers: { authorization: `Bearer ${org.accessToken}` } })).json());
      expect(reason(await run(admin, 'department.merge', { id: source, into: 'd00001' }))).toBe('applied');
      expect(await dept(source)).toMatchObject({ deleted: true });
      expect(await dept(child)).toMatchObject({ parentId: 'd00001' });
      expect(await emp(person)).toMatchObject({ departmentIds: ['d00001'], primaryDepartmentId: 'd00001', scope: ['d00001'] });
      // The tree changed shape: an org admin's cursor built before is answered with reset.
      const scope = before.kind === 'page' ? before.scope : '';
      const after = PullPageSchema.parse(await (await app.request(`/sync/pull?cursor=1&scope=${scope}`, { headers: { authorization: `Bearer ${org.accessToken}` } })).json());
      expect(after.kind).toBe('reset');
    });

    it('creates employees with unique employee no., mobile (+86 or not) and email', async () => {
      const existing = (await t.db.select().from(employee).where(and(eq(employee.tenantId, T), sql`${employee.mobile} like '1%'`)).limit(1))[0]!;
      expect(reason(await run(admin, 'employee.create', { id: ulid(), values: newEmployee({ employeeNo: existing.employeeNo }) }))).toMatch(/employee no\./);
      expect(reason(await run(admin, 'employee.create', { id: ulid(), values: newEmployee({ mobile: `+86 ${existing.mobile}` }) }))).toMatch(/mobile/);
      expect(reason(await run(admin, 'employee.create', { id: ulid(), values: newEmployee({ email: existing.email!.toUpperCase() }) }))).toMatch(/email/);
      expect(reason(await run(admin, 'employee.create', { id: ulid(), values: newEmployee({ departmentIds: ['nope'], primaryDepartmentId: 'nope' }) }))).toMatch(/^invalid: departmentIds/);
      const id = ulid();
      expect(reason(await run(admin, 'employee.create', { id, values: newEmployee({ email: 'New.Person@Example.com', mobile: '13900001111' }) }))).toBe('applied');
      expect(await emp(id)).toMatchObject({ email: 'new.person@example.com', status: 'active' });
      // Moving to another department re-scopes the employee.
      expect(reason(await run(admin, 'employee.update', { id, patch: { departmentIds: ['d00003', 'd00004'], primaryDepartmentId: 'd00004' } }, (await emp(id))!.version))).toBe('applied');
      expect(await emp(id)).toMatchObject({ scope: ['d00003', 'd00004'], primaryDepartmentId: 'd00004' });
    });

    it('imports all or nothing: one duplicate in the batch and nothing is written', async () => {
      const dep = ulid();
      const bad = await run(admin, 'org.import', {
        id: ulid(),
        departments: [{ id: dep, parentId: 'd00001', name: 'Imported', sort: 0, managerId: null }],
        employees: [
          { id: ulid(), values: newEmployee({ employeeNo: 'IMP1', departmentIds: [dep], primaryDepartmentId: dep }) },
          { id: ulid(), values: newEmployee({ employeeNo: 'IMP1', departmentIds: [dep], primaryDepartmentId: dep }) },
        ],
      });
      expect(reason(bad)).toMatch(/^invalid: Already used/);
      expect(await dept(dep)).toBeUndefined();
      const good = await run(admin, 'org.import', {
        id: ulid(),
        departments: [{ id: dep, parentId: 'd00001', name: 'Imported', sort: 0, managerId: null }],
        employees: [
          { id: ulid(), values: newEmployee({ employeeNo: 'IMP1', departmentIds: [dep], primaryDepartmentId: dep }) },
          { id: ulid(), values: newEmployee({ employeeNo: 'IMP2', departmentIds: [dep], primaryDepartmentId: dep }) },
        ],
      });
      expect(reason(good)).toBe('applied');
      const rows = await t.db.select().from(employee).where(and(eq(employee.tenantId, T), sql`${employee.employeeNo} in ('IMP1', 'IMP2')`));
      expect(rows).toHaveLength(2);
    });

    it('assigns and revokes roles: only super admins grant tenant-wide roles; revoking ends the sessions', async () => {
      const person = ulid();
      await run(admin, 'employee.create', { id: person, values: newEmployee({ email: 'future.admin@example.com', departmentIds: [DEMO_ORG_ADMIN_SCOPE], primaryDepartmentId: DEMO_ORG_ADMIN_SCOPE }) });
      expect(reason(await run(org, 'adminRole.assign', { id: ulid(), values: { employeeId: person, role: 'super_admin', scopeDepartmentIds: [] } }))).toMatch(/^forbidden/);
      expect(reason(await run(org, 'adminRole.assign', { id: ulid(), values: { employeeId: person, role: 'org_admin', scopeDepartmentIds: ['d00001'] } }))).toMatch(/^forbidden: scopeDepartmentIds/);
      const assignment = ulid();
      expect(reason(await run(org, 'adminRole.assign', { id: assignment, values: { employeeId: person, role: 'org_admin', scopeDepartmentIds: [DEMO_ORG_ADMIN_SCOPE] } }))).toBe('applied');
      const [account] = await t.db.select().from(adminUser).where(eq(adminUser.email, 'future.admin@example.com'));
      expect(account).toMatchObject({ role: 'org_admin', disabled: false });
      // It cannot sign in before activation (no password yet).
      expect((await signIn('future.admin@example.com', 'anything')).status).toBe(401);
      expect(reason(await run(org, 'adminRole.revoke', { id: 'ra-demo-admin' }))).toMatch(/^(forbidden|not_found)/);
      expect(reason(await run(admin, 'adminRole.revoke', { id: 'ra-demo-admin' }))).toMatch(/^invalid: You cannot revoke your own/);
      // Revoking the org admin's own assignment disables it and ends its sessions.
      expect(reason(await run(admin, 'adminRole.revoke', { id: 'ra-demo-orgadmin' }))).toBe('applied');
      const tokens = await t.db.select().from(refreshToken).where(eq(refreshToken.userId, 'demo-orgadmin'));
      expect(tokens.every((r) => r.revokedAt !== null)).toBe(true);
      expect((await signIn(DEMO_ORG_ADMIN_EMAIL)).status).toBe(403);
    });

    it('records a reveal of a sensitive field in the audit log, without the value', async () => {
      const r = await run(admin, 'audit.reveal', { id: 'e000005', field: 'idNumber', at: new Date().toISOString() });
      expect(reason(r)).toBe('applied');
      const events = (await t.db.execute(sql`select details from audit_event where tenant_id = ${T} and action = 'audit.reveal' and target_id = 'e000005'`)) as unknown as { rows: { details: Record<string, unknown> }[] };
      expect(events.rows).toHaveLength(1);
      expect(events.rows[0]!.details).toMatchObject({ field: 'idNumber' });
      const idNumber = (await emp('e000005'))!.idNumber;
      if (idNumber) expect(JSON.stringify(events.rows[0]!.details)).not.toContain(idNumber);
    });
  });
}
