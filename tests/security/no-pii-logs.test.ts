import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contact, employee } from '../../cloud/db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_COMPLIANCE_EMAIL, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import type { CloudLogger } from '../../cloud/logger.js';
import { createLogger } from '../../electron/core/logging.js';
import { startBrowserHost, type BrowserHost } from '../../electron/serve.js';
import { coreLogFile } from '../../electron/core/process/fork.js';

/**
 * A full scenario through the browser host, the core and the cloud with every logger at debug
 * level, then a search of everything logged for the subjects' mobiles, emails and ID numbers
 * (as stored, and the mobiles' bare digits), and for the admins' sign-in addresses.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const lines: string[] = [];
const capture: CloudLogger = {
  info: (m, f) => lines.push(JSON.stringify({ level: 'info', m, ...f })),
  warn: (m, f) => lines.push(JSON.stringify({ level: 'warn', m, ...f })),
  error: (m, f) => lines.push(JSON.stringify({ level: 'error', m, ...f })),
};

let cloud: RunningCloud;
let host: BrowserHost;
let dir: string;

async function api<T = unknown>(name: string, input: unknown, expectOk = true): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { code: string } };
  if (expectOk && !body.ok) throw new Error(`${name}: ${body.error?.code}`);
  return body.value as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'custos-pii-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Custos</title>');
  cloud = await startCloud({ port: 0, seed: { scale: 'S' }, logger: capture });
  host = await startBrowserHost({
    port: 0,
    dataDir: join(dir, 'data'),
    cloudUrl: cloud.url,
    cacheKey: randomBytes(32),
    rendererDir,
    migrationsDir: join(ROOT, 'migrations'),
    logger: createLogger('browser-host', 'debug', (l) => lines.push(l)),
    coreLogLevel: 'debug',
    autoSync: false,
  });
});
afterAll(async () => {
  await host?.close();
  await cloud?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('no personal data in logs', () => {
  it('a debug-level scenario across host, core and cloud logs none of the subjects’ identifiers', async () => {
    const people = await cloud.db
      .select({ id: employee.id, name: employee.name, mobile: employee.mobile, email: employee.email, idNumber: employee.idNumber, version: employee.version })
      .from(employee)
      .where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false)));
    const contacts = await cloud.db.select({ mobile: contact.mobile, email: contact.email }).from(contact).where(eq(contact.tenantId, DEMO_TENANT_ID));
    const subject = people.find((p) => p.mobile && p.email && p.idNumber)!;
    const newMobile = '+8613900139017';
    const newEmail = 'renamed.subject@example.cn';

    // Sign-in: a wrong password, then the right one.
    await api('session.signIn', { email: DEMO_ADMIN_EMAIL, password: 'not-the-password' }, false);
    await api('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
    await api('sync.now', {});
    // Search by every identifier, open the person, reveal the ID number, change mobile and email.
    for (const q of [subject.mobile!, subject.mobile!.replace(/^\+86/, ''), subject.email!, subject.idNumber!, subject.name]) await api('org.search', { query: q, limit: 20 });
    await api('employees.get', { id: subject.id });
    await api('employees.reveal', { id: subject.id, field: 'idNumber' });
    await api('employee.update', { id: subject.id, patch: { mobile: newMobile, email: newEmail } });
    // A rejected command (a duplicate mobile) and bad input carrying identifiers.
    const other = people.find((p) => p.id !== subject.id && p.mobile)!;
    await api('employee.update', { id: other.id, patch: { mobile: newMobile } }, false);
    await api('employee.update', { id: other.id, patch: { mobile: `not-a-mobile ${subject.idNumber}` } }, false);
    await api('org.search', { query: subject.email!, limit: 'many' }, false);
    await api('sync.now', {});
    await api('org.export', { format: 'csv' });
    await api('session.signOut', {});

    // The compliance officer: a copy request found by identifiers, verified, discovered, packaged.
    await api('session.signIn', { email: DEMO_COMPLIANCE_EMAIL, password: DEMO_ADMIN_PASSWORD });
    await api('sync.now', {});
    const requestId = ulid();
    const today = new Date().toISOString().slice(0, 10);
    await api('request.register', {
      id: requestId,
      type: 'copy',
      subjectType: 'employee',
      subjectId: subject.id,
      identifiers: { name: subject.name, mobile: newMobile, email: newEmail, idNumber: subject.idNumber },
      language: 'en',
      channel: 'email',
      receivedOn: today,
      regime: 'pipl_working_days',
      assigneeId: null,
      notes: `Asked by ${newEmail}`,
    });
    await api('sync.now', {});
    await api('requests.discover', { requestId, mobile: newMobile, email: newEmail, idNumber: subject.idNumber });
    await api('request.verify', { id: requestId, method: 'id_document', evidence: `ID ${subject.idNumber} checked` });
    await api('sync.now', {});
    const found = await api<{ categories: { items: { entity: string; id: string }[] }[] }>('requests.discover', { requestId });
    const items = found.categories.flatMap((c) => c.items).map((i) => ({ entity: i.entity, id: i.id, redact: true }));
    const { jobId } = await api<{ jobId: string }>('requests.buildPackage', { requestId, items, password: 'a long package password', acknowledgeUnencrypted: false });
    for (let i = 0; i < 400; i++) {
      const job = await api<{ state: string }>('requests.packageJob', { jobId });
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await api('audit.events', { limit: 50 });
    await api('audit.export', { filter: {}, format: 'csv' });

    const secrets = new Set<string>([DEMO_ADMIN_EMAIL, DEMO_COMPLIANCE_EMAIL, newMobile, newMobile.slice(3), newEmail]);
    for (const p of [...people, ...contacts.map((c) => ({ ...c, idNumber: null }))]) {
      if (p.mobile) {
        secrets.add(p.mobile);
        secrets.add(p.mobile.replace(/^\+86/, ''));
      }
      if (p.email) secrets.add(p.email);
      if (p.idNumber) secrets.add(p.idNumber);
    }
    // The core runs in its own process: its log is the file the host writes its output to.
    const coreLines = readFileSync(coreLogFile(join(dir, 'data')), 'utf8').split('\n').filter(Boolean);
    expect(coreLines.some((l) => l.includes('"scope":"core"'))).toBe(true);
    lines.push(...coreLines);
    const text = lines.join('\n');
    if (process.env.CUSTOS_SHOW_LOGS) console.log(text);
    expect(lines.length).toBeGreaterThan(25);
    expect(text).toContain('"path":"/sync/push"');
    expect(secrets.size).toBeGreaterThan(100);
    const leaks = [...secrets].filter((s) => s.length >= 6 && text.includes(s));
    expect(leaks).toEqual([]);
  });
});
