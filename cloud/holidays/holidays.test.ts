import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import { PullPageSchema, TokensSchema, type Tokens } from '../../shared/cloud-protocol.js';
import { PushResponseSchema, type CommandResult } from '../../shared/commands.js';
import type { HolidayEntry } from '../../shared/holidays.js';
import type { DataSubjectRequest } from '../../shared/requests.js';
import { createCloudApp } from '../app.js';
import { loadServiceSecret } from '../auth/secret.js';
import { auditEvent, dataSubjectRequest, holidayCalendar } from '../db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_AUDITOR_EMAIL, DEMO_COMPLIANCE_EMAIL, DEMO_ORG_ADMIN_EMAIL, DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { tenantCalendar } from './calendar.js';

/**
 * Imported holiday schedules in the cloud, on a clock set to 26 January 2027: deadlines across an
 * (illustrative) 2027 Spring Festival counted with the import, open requests recounted when it
 * arrives and when it goes, the rules and the roles enforced, the audit keeping counts and codes.
 */
const T = DEMO_TENANT_ID;
/** Not the State Council's real 2027 notice (this version does not know it): shaped like one. */
const SPRING_2027: HolidayEntry[] = [
  { kind: 'off', from: '2027-01-01', to: '2027-01-03', name: '元旦' },
  { kind: 'off', from: '2027-02-05', to: '2027-02-13', name: '春节' },
  { kind: 'work', from: '2027-02-14', to: '2027-02-14', name: '春节' },
  { kind: 'work', from: '2027-02-20', to: '2027-02-20', name: '春节' },
];

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`imported holiday schedules on ${backend.name}`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createCloudApp>;
    const who: Record<string, Tokens> = {};
    const run = async (as: Tokens, name: string, args: unknown): Promise<CommandResult> => {
      const res = await app.request('/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${as.accessToken}` },
        body: JSON.stringify({ clientId: ulid(), commands: [{ id: ulid(), name, args, baseVersion: 0 }] }),
      });
      return PushResponseSchema.parse(await res.json()).results[0]!;
    };
    const reason = (r: CommandResult) => (r.status === 'rejected' ? `${r.reason}: ${r.message}` : 'applied');
    const request = async (id: string) => (await t.db.select().from(dataSubjectRequest).where(and(eq(dataSubjectRequest.tenantId, T), eq(dataSubjectRequest.id, id))))[0] as unknown as DataSubjectRequest;
    const register = async (receivedOn: string, regime = 'pipl_working_days') => {
      const id = ulid();
      const intake = { id, type: 'access', subjectType: 'unmatched', subjectId: null, identifiers: { name: '韩梅梅', mobile: null, email: null, idNumber: null }, language: 'zh-CN', channel: 'email', receivedOn, regime, assigneeId: null, notes: '' };
      expect(reason(await run(who.compliance!, 'request.register', intake))).toBe('applied');
      return id;
    };
    const lastAudit = async (action: string) =>
      (await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.action, action)))).sort((a, b) => Number(b.seq) - Number(a.seq))[0]!;

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, { scale: 'S', seed: 'holidays', departments: 4, employees: 10, customers: 2, approvals: 2 });
      app = createCloudApp({ db: t.db, kind: t.kind, secret: await loadServiceSecret(t.db), now: () => new Date('2027-01-26T04:00:00Z') });
      for (const [key, email] of [['admin', DEMO_ADMIN_EMAIL], ['compliance', DEMO_COMPLIANCE_EMAIL], ['org', DEMO_ORG_ADMIN_EMAIL], ['auditor', DEMO_AUDITOR_EMAIL]] as const) {
        const res = await app.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_ADMIN_PASSWORD }) });
        who[key] = TokensSchema.parse(await res.json());
      }
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('recounts an open request across the imported Spring Festival, records why, and counts new ones on it', async () => {
      // Received Monday 25 January 2027, before the schedule is known: weekends only, due 15 February.
      const early = await register('2027-01-25');
      const calendarDays = await register('2027-01-25', 'days_30');
      expect((await request(early)).dueOn).toBe('2027-02-15');
      expect(reason(await run(who.compliance!, 'holidayCalendar.import', { id: '2027', year: 2027, notice: '国办发明电〔2026〕示例', entries: SPRING_2027 }))).toBe('applied');
      const recounted = await request(early);
      expect(recounted.dueOn).toBe('2027-02-20');
      expect(recounted.history.at(-1)).toMatchObject({ action: 'request.recount', detail: { year: 2027, from: '2027-02-15', to: '2027-02-20' } });
      // Calendar days do not depend on holidays: untouched.
      expect((await request(calendarDays)).history.map((h) => h.action)).toEqual(['request.register']);
      // Received after the import: counted on it at once, and so is the latest extension.
      const late = await register('2027-01-25');
      expect((await request(late)).dueOn).toBe('2027-02-20');
      expect(reason(await run(who.compliance!, 'request.extend', { id: late, extendedDueOn: '2027-03-13', reason: 'Large volume of records' }))).toMatch(/no later than 2027-03-12/);
      // The audit keeps counts and codes: not the notice's text.
      const audit = await lastAudit('holidayCalendar.import');
      expect(audit).toMatchObject({ targetType: 'holidayCalendar', targetId: '2027' });
      expect(audit.details).toMatchObject({ year: 2027, entries: 4, weekdaysOff: 7, makeUpDays: 2, replaced: null, recounted: [recounted.reference] });
      expect(JSON.stringify(audit.details)).not.toContain('示例');
      const [row] = await t.db.select().from(holidayCalendar).where(and(eq(holidayCalendar.tenantId, T), eq(holidayCalendar.id, '2027')));
      expect(row).toMatchObject({ year: 2027, scope: ['@compliance'], deleted: false, notice: '国办发明电〔2026〕示例' });
      // Pulled by the roles that count deadlines, not by org admins or auditors.
      for (const [as, receives] of [[who.compliance!, true], [who.admin!, true], [who.org!, false], [who.auditor!, false]] as const) {
        const entities = new Set<string>();
        for (let cursor = 0, head = -1; cursor !== head; ) {
          const page = PullPageSchema.parse(await (await app.request(`/sync/pull?cursor=${cursor}&limit=1000`, { headers: { authorization: `Bearer ${as.accessToken}` } })).json());
          if (page.kind !== 'page') throw new Error(page.reason);
          for (const c of page.changes) if (!c.deleted) entities.add(c.entity);
          [cursor, head] = [page.to, page.head];
        }
        expect(entities.has('holidayCalendar')).toBe(receives);
      }
    });

    it('replaces an earlier import, and removing it counts on weekends again', async () => {
      const id = await register('2027-01-25');
      expect((await request(id)).dueOn).toBe('2027-02-20');
      // A corrected notice: the Spring Festival one day longer, no make-up Saturday.
      const corrected = [SPRING_2027[0]!, { ...SPRING_2027[1]!, to: '2027-02-14' }, SPRING_2027[3]!];
      expect(reason(await run(who.admin!, 'holidayCalendar.import', { id: '2027', year: 2027, notice: null, entries: corrected }))).toBe('applied');
      expect((await request(id)).dueOn).toBe('2027-02-22');
      expect((await lastAudit('holidayCalendar.import')).details).toMatchObject({ replaced: 'import' });
      expect((await tenantCalendar(t.db, T))[2027]!.work).toEqual(['02-20']);
      expect(reason(await run(who.compliance!, 'holidayCalendar.remove', { id: '2027' }))).toBe('applied');
      expect((await request(id)).dueOn).toBe('2027-02-15');
      expect((await request(id)).history.map((h) => h.action)).toEqual(['request.register', 'request.recount', 'request.recount']);
      expect(2027 in (await tenantCalendar(t.db, T))).toBe(false);
      expect(reason(await run(who.compliance!, 'holidayCalendar.remove', { id: '2027' }))).toMatch(/^not_found/);
      // Importing a built-in year replaces it, and says so.
      expect(reason(await run(who.compliance!, 'holidayCalendar.import', { id: '2026', year: 2026, notice: null, entries: [{ kind: 'off', from: '2026-10-01', to: '2026-10-08', name: '国庆节' }] }))).toBe('applied');
      expect((await lastAudit('holidayCalendar.import')).details).toMatchObject({ replaced: 'built_in' });
      expect(reason(await run(who.compliance!, 'holidayCalendar.remove', { id: '2026' }))).toBe('applied');
      expect((await lastAudit('holidayCalendar.remove')).details).toMatchObject({ year: 2026, restored: 'built_in' });
    });

    it('refuses a schedule that breaks the rules, whatever the console sent', async () => {
      const imp = (year: number, entries: HolidayEntry[]) => run(who.compliance!, 'holidayCalendar.import', { id: String(year), year, notice: null, entries });
      expect(reason(await imp(2027, [{ kind: 'off', from: '2026-12-31', to: '2027-01-01', name: '元旦' }]))).toMatch(/^invalid: .*outside year/);
      expect(reason(await imp(2027, [...SPRING_2027, { kind: 'work', from: '2027-02-10', to: '2027-02-10', name: '春节' }]))).toMatch(/^invalid: .*overlap/);
      expect(reason(await imp(2027, [SPRING_2027[0]!, { kind: 'work', from: '2027-03-10', to: '2027-03-10', name: '春节' }]))).toMatch(/workday not weekend/);
      expect(reason(await run(who.compliance!, 'holidayCalendar.import', { id: '2028', year: 2027, notice: null, entries: SPRING_2027 }))).toMatch(/^invalid/);
      expect(await t.db.select().from(holidayCalendar).where(and(eq(holidayCalendar.tenantId, T), eq(holidayCalendar.deleted, false)))).toEqual([]);
    });

    it('lets only super admins and compliance officers import or remove a schedule', async () => {
      for (const as of [who.org!, who.auditor!]) {
        expect(reason(await run(as, 'holidayCalendar.import', { id: '2027', year: 2027, notice: null, entries: SPRING_2027 }))).toMatch(/^forbidden/);
        expect(reason(await run(as, 'holidayCalendar.remove', { id: '2027' }))).toMatch(/^forbidden/);
      }
    });
  });
}
