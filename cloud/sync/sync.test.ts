import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { PULL_MAC_HEADER, PullPageSchema, TokensSchema, type Change, type PullPageBody, type Tokens } from '../../shared/cloud-protocol.js';
import { PushResponseSchema, type CommandResult, type PushedCommand } from '../../shared/commands.js';
import { createCloudApp } from '../app.js';
import { verifyAuditChain } from '../audit/chain.js';
import { loadServiceSecret } from '../auth/secret.js';
import { adminRoleAssignment, auditEvent, contact, customer, department, employee } from '../db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_AUDITOR_EMAIL, DEMO_ORG_ADMIN_EMAIL, DEMO_ORG_ADMIN_SCOPE, DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { subtreeOf } from '../scope/visibility.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { writeServerFields } from './versioning.js';

const SEED = { scale: 'S' as const, seed: 'sync-test', departments: 30, employees: 150, customers: 90, approvals: 40 };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`scoped pull and command push on ${backend.name}`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createCloudApp>;
    const sessions: Record<string, Tokens> = {};
    const clientA = ulid();
    const clientB = ulid();

    const signIn = async (email: string) => {
      const res = await app.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_ADMIN_PASSWORD }) });
      expect(res.status).toBe(200);
      return TokensSchema.parse(await res.json());
    };
    const pullAll = async (who: Tokens, from = 0, scope = '') => {
      const rows = new Map<string, Change>();
      let cursor = from;
      let fingerprint = scope;
      for (;;) {
        const res = await app.request(`/sync/pull?cursor=${cursor}&limit=500&scope=${encodeURIComponent(fingerprint)}`, { headers: { authorization: `Bearer ${who.accessToken}` } });
        // Every answer, page or reset, is signed over its exact bytes with the session's key.
        const text = await res.text();
        expect(res.headers.get(PULL_MAC_HEADER)).toBe(createHmac('sha256', Buffer.from(who.syncKey, 'base64url')).update(text).digest('base64url'));
        const page = PullPageSchema.parse(JSON.parse(text));
        if (page.kind === 'reset') return { reset: true as const, rows, cursor, scope: fingerprint };
        for (const ch of page.changes) rows.set(`${ch.entity}:${ch.id}`, ch);
        cursor = page.to;
        fingerprint = page.scope;
        if (page.to === page.head) return { reset: false as const, rows, cursor, scope: fingerprint, page: page as PullPageBody };
      }
    };
    const push = async (who: Tokens, clientId: string, commands: PushedCommand[]): Promise<CommandResult[]> => {
      const res = await app.request('/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${who.accessToken}` },
        body: JSON.stringify({ clientId, commands }),
      });
      expect(res.status).toBe(200);
      return PushResponseSchema.parse(await res.json()).results;
    };
    const versionOf = async (table: typeof customer | typeof employee | typeof department, id: string) =>
      Number((await t.db.select({ v: table.version }).from(table).where(and(eq(table.tenantId, DEMO_TENANT_ID), eq(table.id, id))))[0]?.v);
    const audits = async () => Number(((await t.db.execute(sql`select count(*)::int as n from audit_event where tenant_id = ${DEMO_TENANT_ID}`)) as unknown as { rows: { n: number }[] }).rows[0]?.n);

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, SEED);
      app = createCloudApp({ db: t.db, kind: t.kind, secret: await loadServiceSecret(t.db) });
      sessions.admin = await signIn(DEMO_ADMIN_EMAIL);
      sessions.org = await signIn(DEMO_ORG_ADMIN_EMAIL);
      sessions.auditor = await signIn(DEMO_AUDITOR_EMAIL);
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('sends an org admin only its department subtree (plus the public pool), a super admin everything', async () => {
      const all = await pullAll(sessions.admin!);
      const org = await pullAll(sessions.org!);
      const tree = await t.db.select({ id: department.id, parentId: department.parentId }).from(department);
      const subtree = subtreeOf(tree, [DEMO_ORG_ADMIN_SCOPE]);
      expect(subtree.size).toBeGreaterThan(1);
      expect(subtree.size).toBeLessThan(tree.length);
      const orgDepts = [...org.rows.values()].filter((c) => c.entity === 'department');
      expect(new Set(orgDepts.map((d) => d.id))).toEqual(subtree);
      const orgEmployees = [...org.rows.values()].filter((c) => c.entity === 'employee');
      expect(orgEmployees.length).toBeGreaterThan(0);
      for (const e of orgEmployees) expect((e.data as { departmentIds: string[] }).departmentIds.some((d) => subtree.has(d))).toBe(true);
      const allEmployees = [...all.rows.values()].filter((c) => c.entity === 'employee');
      expect(orgEmployees.length).toBeLessThan(allEmployees.length);
      // Public-pool customers are visible to everyone; owned ones only with their owner's departments.
      const orgCustomers = [...org.rows.values()].filter((c) => c.entity === 'customer').map((c) => c.data as { ownerEmployeeId: string | null });
      expect(orgCustomers.some((c) => c.ownerEmployeeId === null)).toBe(true);
      const orgEmployeeIds = new Set(orgEmployees.map((e) => e.id));
      for (const c of orgCustomers) if (c.ownerEmployeeId) expect(orgEmployeeIds.has(c.ownerEmployeeId)).toBe(true);
      expect(org.scope).toMatch(/^org:/);
      expect(all.scope).toBe('all');
      expect([...org.rows.values()].every((c) => !c.deleted)).toBe(true);
    });

    it('tombstones a row that leaves the scope, and resets a client whose scope changed', async () => {
      const org = await pullAll(sessions.org!);
      const inside = [...org.rows.values()].find((c) => c.entity === 'customer' && (c.data as { ownerEmployeeId: string | null }).ownerEmployeeId !== null)!;
      // The admin moves the customer to an owner outside the org admin's subtree.
      const outsider = (await t.db.select().from(employee).where(eq(employee.tenantId, DEMO_TENANT_ID))).find(
        (e) => e.status === 'active' && !e.departmentIds.some((d) => org.rows.has(`department:${d}`)),
      )!;
      const [r] = await push(sessions.admin!, clientA, [{ id: ulid(), name: 'customer.update', args: { id: inside.id, patch: { ownerEmployeeId: outsider.id } }, baseVersion: inside.version }]);
      expect(r).toMatchObject({ status: 'applied' });
      const next = await pullAll(sessions.org!, org.cursor, org.scope);
      expect(next.reset).toBe(false);
      expect(next.rows.get(`customer:${inside.id}`)).toMatchObject({ deleted: true, data: null });
      // Its contacts followed it out of scope.
      const contacts = await t.db.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, DEMO_TENANT_ID), eq(contact.customerId, inside.id)));
      expect(contacts.length).toBeGreaterThan(0);
      for (const c of contacts) expect(next.rows.get(`contact:${c.id}`)).toMatchObject({ deleted: true });

      // Widening the org admin's scope changes the fingerprint: the next pull answers reset.
      await t.db.update(adminRoleAssignment).set({ scopeDepartmentIds: [DEMO_ORG_ADMIN_SCOPE, 'd00003'] }).where(eq(adminRoleAssignment.userId, 'demo-orgadmin'));
      const after = await pullAll(sessions.org!, next.cursor, next.scope);
      expect(after.reset).toBe(true);
      const fresh = await pullAll(sessions.org!);
      expect(fresh.rows.has('department:d00003')).toBe(true);
      await t.db.update(adminRoleAssignment).set({ scopeDepartmentIds: [DEMO_ORG_ADMIN_SCOPE] }).where(eq(adminRoleAssignment.userId, 'demo-orgadmin'));
    });

    it('applies a command once: a replayed mutation id answers the first result with no second effect', async () => {
      const id = ulid();
      const base = await versionOf(customer, 'c0000005');
      const cmd = { id, name: 'customer.update', args: { id: 'c0000005', patch: { industry: 'energy' } }, baseVersion: base };
      const before = await audits();
      const [first] = await push(sessions.admin!, clientA, [cmd]);
      expect(first).toMatchObject({ id, status: 'applied' });
      const v = await versionOf(customer, 'c0000005');
      expect(first).toMatchObject({ version: v });
      const [again] = await push(sessions.admin!, clientA, [cmd]);
      expect(again).toEqual(first);
      expect(await versionOf(customer, 'c0000005')).toBe(v);
      expect(await audits()).toBe(before + 1);
      const [event] = await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, DEMO_TENANT_ID), eq(auditEvent.seq, before + 1)));
      expect(event).toMatchObject({ actorId: 'demo-admin', action: 'customer.update', targetType: 'customer', targetId: 'c0000005', details: { fields: ['industry'], mutationId: id } });
      expect(JSON.stringify(event?.details)).not.toContain('energy');
    });

    it('rejects with a reason: forbidden role, out of scope, invalid, not found', async () => {
      const base = await versionOf(customer, 'c0000006');
      const results = await push(sessions.auditor!, clientB, [{ id: ulid(), name: 'customer.update', args: { id: 'c0000006', patch: { industry: 'retail' } }, baseVersion: base }]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });

      const org = await pullAll(sessions.org!);
      const outside = (await t.db.select({ id: department.id }).from(department).where(eq(department.tenantId, DEMO_TENANT_ID))).find((d) => !org.rows.has(`department:${d.id}`))!;
      const [scoped] = await push(sessions.org!, clientB, [{ id: ulid(), name: 'department.update', args: { id: outside.id, patch: { name: 'Not mine' } }, baseVersion: 1 }]);
      expect(scoped).toMatchObject({ status: 'rejected', reason: 'forbidden' });

      const rejected = await push(sessions.admin!, clientB, [
        { id: ulid(), name: 'customer.update', args: { id: 'c0000006', patch: {} }, baseVersion: base },
        { id: ulid(), name: 'customer.update', args: { id: 'c0000006', patch: { status: 'bogus' } }, baseVersion: base },
        { id: ulid(), name: 'no.such.command', args: {}, baseVersion: 0 },
        { id: ulid(), name: 'customer.update', args: { id: 'c9999999', patch: { industry: 'x' } }, baseVersion: 1 },
        { id: ulid(), name: 'customer.update', args: { id: 'c0000006', patch: { ownerEmployeeId: 'e999999' } }, baseVersion: base },
      ]);
      expect(rejected.map((r) => (r.status === 'rejected' ? r.reason : r.status))).toEqual(['invalid', 'invalid', 'invalid', 'not_found', 'invalid']);
      expect(await versionOf(customer, 'c0000006')).toBe(base);
    });

    it('detects conflicts field by field; untouched fields merge; a client never conflicts with itself', async () => {
      const base = await versionOf(customer, 'c0000007');
      await writeServerFields(t.db, DEMO_TENANT_ID, 'customer', 'c0000007', { industry: 'finance' });
      // B edited industry (conflict) and name (merges) from the old base.
      const [conflict] = await push(sessions.admin!, clientB, [{ id: ulid(), name: 'customer.update', args: { id: 'c0000007', patch: { industry: 'education', name: 'Renamed by B' } }, baseVersion: base }]);
      expect(conflict).toMatchObject({ status: 'rejected', reason: 'conflict', conflicts: [{ field: 'industry', serverValue: 'finance', clientValue: 'education' }] });
      const [merged] = await push(sessions.admin!, clientB, [{ id: ulid(), name: 'customer.update', args: { id: 'c0000007', patch: { name: 'Renamed by B' } }, baseVersion: base }]);
      expect(merged).toMatchObject({ status: 'applied' });
      // B edits name again from the same old base: its own change, not a conflict.
      const [own] = await push(sessions.admin!, clientB, [{ id: ulid(), name: 'customer.update', args: { id: 'c0000007', patch: { name: 'Renamed by B twice' } }, baseVersion: base }]);
      expect(own).toMatchObject({ status: 'applied' });
      // A, from the old base, touches name: B changed it since, so A conflicts.
      const [fromA] = await push(sessions.admin!, clientA, [{ id: ulid(), name: 'customer.update', args: { id: 'c0000007', patch: { name: 'A wins?' } }, baseVersion: base }]);
      expect(fromA).toMatchObject({ status: 'rejected', reason: 'conflict', conflicts: [{ field: 'name', serverValue: 'Renamed by B twice', clientValue: 'A wins?' }] });
      const [row] = await t.db.select().from(customer).where(and(eq(customer.tenantId, DEMO_TENANT_ID), eq(customer.id, 'c0000007')));
      expect(row).toMatchObject({ name: 'Renamed by B twice', industry: 'finance' });
    });

    it('chains every audit event; editing, deleting or reordering one is caught', async () => {
      expect(await verifyAuditChain(t.db, DEMO_TENANT_ID)).toMatchObject({ ok: true });
      const events = await audits();
      expect(events).toBeGreaterThanOrEqual(4);
      const tamper = async (change: () => Promise<unknown>, undo: () => Promise<unknown>, problem: string, brokenAt: number) => {
        await change();
        expect(await verifyAuditChain(t.db, DEMO_TENANT_ID)).toMatchObject({ ok: false, brokenAt, problem });
        await undo();
        expect(await verifyAuditChain(t.db, DEMO_TENANT_ID)).toMatchObject({ ok: true });
      };
      const where = (seq: number) => and(eq(auditEvent.tenantId, DEMO_TENANT_ID), eq(auditEvent.seq, seq));
      const [e2] = await t.db.select().from(auditEvent).where(where(2));
      await tamper(
        () => t.db.update(auditEvent).set({ actorId: 'someone-else' }).where(where(2)),
        () => t.db.update(auditEvent).set({ actorId: e2!.actorId }).where(where(2)),
        'hash_mismatch',
        2,
      );
      await tamper(
        () => t.db.delete(auditEvent).where(where(2)),
        () => t.db.insert(auditEvent).values(e2!),
        'missing_event',
        2,
      );
      const [e3] = await t.db.select().from(auditEvent).where(where(3));
      // Swap events 2 and 3 (sequence numbers exchanged).
      await tamper(
        async () => {
          await t.db.update(auditEvent).set({ seq: -1 }).where(where(2));
          await t.db.update(auditEvent).set({ seq: 2 }).where(where(3));
          await t.db.update(auditEvent).set({ seq: 3 }).where(where(-1));
        },
        async () => {
          await t.db.delete(auditEvent).where(and(eq(auditEvent.tenantId, DEMO_TENANT_ID), sql`${auditEvent.seq} in (2, 3)`));
          await t.db.insert(auditEvent).values([e2!, e3!]);
        },
        'broken_link',
        2,
      );
      const [last] = await t.db.select().from(auditEvent).where(where(events));
      await tamper(
        () => t.db.delete(auditEvent).where(where(events)),
        () => t.db.insert(auditEvent).values(last!),
        'head_mismatch',
        events,
      );
    });
  });
}
