import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { RetentionCategory } from '../../shared/catalogue.js';
import type { RetentionAction, RetentionPolicyValues, RetentionTrigger } from '../../shared/retention.js';
import { approval, consentRecord, contact, customer, followUp } from '../db/schema.js';
import { DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { ENTITY_TABLES } from '../sync/entities.js';
import { insertRows } from '../sync/rows.js';
import { writeServerFields } from '../sync/versioning.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { disposeTenant } from './disposition.js';
import { dryRun, dueIds, ENTITY_OF } from './selection.js';

/**
 * Each trigger of each category the cloud disposes of, against the real cloud (PGlite, and
 * PostgreSQL when reachable): a record is due exactly when the instant its trigger names lies
 * before the cutoff, whatever the other instants say; a hold on its subject keeps it; the
 * disposition acts on exactly the due records, with the policy's action.
 *
 * The period puts the cutoff in 1999, before anything the seed generates, so only the
 * records a case back-dates can be due.
 */
const T = DEMO_TENANT_ID;
const now = new Date('2026-11-23T00:00:00.000Z');
const OLD = '1999-01-01T00:00:00.000Z';
const RECENT = '2026-06-01T00:00:00.000Z';
const PERIOD = 12 * 27; // cutoff 1999-11-23
const policy = (category: RetentionCategory, trigger: RetentionTrigger, action: RetentionAction): RetentionPolicyValues => ({ category, trigger, action, periodMonths: PERIOD, enabled: true });
const sorted = (ids: readonly string[]) => [...ids].sort();

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`retention triggers on ${backend.name}`, () => {
    let t: TestDb;
    const set = (entity: Parameters<typeof writeServerFields>[2], id: string, patch: Record<string, unknown>) => writeServerFields(t.db, T, entity, id, patch);
    const hold = (subjectType: 'employee' | 'contact' | 'customer', subjectId: string) =>
      t.db.transaction((tx) =>
        insertRows(tx, { tenantId: T, clientId: null }, 'legalHold', [
          { data: { id: ulid(), subjectType, subjectId, reason: 'case', placedBy: 'test', placedAt: now.toISOString(), releasedAt: null, releasedBy: null, releaseReason: null }, scope: null },
        ]),
      );
    const due = async (p: RetentionPolicyValues) => sorted(await dueIds(t.db, T, p, now));
    /** Runs the policy; returns the disposed rows' states by id. */
    const dispose = async (p: RetentionPolicyValues, ids: readonly string[]) => {
      const counts = await disposeTenant(t.db, T, { now, actorId: 'test', chunk: 2, policies: [p] });
      const table = ENTITY_TABLES[ENTITY_OF[p.category]!];
      const rows = (await t.db.select().from(table).where(and(eq(table.tenantId, T), inArray(table.id, [...ids])))) as { id: string; anonymisedAt: string | null; deleted: boolean }[];
      return { counts: counts[p.category]!, state: Object.fromEntries(rows.map((r) => [r.id, { disposed: r.anonymisedAt !== null, deleted: r.deleted }])) };
    };
    const customersWithContactsAndFollowUps = async (n: number) => {
      const ids: string[] = [];
      for (const c of await t.db.select({ id: customer.id }).from(customer).where(eq(customer.tenantId, T)).orderBy(asc(customer.id))) {
        const [k] = await t.db.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, T), eq(contact.customerId, c.id))).limit(1);
        const [f] = await t.db.select({ id: followUp.id }).from(followUp).where(and(eq(followUp.tenantId, T), eq(followUp.customerId, c.id))).limit(1);
        if (k && f) ids.push(c.id);
        if (ids.length === n) return ids;
      }
      throw new Error('the seed has too few customers with contacts and follow-ups');
    };
    const contactsOf = async (customerIds: string[]) => (await t.db.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, T), inArray(contact.customerId, customerIds)))).map((r) => r.id);
    const followUpsOf = async (customerIds: string[]) => (await t.db.select({ id: followUp.id }).from(followUp).where(and(eq(followUp.tenantId, T), inArray(followUp.customerId, customerIds)))).map((r) => r.id);

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, { scale: 'S', seed: 'triggers', departments: 6, employees: 30, customers: 20, approvals: 20 });
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('finds nothing due before a case back-dates a record', async () => {
      for (const category of Object.keys(ENTITY_OF) as RetentionCategory[]) {
        for (const trigger of ['since_departure', 'since_last_activity', 'since_creation', 'since_closure'] as const) {
          expect((await dryRun(t.db, T, policy(category, trigger, 'anonymise'), now)).due, `${category} ${trigger}`).toBe(0);
        }
      }
    });

    it('customer contacts: since creation counts from the customer’s creation, since last activity from its last activity', async () => {
      const [created, inactive, neverActive, held] = await customersWithContactsAndFollowUps(4);
      await set('customer', created!, { createdAt: OLD, lastActivityAt: RECENT });
      await set('customer', inactive!, { createdAt: OLD, lastActivityAt: OLD });
      await set('customer', neverActive!, { createdAt: OLD, lastActivityAt: null }); // falls back to creation
      await set('customer', held!, { createdAt: OLD, lastActivityAt: OLD });
      await hold('customer', held!);
      const [ofCreated, ofInactive, ofNeverActive, ofHeld] = [await contactsOf([created!]), await contactsOf([inactive!]), await contactsOf([neverActive!]), await contactsOf([held!])];

      const byActivity = policy('customer_contact', 'since_last_activity', 'anonymise');
      expect(await due(byActivity)).toEqual(sorted([...ofInactive, ...ofNeverActive]));
      expect((await dryRun(t.db, T, byActivity, now)).held).toBe(ofHeld.length);
      const byCreation = policy('customer_contact', 'since_creation', 'delete');
      expect(await due(byCreation)).toEqual(sorted([...ofCreated, ...ofInactive, ...ofNeverActive]));

      const anonymised = await dispose(byActivity, [...ofCreated, ...ofInactive, ...ofHeld]);
      expect(anonymised.counts).toEqual({ anonymised: ofInactive.length + ofNeverActive.length, deleted: 0 });
      for (const id of ofInactive) expect(anonymised.state[id]).toEqual({ disposed: true, deleted: false });
      for (const id of [...ofCreated, ...ofHeld]) expect(anonymised.state[id]).toEqual({ disposed: false, deleted: false });

      // Records already anonymised are not due again; the creation trigger still reaches the rest.
      expect(await due(byCreation)).toEqual(sorted(ofCreated));
      const deleted = await dispose(byCreation, [...ofCreated, ...ofHeld]);
      expect(deleted.counts).toEqual({ anonymised: 0, deleted: ofCreated.length });
      for (const id of ofCreated) expect(deleted.state[id]).toEqual({ disposed: true, deleted: true });
      for (const id of ofHeld) expect(deleted.state[id]).toEqual({ disposed: false, deleted: false });
    });

    it('follow-ups: since creation counts from the follow-up itself, since last activity from its customer’s last activity', async () => {
      const customers = await customersWithContactsAndFollowUps(8);
      // The contact case's customers went quiet long ago: active again, so that case's follow-ups stay out of this one.
      for (const id of customers.slice(0, 4)) await set('customer', id, { lastActivityAt: RECENT });
      const [busy, quiet, held] = customers.slice(4);
      await set('customer', busy!, { lastActivityAt: RECENT });
      await set('customer', quiet!, { lastActivityAt: OLD });
      await set('customer', held!, { lastActivityAt: OLD });
      await hold('customer', held!);
      const [oldOne] = await followUpsOf([busy!]);
      await set('followUp', oldOne!, { at: OLD });
      const ofQuiet = await followUpsOf([quiet!]);
      const ofHeld = await followUpsOf([held!]);
      for (const id of [...ofQuiet, ...ofHeld]) await set('followUp', id, { at: RECENT });

      const byCreation = policy('follow_up', 'since_creation', 'anonymise');
      expect(await due(byCreation)).toEqual([oldOne]);
      const byActivity = policy('follow_up', 'since_last_activity', 'delete');
      expect(await due(byActivity)).toEqual(sorted(ofQuiet));
      expect((await dryRun(t.db, T, byActivity, now)).held).toBe(ofHeld.length);

      const deleted = await dispose(byActivity, [...ofQuiet, ...ofHeld, oldOne!]);
      expect(deleted.counts).toEqual({ anonymised: 0, deleted: ofQuiet.length });
      for (const id of ofQuiet) expect(deleted.state[id]).toEqual({ disposed: true, deleted: true });
      for (const id of [...ofHeld, oldOne!]) expect(deleted.state[id]).toEqual({ disposed: false, deleted: false });
      const anonymised = await dispose(byCreation, [oldOne!]);
      expect(anonymised.counts).toEqual({ anonymised: 1, deleted: 0 });
      expect(anonymised.state[oldOne!]).toEqual({ disposed: true, deleted: false });
    });

    it('approval records: since closure counts from closing and spares open ones, since creation from creation', async () => {
      const rows = await t.db.select({ id: approval.id, applicantId: approval.applicantId }).from(approval).where(eq(approval.tenantId, T)).orderBy(asc(approval.id));
      const heldApplicant = rows[0]!.applicantId;
      const free = rows.filter((r) => r.applicantId !== heldApplicant);
      const [closedLately, closedLongAgo, stillOpen] = free.map((r) => r.id);
      const heldOne = rows[0]!.id;
      await set('approval', closedLately!, { createdAt: OLD, closedAt: RECENT, status: 'approved' });
      await set('approval', closedLongAgo!, { createdAt: OLD, closedAt: OLD, status: 'rejected' });
      await set('approval', stillOpen!, { createdAt: OLD, closedAt: null, status: 'in_progress' });
      await set('approval', heldOne, { createdAt: OLD, closedAt: OLD, status: 'approved' });
      await hold('employee', heldApplicant);

      const byClosure = policy('approval_record', 'since_closure', 'anonymise');
      expect(await due(byClosure)).toEqual([closedLongAgo]);
      expect((await dryRun(t.db, T, byClosure, now)).held).toBe(1);
      const byCreation = policy('approval_record', 'since_creation', 'delete');
      expect(await due(byCreation)).toEqual(sorted([closedLately!, closedLongAgo!]));

      const anonymised = await dispose(byClosure, [closedLately!, closedLongAgo!, stillOpen!, heldOne]);
      expect(anonymised.counts).toEqual({ anonymised: 1, deleted: 0 });
      expect(anonymised.state[closedLongAgo!]).toEqual({ disposed: true, deleted: false });
      for (const id of [closedLately!, stillOpen!, heldOne]) expect(anonymised.state[id]).toEqual({ disposed: false, deleted: false });
      const deleted = await dispose(byCreation, [closedLately!, stillOpen!, heldOne]);
      expect(deleted.counts).toEqual({ anonymised: 0, deleted: 1 });
      expect(deleted.state[closedLately!]).toEqual({ disposed: true, deleted: true });
      for (const id of [stillOpen!, heldOne]) expect(deleted.state[id]).toEqual({ disposed: false, deleted: false });
    });

    it('consent records: since creation, a hold on the employee or contact they concern keeps them', async () => {
      const rows = await t.db.select().from(consentRecord).where(eq(consentRecord.tenantId, T)).orderBy(asc(consentRecord.id));
      const byType = (type: 'employee' | 'contact') => rows.filter((r) => r.subjectType === type);
      const heldEmployee = byType('employee')[0]!;
      const heldContact = byType('contact')[0]!;
      const others = rows.filter((r) => r.subjectId !== heldEmployee.subjectId && r.subjectId !== heldContact.subjectId);
      const [oldOne, recentOne] = others;
      for (const r of [heldEmployee, heldContact, oldOne!]) await set('consentRecord', r.id, { at: OLD });
      await set('consentRecord', recentOne!.id, { at: RECENT });
      await hold('employee', heldEmployee.subjectId);
      await hold('contact', heldContact.subjectId);

      const p = policy('consent_record', 'since_creation', 'delete');
      expect(await due(p)).toEqual([oldOne!.id]);
      expect((await dryRun(t.db, T, p, now)).held).toBe(2);
      const deleted = await dispose(p, [oldOne!.id, recentOne!.id, heldEmployee.id, heldContact.id]);
      expect(deleted.counts).toEqual({ anonymised: 0, deleted: 1 });
      expect(deleted.state[oldOne!.id]).toEqual({ disposed: true, deleted: true });
      for (const r of [recentOne!, heldEmployee, heldContact]) expect(deleted.state[r.id]).toEqual({ disposed: false, deleted: false });
    });
  });
}
