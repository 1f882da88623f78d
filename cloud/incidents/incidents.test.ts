import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import { PullPageSchema, TokensSchema, type Tokens } from '../../shared/cloud-protocol.js';
import { PushResponseSchema, type CommandResult } from '../../shared/commands.js';
import type { SecurityIncident } from '../../shared/incidents.js';
import { createCloudApp } from '../app.js';
import { loadServiceSecret } from '../auth/secret.js';
import { auditEvent, employee, securityIncident } from '../db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_AUDITOR_EMAIL, DEMO_COMPLIANCE_EMAIL, DEMO_ORG_ADMIN_EMAIL, DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { BACKENDS, type TestDb } from '../test/backends.js';

/**
 * The incident register in the cloud, on a clock set to Monday 30 November 2026: the reference
 * and the clocks given at record time, closing refused until the notice is complete and everyone
 * is told or covered, the roles enforced whatever is sent, org admins never pulling an incident,
 * auditors pulling and reading but changing nothing, and the audit chain keeping codes and counts.
 */
const T = DEMO_TENANT_ID;
const ITEMS = { happened: '某员工笔记本电脑失窃。', measures: '已远程擦除并重置密码。', selfHelp: '请警惕冒充客服的电话。', remedies: '提供专线答疑。' };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`the incident register on ${backend.name}`, () => {
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
    const row = async (id: string) => (await t.db.select().from(securityIncident).where(and(eq(securityIncident.tenantId, T), eq(securityIncident.id, id))))[0] as unknown as SecurityIncident & { scope: string[] };
    const facts = (over: Record<string, unknown> = {}) => ({
      title: 'Stolen laptop',
      // 23:30 on Friday 27 November in Shanghai.
      discoveredAt: '2026-11-27T15:30:00.000Z',
      timeZone: 'Asia/Shanghai',
      occurredFrom: '2026-11-27T01:00:00.000Z',
      occurredTo: '2026-11-27T10:00:00.000Z',
      description: '一台未加密的笔记本电脑在出差途中失窃。',
      cause: 'Theft',
      systems: ['CRM'],
      fields: ['employee.mobile', 'employee.idNumber'],
      sensitive: true,
      euSubjects: true,
      regulatorHours: 72,
      noticeDays: 30,
      ownerId: null,
      ...over,
    });
    const record = async (over: Record<string, unknown> = {}) => {
      const id = ulid();
      expect(reason(await run(who.compliance!, 'incident.record', { id, ...facts(over) }))).toBe('applied');
      return id;
    };
    const pulled = async (as: Tokens) => {
      const ids = new Set<string>();
      for (let cursor = 0, head = -1; cursor !== head; ) {
        const page = PullPageSchema.parse(await (await app.request(`/sync/pull?cursor=${cursor}&limit=1000`, { headers: { authorization: `Bearer ${as.accessToken}` } })).json());
        if (page.kind !== 'page') throw new Error(page.reason);
        for (const c of page.changes) if (c.entity === 'securityIncident' && !c.deleted) ids.add(c.id);
        [cursor, head] = [page.to, page.head];
      }
      return ids;
    };

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, { scale: 'S', seed: 'incidents', departments: 4, employees: 10, customers: 2, approvals: 2 });
      app = createCloudApp({ db: t.db, kind: t.kind, secret: await loadServiceSecret(t.db), now: () => new Date('2026-11-30T02:00:00Z') });
      for (const [key, email] of [['admin', DEMO_ADMIN_EMAIL], ['compliance', DEMO_COMPLIANCE_EMAIL], ['org', DEMO_ORG_ADMIN_EMAIL], ['auditor', DEMO_AUDITOR_EMAIL]] as const) {
        const res = await app.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_ADMIN_PASSWORD }) });
        who[key] = TokensSchema.parse(await res.json());
      }
    }, 180_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('records an incident with its reference and both clocks, audited without its description', async () => {
      const id = await record();
      const r = await row(id);
      expect(r).toMatchObject({ reference: 'INC-2026-0001', status: 'open', regulatorDueAt: '2026-11-30T15:30:00.000Z', noticesDueOn: '2026-12-27', scope: ['@registers'] });
      const [audit] = (await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.action, 'incident.record')))).slice(-1);
      expect(audit!.details).toMatchObject({ reference: 'INC-2026-0001', regulatorDueAt: '2026-11-30T15:30:00.000Z', noticesDueOn: '2026-12-27' });
      expect(JSON.stringify(audit!.details)).not.toContain('笔记本');
      // A discovery in the future is refused; so is an end before the start.
      expect(reason(await run(who.compliance!, 'incident.record', { id: ulid(), ...facts({ discoveredAt: '2026-12-05T00:00:00.000Z' }) }))).toMatch(/^invalid: discoveredAt/);
      expect(reason(await run(who.compliance!, 'incident.record', { id: ulid(), ...facts({ occurredFrom: '2026-11-27T10:00:00.000Z', occurredTo: '2026-11-27T01:00:00.000Z' }) }))).toMatch(/^invalid: occurredTo/);
    });

    it('moves the clocks with the facts they are counted from', async () => {
      const id = await record();
      expect(reason(await run(who.admin!, 'incident.update', { id, patch: { euSubjects: false, regulatorHours: null, noticeDays: 15 } }))).toBe('applied');
      expect(await row(id)).toMatchObject({ regulatorDueAt: null, noticesDueOn: '2026-12-12' });
    });

    it('refuses to close while a notice item is empty or someone is not told, then closes', async () => {
      const id = await record();
      const people = (await t.db.select({ id: employee.id }).from(employee).where(eq(employee.tenantId, T))).slice(0, 2);
      expect(people).toHaveLength(2);
      const [a, b] = people.map((p) => ({ subjectType: 'employee', subjectId: p.id, language: 'zh-CN' }));
      expect(reason(await run(who.compliance!, 'incident.setAffected', { id, people: [a, b, a], criteria: { fields: 2, found: 2 } }))).toBe('applied');
      expect((await row(id)).affected).toHaveLength(2);
      expect(reason(await run(who.compliance!, 'incident.close', { id }))).toMatch(/^invalid: The notice is not complete: zh-CN happened/);
      expect(reason(await run(who.compliance!, 'incident.setItems', { id, language: 'zh-CN', items: { ...ITEMS, remedies: '' } }))).toBe('applied');
      expect(reason(await run(who.compliance!, 'incident.close', { id }))).toMatch(/zh-CN remedies/);
      expect(reason(await run(who.compliance!, 'incident.setItems', { id, language: 'zh-CN', items: ITEMS }))).toBe('applied');
      expect(reason(await run(who.compliance!, 'incident.logDeliveries', { id, entries: [{ ...a, language: undefined, channel: 'sms', on: '2026-11-30', outcome: 'delivered' }].map(({ language: _l, ...e }) => e) }))).toBe('applied');
      expect(reason(await run(who.compliance!, 'incident.close', { id }))).toMatch(/^invalid: 1 affected people/);
      // A delivery to a stranger is refused.
      expect(reason(await run(who.compliance!, 'incident.logDeliveries', { id, entries: [{ subjectType: 'contact', subjectId: 'nobody', channel: 'email', on: '2026-11-30', outcome: 'delivered' }] }))).toMatch(/^invalid: entries/);
      expect(reason(await run(who.compliance!, 'incident.announce', { id, text: '我们无法联系到所有受影响的人，特此公告。事件经过如下。', reason: 'no_contact_details', on: '2026-11-30' }))).toBe('applied');
      expect(reason(await run(who.compliance!, 'incident.reportRegulator', { id, at: '2026-11-30T01:00:00.000Z', reference: 'REG-1' }))).toBe('applied');
      expect(reason(await run(who.compliance!, 'incident.close', { id }))).toBe('applied');
      const closed = await row(id);
      expect(closed.status).toBe('closed');
      expect(closed.history.map((h) => h.action)).toEqual(['incident.record', 'incident.setAffected', 'incident.setItems', 'incident.setItems', 'incident.logDeliveries', 'incident.announce', 'incident.reportRegulator', 'incident.close']);
      expect(reason(await run(who.compliance!, 'incident.setItems', { id, language: 'en', items: ITEMS }))).toMatch(/^invalid: This incident is closed/);
    });

    it('an org admin can neither change nor pull an incident; an auditor pulls it and cannot change it', async () => {
      const id = await record();
      for (const as of [who.org!, who.auditor!]) {
        expect(await run(as, 'incident.record', { id: ulid(), ...facts() })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
        expect(await run(as, 'incident.setItems', { id, language: 'en', items: ITEMS })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
        expect(await run(as, 'incident.close', { id })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      }
      expect((await pulled(who.org!)).size).toBe(0);
      expect((await pulled(who.auditor!)).has(id)).toBe(true);
      expect((await pulled(who.compliance!)).has(id)).toBe(true);
      expect((await row(id)).history).toHaveLength(1);
    });
  });
}
