import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent } from '../../cloud/db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_AUDITOR_EMAIL, DEMO_ORG_ADMIN_EMAIL, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { BACKENDS } from '../../cloud/test/backends.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import type { AuditPage, AuditVerdict } from '../../shared/audit.js';

/** The audit viewer's reads through a real core against a real cloud: filters, pages, verification, exports. */
const ROOT = resolve(import.meta.dirname, '../..');

describe.each(BACKENDS)('audit log on $name', ({ skip, create }) => {
  let cloud: RunningCloud;
  let dispose: () => Promise<void> = async () => {};
  const dirs: string[] = [];
  const open = (): Core => {
    const dataDir = mkdtempSync(join(tmpdir(), 'custos-audit-'));
    dirs.push(dataDir);
    return createCore({ dataDir, cacheKey: randomBytes(32), cloudUrl: cloud.url, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false });
  };
  const value = async <T,>(p: ReturnType<Core['invoke']>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  let auditor: Core;
  let admin: Core;

  beforeAll(async () => {
    if (skip) return;
    const db = await create();
    let databaseUrl: string | undefined;
    if (db.kind === 'postgres') {
      databaseUrl = (db as { databaseUrl?: string }).databaseUrl;
      dispose = db.dispose;
    } else await db.dispose();
    cloud = await startCloud({ port: 0, databaseUrl, seed: { scale: 'S' } });
    admin = open();
    await value(admin.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    await value(admin.invoke('sync.now', {}));
    // A few audited commands: renames of departments, pushed through the outbox.
    const depts = await value<{ departments: { id: string; parentId: string | null }[] }>(admin.invoke('org.departments', {}));
    for (const d of depts.departments.filter((x) => x.parentId).slice(0, 3)) await value(admin.invoke('department.update', { id: d.id, patch: { name: `Audited ${d.id}` } }));
    // An export leaves the console: it is recorded once the outbox reaches the cloud.
    await value(admin.invoke('org.export', { format: 'csv' }));
    await value(admin.invoke('sync.now', {}));
    auditor = open();
    await value(auditor.invoke('session.signIn', { email: DEMO_AUDITOR_EMAIL, password: DEMO_ADMIN_PASSWORD }));
  });
  afterAll(async () => {
    if (skip) return;
    await auditor?.close();
    await admin?.close();
    await cloud?.close();
    await dispose();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.skipIf(skip)('pages newest first, filters by action, actor, target and time, and names the actors', async () => {
    const all = await value<AuditPage>(auditor.invoke('audit.events', { limit: 2 }));
    expect(all.total).toBeGreaterThanOrEqual(3);
    expect(all.events).toHaveLength(2);
    expect(all.events[0]!.seq).toBeGreaterThan(all.events[1]!.seq);
    const next = await value<AuditPage>(auditor.invoke('audit.events', { limit: 2, beforeSeq: all.nextBeforeSeq! }));
    expect(next.events[0]!.seq).toBeLessThan(all.events[1]!.seq);

    const renames = await value<AuditPage>(auditor.invoke('audit.events', { action: 'department.update', limit: 100 }));
    expect(renames.total).toBe(3);
    expect(renames.events.every((e) => e.action === 'department.update' && e.actorName === 'Demo Admin' && e.targetType === 'department')).toBe(true);
    const byPrefix = await value<AuditPage>(auditor.invoke('audit.events', { action: 'department.', limit: 100 }));
    expect(byPrefix.total).toBeGreaterThanOrEqual(3);
    const one = renames.events[0]!;
    const byTarget = await value<AuditPage>(auditor.invoke('audit.events', { targetId: one.targetId!, limit: 100 }));
    expect(byTarget.events.map((e) => e.seq)).toContain(one.seq);
    const later = await value<AuditPage>(auditor.invoke('audit.events', { from: new Date(Date.now() + 60_000).toISOString(), limit: 100 }));
    expect(later.total).toBe(0);
    const byActor = await value<AuditPage>(auditor.invoke('audit.events', { actorId: 'nobody', limit: 100 }));
    expect(byActor.total).toBe(0);

    const facets = await value<{ actions: string[]; actors: { id: string; name: string | null }[] }>(auditor.invoke('audit.facets', {}));
    expect(facets.actions).toContain('department.update');
    expect(facets.actors.map((a) => a.name)).toContain('Demo Admin');
  });

  it.skipIf(skip)('verifies the chain, and reports the first broken link after tampering', async () => {
    expect(await value<AuditVerdict>(auditor.invoke('audit.verify', {}))).toMatchObject({ ok: true, brokenAt: null, problem: null });
    const renames = await value<AuditPage>(auditor.invoke('audit.events', { action: 'department.update', limit: 1 }));
    const seq = renames.events[0]!.seq;
    const where = and(eq(auditEvent.tenantId, DEMO_TENANT_ID), eq(auditEvent.seq, seq));
    const [original] = await cloud.db.select().from(auditEvent).where(where);
    await cloud.db.update(auditEvent).set({ details: { ...original!.details, fields: ['nothing'] } }).where(where);
    try {
      expect(await value<AuditVerdict>(auditor.invoke('audit.verify', {}))).toMatchObject({ ok: false, brokenAt: seq, problem: 'hash_mismatch', events: seq - 1 });
    } finally {
      await cloud.db.update(auditEvent).set({ details: original!.details }).where(where);
    }
    expect(await value<AuditVerdict>(auditor.invoke('audit.verify', {}))).toMatchObject({ ok: true });
  });

  it.skipIf(skip)('exports CSV and JSON, and each export is itself on record', async () => {
    const csv = await value<{ fileName: string; contentBase64: string; count: number; truncated: boolean }>(
      auditor.invoke('audit.export', { filter: { action: 'department.update' }, format: 'csv' }),
    );
    expect(csv).toMatchObject({ count: 3, truncated: false });
    expect(csv.fileName).toMatch(/^custos-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual(['seq', 'at', 'actor', 'actorId', 'action', 'targetType', 'targetId', 'details', 'redaction', 'actionName', 'description']);
    expect(parsed.data.map((r) => r.action)).toEqual(['department.update', 'department.update', 'department.update']);

    const json = await value<{ contentBase64: string }>(auditor.invoke('audit.export', { filter: {}, format: 'json' }));
    const body = JSON.parse(Buffer.from(json.contentBase64, 'base64').toString('utf8')) as { events: { action: string }[]; filter: unknown };
    expect(body.filter).toEqual({});
    // The CSV export was recorded before the JSON one read the log.
    expect(body.events[0]).toMatchObject({ action: 'audit.export' });
    const exports = await value<AuditPage>(auditor.invoke('audit.events', { action: 'audit.export', limit: 10 }));
    expect(exports.total).toBe(2);
    expect(exports.events[1]!.details).toEqual({ format: 'csv', count: 3, filteredBy: ['action'] });
    expect(await value<AuditVerdict>(auditor.invoke('audit.verify', {}))).toMatchObject({ ok: true });
  });

  it.skipIf(skip)('records an organisation export made in the console, with its size and never its content', async () => {
    const exports = await value<AuditPage>(auditor.invoke('audit.events', { action: 'export.record', limit: 10 }));
    expect(exports.total).toBe(1);
    const [e] = exports.events;
    expect(e).toMatchObject({ actorName: 'Demo Admin', targetType: 'department', details: { kind: 'org', format: 'csv' } });
    expect(e!.details.rows).toBeGreaterThan(10);
    expect(Object.keys(e!.details).sort()).toEqual(['exportedAt', 'format', 'kind', 'mutationId', 'rows']);
  });

  it.skipIf(skip)('an org admin reads no audit log', async () => {
    const orgAdmin = open();
    await value(orgAdmin.invoke('session.signIn', { email: DEMO_ORG_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    for (const op of ['audit.events', 'audit.facets', 'audit.verify'] as const) expect(await orgAdmin.invoke(op, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await orgAdmin.close();
  });
});
