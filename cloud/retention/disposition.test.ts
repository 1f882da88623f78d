import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import { FIELD_CATALOGUE } from '../../shared/catalogue.js';
import { auditEvent, contact, employee, legalHold } from '../db/schema.js';
import { DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { writeServerFields } from '../sync/versioning.js';
import { insertRows } from '../sync/rows.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { ANONYMISED, disposeTenant } from './disposition.js';
import { dryRun } from './selection.js';
import { runDueDispositions } from './schedule.js';

/**
 * Disposition against the real cloud (PGlite, and PostgreSQL when reachable): anonymise and
 * delete per policy, holds respected, chunked, idempotent, no personal value left behind.
 */
const T = DEMO_TENANT_ID;
const now = new Date('2026-11-23T00:00:00.000Z');

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`disposition on ${backend.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, { scale: 'S', seed: 'disposition', departments: 8, employees: 40, customers: 30, approvals: 10 });
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });
    const emp = async (id: string) => (await t.db.select().from(employee).where(and(eq(employee.tenantId, T), eq(employee.id, id))))[0]!;

    it('anonymises departed profiles past their period, keeps held ones, and does it once', async () => {
      await writeServerFields(t.db, T, 'employee', 'e000020', { status: 'departed', departedAt: '2021-01-01T00:00:00.000Z', idNumber: '110101199003071234', birthDate: '1990-03-07', address: '北京市朝阳区' });
      await writeServerFields(t.db, T, 'employee', 'e000021', { status: 'departed', departedAt: '2021-02-01T00:00:00.000Z' });
      await writeServerFields(t.db, T, 'employee', 'e000022', { status: 'departed', departedAt: '2026-10-01T00:00:00.000Z' });
      await t.db.transaction((tx) => insertRows(tx, { tenantId: T, clientId: null }, 'legalHold', [{ data: { id: ulid(), subjectType: 'employee', subjectId: 'e000021', reason: 'case', placedBy: 'x', placedAt: now.toISOString(), releasedAt: null, releasedBy: null, releaseReason: null }, scope: null }]));
      const before = await emp('e000020');
      const policy = { category: 'departed_employee_profile' as const, periodMonths: 24, trigger: 'since_departure' as const, action: 'anonymise' as const, enabled: true };
      const preview = await dryRun(t.db, T, policy, now);
      const counts = await disposeTenant(t.db, T, { now, actorId: 'test', chunk: 2, policies: [policy] });
      expect(counts.departed_employee_profile).toEqual({ anonymised: preview.due, deleted: 0 });
      const after = await emp('e000020');
      expect(after).toMatchObject({ name: ANONYMISED, pinyin: '', mobile: null, email: null, idNumber: null, gender: null, address: null, birthDate: '1990-01-01', status: 'departed', deleted: false });
      expect(after.version).toBeGreaterThan(before.version);
      expect(JSON.stringify(after)).not.toContain(before.name);
      expect((await emp('e000021')).name).not.toBe(ANONYMISED);
      expect((await emp('e000022')).name).not.toBe(ANONYMISED);
      // Again: nothing left to do.
      expect(await disposeTenant(t.db, T, { now, actorId: 'test', policies: [policy] })).toEqual({ departed_employee_profile: { anonymised: 0, deleted: 0 } });
      expect((await dryRun(t.db, T, policy, now)).due).toBe(0);
      const audit = await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.action, 'retention.dispose')));
      expect(audit.length).toBe(2);
    });

    it('deletes contacts past their period with their personal fields cleared first', async () => {
      const policy = { category: 'customer_contact' as const, periodMonths: 0, trigger: 'since_creation' as const, action: 'delete' as const, enabled: true };
      const preview = await dryRun(t.db, T, policy, now);
      expect(preview.due).toBeGreaterThan(0);
      const [sample] = await t.db.select().from(contact).where(and(eq(contact.tenantId, T), eq(contact.id, preview.samples[0]!.id)));
      const counts = await disposeTenant(t.db, T, { now, actorId: 'test', policies: [policy] });
      expect(counts.customer_contact!.deleted).toBe(preview.due);
      const [gone] = await t.db.select().from(contact).where(and(eq(contact.tenantId, T), eq(contact.id, sample!.id)));
      expect(gone).toMatchObject({ deleted: true, mobile: null, email: null, wechat: null, name: ANONYMISED });
      for (const f of FIELD_CATALOGUE.filter((x) => x.entity === 'contact')) {
        const v = (sample as Record<string, unknown>)[f.field];
        if (typeof v === 'string' && v.length > 3) expect(JSON.stringify(gone)).not.toContain(v);
      }
      void legalHold;
    });

    it('runs once a day for tenants with enabled policies, from the cloud scheduler', async () => {
      await t.db.transaction((tx) =>
        insertRows(tx, { tenantId: T, clientId: null }, 'retentionPolicy', [
          { data: { id: 'follow_up', category: 'follow_up', periodMonths: 0, trigger: 'since_creation', action: 'delete', enabled: true, updatedAt: now.toISOString(), updatedBy: 'test' }, scope: null },
        ]),
      );
      const later = new Date(now.getTime() + 25 * 3600_000);
      expect(await runDueDispositions(t.db, later)).toBe(1);
      expect((await dryRun(t.db, T, { category: 'follow_up', periodMonths: 0, trigger: 'since_creation', action: 'delete', enabled: true }, later)).due).toBe(0);
      expect(await runDueDispositions(t.db, new Date(later.getTime() + 3600_000))).toBe(0);
      expect(await runDueDispositions(t.db, new Date(later.getTime() + 25 * 3600_000))).toBe(1);
    });
  });
}
