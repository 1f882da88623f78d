import type { AuditAction } from '../../shared/audit-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { RetentionPolicyValues } from '../../shared/retention.js';
import { auditEvent, tenant } from '../db/schema.js';
import { disposeTenant } from '../retention/disposition.js';
import { RETENTION_ACTOR } from '../retention/schedule.js';
import { dryRun } from '../retention/selection.js';
import { DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { insertRows } from '../sync/rows.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { appendAudit, legacyEventHash, REDACTED_ACTOR, upgradeLegacyChains, verifyAuditChain } from './chain.js';

/**
 * Retention of operation and sign-in logs against the real cloud (PGlite, and PostgreSQL when
 * reachable): their personal part is cleared, the chain still verifies, holds keep events, a
 * redaction retention could not have made is caught, and chains from before the personal
 * part had its own digest are re-linked (or, if they do not verify, left as found).
 */
/** A tenant of its own, so the demo's seeded sign-in history does not mix with the cases here. */
const T = 'audit-retention';
const now = new Date('2026-11-23T00:00:00.000Z');
const TWO_YEARS_AGO = new Date('2024-11-01T09:00:00.000Z');
const LAST_MONTH = new Date('2026-10-20T09:00:00.000Z');
const operationLogs: RetentionPolicyValues = { category: 'operation_log', periodMonths: 12, trigger: 'since_creation', action: 'anonymise', enabled: true };
const signInLogs: RetentionPolicyValues = { category: 'sign_in_log', periodMonths: 6, trigger: 'since_creation', action: 'delete', enabled: true };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`audit log retention on ${backend.name}`, () => {
    let t: TestDb;
    let heldCustomer: string;
    let freeCustomer: string;
    const seqs: Record<string, number> = {};
    const append = (name: string, at: Date, action: AuditAction, targetType: string, targetId: string, details: Record<string, unknown>, actorId = 'demo-admin') =>
      t.db.transaction(async (tx) => {
        await tx.select({ id: tenant.id }).from(tenant).where(eq(tenant.id, T)).for('update');
        seqs[name] = await appendAudit(tx, T, { actorId, action, targetType, targetId, details }, at);
      });
    const event = async (seq: number) => (await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.seq, seq))))[0]!;

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, { scale: 'S', seed: 'audit-retention', departments: 4, employees: 12, customers: 6, approvals: 4 });
      await t.db.insert(tenant).values({ id: T, name: 'Audit retention' });
      [heldCustomer, freeCustomer] = [ulid(), ulid()];
      await append('oldSignIn', TWO_YEARS_AGO, 'auth.signIn', 'adminUser', 'demo-admin', { session: ulid() });
      await append('oldFailure', TWO_YEARS_AGO, 'auth.signInFailed', 'adminUser', 'demo-admin', { failures: 1, lockedSeconds: 0 });
      await append('oldEdit', TWO_YEARS_AGO, 'customer.update', 'customer', freeCustomer, { fields: ['name'] });
      await append('oldHeldEdit', TWO_YEARS_AGO, 'customer.update', 'customer', heldCustomer, { fields: ['name'] });
      // The system's record of an old disposition run names no one: it stays as it is.
      await append('oldRun', TWO_YEARS_AGO, 'retention.dispose', 'tenant', T, { counts: { follow_up: { anonymised: 3, deleted: 0 } }, trigger: 'schedule' }, RETENTION_ACTOR);
      await append('recentSignIn', LAST_MONTH, 'auth.signIn', 'adminUser', 'demo-admin', { session: ulid() });
      await append('recentEdit', LAST_MONTH, 'customer.update', 'customer', freeCustomer, { fields: ['name'] });
      await t.db.transaction((tx) =>
        insertRows(tx, { tenantId: T, clientId: null }, 'legalHold', [
          { data: { id: ulid(), subjectType: 'customer', subjectId: heldCustomer, reason: 'case', placedBy: 'test', placedAt: now.toISOString(), releasedAt: null, releasedBy: null, releaseReason: null }, scope: null },
        ]),
      );
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('dry runs count the logs past their period, sign-ins apart from operations, holds apart', async () => {
      const ops = await dryRun(t.db, T, operationLogs, now);
      expect(ops).toMatchObject({ supported: true, due: 1, held: 1 });
      expect(ops.samples).toEqual([{ id: String(seqs.oldEdit), label: 'customer.update', since: TWO_YEARS_AGO.toISOString() }]);
      const signIns = await dryRun(t.db, T, signInLogs, now);
      expect(signIns).toMatchObject({ supported: true, due: 2, held: 0 });
      expect(signIns.samples.map((s) => s.label)).toEqual(['auth.signIn', 'auth.signInFailed']);
      expect(await dryRun(t.db, T, { category: 'export_package', periodMonths: 1, trigger: 'since_creation', action: 'delete', enabled: true }, now)).toMatchObject({ supported: false, due: 0 });
    });

    it('clears the personal part of exactly the due events, and the chain still verifies', async () => {
      const before = await verifyAuditChain(t.db, T, { now });
      expect(before).toMatchObject({ ok: true, redacted: 0 });
      const counts = await disposeTenant(t.db, T, { now, actorId: 'system', chunk: 1, policies: [operationLogs, signInLogs] });
      expect(counts).toEqual({ operation_log: { anonymised: 1, deleted: 0 }, sign_in_log: { anonymised: 0, deleted: 2 } });
      for (const [name, redaction] of [['oldEdit', 'anonymised'], ['oldSignIn', 'deleted'], ['oldFailure', 'deleted']] as const) {
        const e = await event(seqs[name]!);
        expect(e, name).toMatchObject({ actorId: REDACTED_ACTOR, targetId: null, details: {}, redaction });
        // When and what stay, for counts over time.
        expect(e.at.toISOString()).toBe(TWO_YEARS_AGO.toISOString());
      }
      expect((await event(seqs.oldEdit!)).action).toBe('customer.update');
      for (const name of ['oldHeldEdit', 'recentSignIn', 'recentEdit']) expect(await event(seqs[name]!), name).toMatchObject({ actorId: 'demo-admin', redaction: null });
      expect(await event(seqs.oldRun!)).toMatchObject({ actorId: RETENTION_ACTOR, redaction: null, details: { trigger: 'schedule' } });
      // One more event since: the run's own record.
      expect(await verifyAuditChain(t.db, T, { now })).toEqual({ ok: true, events: before.events + 1, redacted: 3 });
      expect((await dryRun(t.db, T, operationLogs, now)).due).toBe(0);
      expect(await disposeTenant(t.db, T, { now, actorId: 'system', policies: [operationLogs, signInLogs] })).toEqual({ operation_log: { anonymised: 0, deleted: 0 }, sign_in_log: { anonymised: 0, deleted: 0 } });
    });

    it('catches a redaction retention could not have made, and an edit of what a redacted event kept', async () => {
      const where = (seq: number) => and(eq(auditEvent.tenantId, T), eq(auditEvent.seq, seq));
      const tamper = async (seq: number, change: Partial<typeof auditEvent.$inferInsert>, problem: string) => {
        const original = await event(seq);
        await t.db.update(auditEvent).set(change).where(where(seq));
        expect(await verifyAuditChain(t.db, T, { now })).toMatchObject({ ok: false, brokenAt: seq, problem });
        await t.db.update(auditEvent).set(original).where(where(seq));
        expect(await verifyAuditChain(t.db, T, { now })).toMatchObject({ ok: true });
      };
      // Hiding who did something last month: within the floor, so not retention's doing.
      await tamper(seqs.recentEdit!, { actorId: REDACTED_ACTOR, targetId: null, details: {}, redaction: 'anonymised' }, 'bad_redaction');
      // Marked redacted but with a different actor in place: not a cleared event.
      await tamper(seqs.oldHeldEdit!, { actorId: 'someone-else', redaction: 'anonymised' }, 'bad_redaction');
      // What a redacted event keeps is still covered by the chain.
      await tamper(seqs.oldEdit!, { action: 'customer.delete' }, 'hash_mismatch');
      await tamper(seqs.oldSignIn!, { at: LAST_MONTH }, 'hash_mismatch');
      // And an unredacted event's personal part is covered through its digest.
      await tamper(seqs.recentEdit!, { targetId: heldCustomer }, 'hash_mismatch');
    });

    it('the demo tenant comes with two years of sign-ins, which the sign-in policy reaches and clears', async () => {
      const at = new Date();
      const due = await dryRun(t.db, DEMO_TENANT_ID, signInLogs, at);
      expect(due.due).toBeGreaterThan(100);
      expect(due.samples[0]!.label).toBe('auth.signIn');
      expect(await dryRun(t.db, DEMO_TENANT_ID, operationLogs, at)).toMatchObject({ due: 0 });
      const counts = await disposeTenant(t.db, DEMO_TENANT_ID, { now: at, actorId: 'system', policies: [signInLogs] });
      expect(counts.sign_in_log).toEqual({ anonymised: 0, deleted: due.due });
      expect(await verifyAuditChain(t.db, DEMO_TENANT_ID, { now: at })).toMatchObject({ ok: true, redacted: due.due });
    });

    it('re-links a chain from before the personal digest, and leaves one that does not verify as found', async () => {
      const legacyChain = async (tenantId: string, n: number) => {
        await t.db.insert(tenant).values({ id: tenantId, name: tenantId });
        let prev = '';
        for (let seq = 1; seq <= n; seq++) {
          const e = { seq, at: TWO_YEARS_AGO, actorId: 'demo-admin', action: 'customer.update', targetType: 'customer', targetId: freeCustomer, details: { fields: ['name'] } };
          const hash = legacyEventHash(prev, e);
          await t.db.insert(auditEvent).values({ tenantId, ...e, privateDigest: null, prevHash: prev, hash });
          prev = hash;
        }
        await t.db.update(tenant).set({ auditSeq: n, auditHash: prev }).where(eq(tenant.id, tenantId));
        return prev;
      };
      const oldHead = await legacyChain('legacy', 3);
      await legacyChain('tampered', 3);
      await t.db.update(auditEvent).set({ targetId: heldCustomer }).where(and(eq(auditEvent.tenantId, 'tampered'), eq(auditEvent.seq, 2)));
      expect(await verifyAuditChain(t.db, 'legacy', { now })).toEqual({ ok: true, events: 3, redacted: 0 });
      // Legacy events are not selected: clearing them would break their links.
      expect((await dryRun(t.db, 'legacy', operationLogs, now)).due).toBe(0);

      const upgraded = await upgradeLegacyChains(t.db, now);
      expect(upgraded.sort((a, b) => a.tenantId.localeCompare(b.tenantId))).toEqual([
        { tenantId: 'legacy', relinked: 3, refused: false },
        { tenantId: 'tampered', relinked: 0, refused: true },
      ]);
      expect(await verifyAuditChain(t.db, 'legacy', { now })).toEqual({ ok: true, events: 4, redacted: 0 });
      expect(await event4('legacy')).toMatchObject({ action: 'audit.chainRelinked', details: { events: 3, previousHead: oldHead } });
      expect((await dryRun(t.db, 'legacy', operationLogs, now)).due).toBe(3);
      expect(await verifyAuditChain(t.db, 'tampered', { now })).toMatchObject({ ok: false, brokenAt: 2, problem: 'hash_mismatch' });
      expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvent).where(and(eq(auditEvent.tenantId, 'tampered'), sql`private_digest is null`)))[0]!.n).toBe(3);
      // Nothing left to re-link.
      expect((await upgradeLegacyChains(t.db, now)).filter((r) => r.tenantId === 'legacy')).toEqual([]);

      async function event4(tenantId: string) {
        return (await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, tenantId), eq(auditEvent.seq, 4))))[0];
      }
    });
  });
}
