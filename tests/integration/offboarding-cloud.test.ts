import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { OutputOf } from '../../shared/contract.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { writeServerFields } from '../../cloud/sync/versioning.js';
import type { Core } from '../../electron/core/index.js';
import { call, dumpCache, freshDump, openClient, settle, tempDir } from '../faults/harness.js';
import { startFaultProxy, type FaultProxy } from '../faults/proxy.js';

/**
 * Offboarding end to end under plain Node: the real core against the real cloud (PGlite)
 * behind a proxy the test takes down. Impact preview, an offboarding queued offline and
 * applied on reconnect, a customer reassigned in the cloud meanwhile (reported, not taken),
 * the handover report as CSV and PDF (read back with pdftotext), a bulk file's line report.
 */
const ADMIN = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
let cloud: RunningCloud;
let proxy: FaultProxy;
let core: Core;
let dir: string;

type Impact = OutputOf<'offboarding.impact'>['leavers'][number];
const sql = <T>(q: string, ...p: unknown[]) => core.cache.db.$client.prepare(q).all(...p) as T[];

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 12, employees: 80, customers: 120, approvals: 60 }, schedulerIntervalMs: 0 });
  proxy = await startFaultProxy(cloud.url);
  dir = tempDir('offboarding');
  core = openClient(dir, proxy.url, randomBytes(32));
  await call(core, 'session.signIn', ADMIN);
  await settle(core);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await proxy?.close();
  await cloud?.close();
});

/** The active employee with the most customers (and, preferably, pending approval tasks). */
function busiestLeaver(exclude: string[] = []): string {
  const rows = sql<{ id: string }>(
    `SELECT e.id FROM employee e WHERE e.status = 'active' AND e.id NOT IN (${exclude.map(() => '?').join(',') || "''"})
     ORDER BY (SELECT count(*) FROM approval_task t WHERE t.approver_id = e.id AND t.status = 'pending') > 0 DESC,
              (SELECT count(*) FROM customer c WHERE c.owner_employee_id = e.id) DESC, e.id LIMIT 1`,
    ...exclude,
  );
  return rows[0]!.id;
}
const activeOther = (not: string[]) => sql<{ id: string }>(`SELECT id FROM employee WHERE status = 'active' AND id NOT IN (${not.map(() => '?').join(',')}) ORDER BY id LIMIT 1`, ...not)[0]!.id;

describe('offboarding through the outbox', () => {
  it('previews the impact, queues offline, applies on reconnect with a concurrent change reported, and reports the handover', async () => {
    const leaver = busiestLeaver();
    const successor = activeOther([leaver]);
    const [impact] = (await call<OutputOf<'offboarding.impact'>>(core, 'offboarding.impact', { employeeIds: [leaver] })).leavers as [Impact];
    expect(impact.customers.length).toBeGreaterThan(1);
    expect(impact.pendingTasks.length).toBeGreaterThan(0);
    expect(impact.contacts).toBe(impact.customers.reduce((s, c) => s + c.contacts, 0));
    expect(impact.openOffboardingId).toBeNull();

    // Offline: the command queues, shows as queued, and a second one is refused at once.
    proxy.down = true;
    const id = ulid();
    const args = {
      id, employeeId: leaver, lastWorkingDay: null,
      plan: { customersTo: successor, approvalTasksTo: successor, departmentsTo: null, reportsTo: null, overrides: [] },
      seen: { customers: impact.customers.map((c) => c.id), approvalTasks: impact.pendingTasks.map((t) => t.id) },
    };
    await call(core, 'employee.offboard', args);
    const queued = await call<OutputOf<'offboarding.list'>>(core, 'offboarding.list');
    expect(queued.rows[0]).toMatchObject({ id, status: 'queued', employeeId: leaver });
    const again = await core.invoke('employee.offboard', { ...args, id: ulid() });
    expect(again).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'employeeId', message: 'already_scheduled' }] } });

    // Meanwhile someone reassigns one of the customers in the cloud.
    const other = activeOther([leaver, successor]);
    const moved = impact.customers[0]!.id;
    await writeServerFields(cloud.db, DEMO_TENANT_ID, 'customer', moved, { ownerEmployeeId: other });

    proxy.down = false;
    expect(await settle(core)).toMatchObject({ queued: 0, issues: 0 });

    const done = (await call<OutputOf<'offboarding.list'>>(core, 'offboarding.list')).rows.find((r) => r.id === id)!;
    expect(done).toMatchObject({ status: 'completed', immediate: true });
    expect(done.result!.skipped).toEqual([{ entity: 'customer', id: moved, reason: 'reassigned' }]);
    expect(done.counts.customer).toBe(impact.customers.length - 1);
    expect(sql<{ owner: string }>('SELECT owner_employee_id AS owner FROM customer WHERE id = ?', moved)[0]!.owner).toBe(other);
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM customer WHERE owner_employee_id = ?', leaver)[0]!.n).toBe(0);
    expect(sql<{ status: string }>('SELECT status FROM employee WHERE id = ?', leaver)[0]!.status).toBe('departed');
    expect(dumpCache(core)).toEqual(await freshDump(cloud.url, randomBytes(32), ADMIN));

    // The report lists every item; formula-looking names cannot run in a spreadsheet.
    const csv = await call<OutputOf<'offboarding.report'>>(core, 'offboarding.report', { id, format: 'csv' });
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    const customerName = impact.customers[1]!.name;
    expect(text).toContain(customerName);
    expect(csv.items).toBe(done.result!.items.length);
    const pdf = await call<OutputOf<'offboarding.report'>>(core, 'offboarding.report', { id, format: 'pdf' });
    const file = join(dir, pdf.fileName);
    writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const pdfText = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('Handover report');
    expect(pdfText.replace(/\s+/g, '')).toContain(impact.employee.name.replace(/\s+/g, ''));

    await call(core, 'settings.setLanguage', { language: 'zh-CN' });
    const zh = await call<OutputOf<'offboarding.report'>>(core, 'offboarding.report', { id, format: 'pdf' });
    writeFileSync(file, Buffer.from(zh.contentBase64, 'base64'));
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('交接报告');
    await call(core, 'settings.setLanguage', { language: 'en' });
  });

  it('refuses at once what the cloud would refuse', async () => {
    const leaver = busiestLeaver();
    const departed = sql<{ id: string }>("SELECT id FROM employee WHERE status = 'departed' LIMIT 1")[0]!.id;
    const plan = { customersTo: departed, approvalTasksTo: departed, departmentsTo: null, reportsTo: null, overrides: [] };
    const r = await core.invoke('employee.offboard', { id: ulid(), employeeId: leaver, lastWorkingDay: null, plan, seen: { customers: [], approvalTasks: [] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'plan.customersTo', message: 'successor_inactive' }, { path: 'plan.approvalTasksTo', message: 'successor_inactive' }] } });
    const past = await core.invoke('employee.offboard', { id: ulid(), employeeId: leaver, lastWorkingDay: '2001-01-01', plan: { ...plan, customersTo: null, approvalTasksTo: null }, seen: { customers: [], approvalTasks: [] } });
    expect(past).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(past)).toContain('in_the_past');
  });

  it('checks every line of a bulk file by row and column', async () => {
    const [a, b, c, d] = sql<{ no: string }>("SELECT employee_no AS no FROM employee WHERE status = 'active' ORDER BY id DESC LIMIT 4").map((r) => r.no) as [string, string, string, string];
    const departed = sql<{ no: string }>("SELECT employee_no AS no FROM employee WHERE status = 'departed' LIMIT 1")[0]!.no;
    const csv = ['工号,最后工作日,接收人工号', `${a},2099-12-31,${d}`, `NOPE,,${d}`, `${departed},,${d}`, `${b},2099-02-30,${b}`, `${a},,${d}`, `${c},,${a}`].join('\n');
    const { lines } = await call<OutputOf<'offboarding.bulkPreview'>>(core, 'offboarding.bulkPreview', { fileName: 'leavers.csv', bytes: Buffer.from(csv) });
    const codes = lines.map((l) => `${l.row}:${l.errors.map((e) => `${e.column}=${e.code}`).join('|')}`);
    expect(codes).toEqual(['2:', '3:工号=unknown_employee', '4:工号=already_departed', '5:最后工作日=bad_date|接收人工号=self', '6:工号=duplicate', '7:接收人工号=successor_leaving']);
    expect(lines[0]).toMatchObject({ lastWorkingDay: '2099-12-31', successorNo: d, employeeName: expect.any(String) });
  });
});
