import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { OutputOf } from '../../shared/contract.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import type { Core } from '../../electron/core/index.js';
import { call, dumpCache, freshDump, openClient, settle, tempDir } from '../faults/harness.js';

/**
 * Organisation management end to end under plain Node: the real core (cache, outbox, sync)
 * against the real cloud (PGlite). Creates and moves departments and people, imports a file,
 * and checks the console converges to what a fresh client pulls.
 */
const ADMIN = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
let cloud: RunningCloud;
let core: Core;

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 20, employees: 120, customers: 40, approvals: 20 } });
  core = openClient(tempDir('org'), cloud.url, randomBytes(32));
  await call(core, 'session.signIn', ADMIN);
  await settle(core);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await cloud?.close();
});

describe('organisation management through the outbox', () => {
  it('creates a department and a person in it, moves the department, and converges', async () => {
    const dept = ulid();
    await call(core, 'department.create', { id: dept, values: { parentId: 'd00002', name: '新部门 New', sort: 0, managerId: null } });
    const person = ulid();
    await call(core, 'employee.create', {
      id: person,
      values: { name: '欧阳娜娜', employeeNo: 'N0001', mobile: '+86 139 1234 5678', email: 'nana@example.com', title: null, rank: null, departmentIds: [dept], primaryDepartmentId: dept, managerId: null, hireDate: '2026-11-01', status: 'active', idNumber: null, gender: null, birthDate: null, address: null },
    });
    // Seen at once, offline or not, and found by pinyin initials.
    const found = await call<OutputOf<'org.search'>>(core, 'org.search', { query: 'oynn' });
    expect(found.rows.map((r) => r.id)).toEqual([person]);
    await call(core, 'department.update', { id: dept, patch: { parentId: 'd00003' } });
    const status = await settle(core);
    expect(status).toMatchObject({ queued: 0, issues: 0, state: 'idle' });
    const departments = await call<OutputOf<'org.departments'>>(core, 'org.departments');
    expect(departments.departments.find((d) => d.id === dept)).toMatchObject({ parentId: 'd00003', memberCount: 1 });
    expect(dumpCache(core)).toEqual(await freshDump(cloud.url, randomBytes(32), ADMIN));
  });

  it('refuses at once what the cloud would refuse, with the reason', async () => {
    const r = await core.invoke('department.delete', { id: 'd00002' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'id', message: 'has_children' }] } });
    const dup = await core.invoke('employee.update', { id: 'e000002', patch: { employeeNo: 'E000001' } });
    expect(dup).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'employeeNo', message: 'duplicate_employee_no' }] } });
  });

  it('imports a CSV after a preview, all or nothing, and exports it back', async () => {
    const bad = Buffer.from('工号,姓名,部门,邮箱\nN0100,甲,不存在,x@example.com\nN0101,乙,D00002,not-an-email\n');
    const badPreview = await call<OutputOf<'org.importPreview'>>(core, 'org.importPreview', { fileName: 'bad.csv', bytes: bad });
    expect(badPreview.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual(['2:部门:unknown_department', '3:部门:unknown_department', '3:邮箱:bad_email']);
    expect((await core.invoke('org.importCommit', { previewId: badPreview.previewId })).ok).toBe(false);

    const departments = await call<OutputOf<'org.departments'>>(core, 'org.departments');
    const top = departments.departments.find((d) => d.id === 'd00002')!.name;
    const good = Buffer.from(`工号,姓名,部门,邮箱,直属上级工号\nN0100,甲一,${top}/导入组,jia@example.com,\nN0101,乙二,${top}/导入组,yi@example.com,N0100\n`);
    const preview = await call<OutputOf<'org.importPreview'>>(core, 'org.importPreview', { fileName: 'good.csv', bytes: good });
    expect(preview).toMatchObject({ errors: [], newDepartments: [{ path: `${top} / 导入组` }], employees: [{ employeeNo: 'N0100' }, { employeeNo: 'N0101' }] });
    await call(core, 'org.importCommit', { previewId: preview.previewId });
    expect(await settle(core)).toMatchObject({ queued: 0, issues: 0 });
    const hits = await call<OutputOf<'org.search'>>(core, 'org.search', { query: 'N010' });
    expect(hits.rows.map((r) => r.employeeNo).sort()).toEqual(['N0100', 'N0101']);
    expect(hits.rows[0]!.departmentNames).toEqual(['导入组']);

    const exported = await call<OutputOf<'org.export'>>(core, 'org.export', { format: 'csv' });
    const text = Buffer.from(exported.contentBase64, 'base64').toString('utf8');
    expect(text).toContain('N0101');
    expect(exported.rows).toBeGreaterThan(120);
  });
});
