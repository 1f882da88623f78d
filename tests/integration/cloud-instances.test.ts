import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../cloud/audit/chain.js';
import { openCloudDb } from '../../cloud/db/open.js';
import { auditEvent, employee, followUp, offboarding } from '../../cloud/db/schema.js';
import { DEMO_TENANT_ID, seedDemo } from '../../cloud/seed/demo.js';
import { dryRun } from '../../cloud/retention/selection.js';
import { insertRows } from '../../cloud/sync/rows.js';
import { adminQuery, PG_ADMIN_URL, postgresAvailable } from '../../cloud/test/backends.js';

/**
 * Several cloud instances on one PostgreSQL database (issue 29 item 1, issue 23 "many cloud
 * instances"), each a real `npm run cloud` process.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SKIP = postgresAvailable ? false : `no PostgreSQL reachable at DATABASE_URL or ${PG_ADMIN_URL}`;

/** Instances behind one load balancer share the token-signing key (docs/deploy.md). */
const SIGNING_KEY = randomBytes(32).toString('base64url');
const children: ChildProcess[] = [];
const databases: string[] = [];

const admin = adminQuery;

/** A fresh, empty database (no schema at all) dropped after the file. */
async function emptyDatabase(): Promise<string> {
  const name = `cloud_scale_inst_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Instance {
  child: ChildProcess;
  /** Resolves with the URL once the instance listens; rejects with its stderr if it exits first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** Starts `npm run cloud` (through tsx, as the script does) on the given database. */
function startInstance(databaseUrl: string, env: Record<string, string> = {}, args: string[] = []): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cloud/main.ts', '--port', '0', '--quiet', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, CUSTOS_JWT_SECRET: SIGNING_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    void exited.then((code) => reject(new Error(`instance exited ${code} before listening: ${err.trim().slice(-2000)}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  for (const d of databases) await admin(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`).catch(() => undefined);
});

describe.skipIf(SKIP)('cloud instances on one PostgreSQL', () => {
  it('three instances started at once on an empty database all come up (migrations and seed run once)', async () => {
    const url = await emptyDatabase();
    const instances = [0, 1, 2].map(() => startInstance(url, { CUSTOS_DB_POOL_MAX: '4' }, ['--seed', 'demo', '--scale', 'S']));
    const urls = await Promise.all(instances.map((i) => i.ready));
    for (const u of urls) {
      const res = await fetch(`${u}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, database: 'postgres' });
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tenants = await client.query<{ n: number }>('select count(*)::int as n from tenant');
      expect(tenants.rows[0]!.n).toBe(1);
      const migrations = await client.query<{ n: number; d: number }>('select count(*)::int as n, count(distinct hash)::int as d from drizzle.__drizzle_migrations');
      expect(migrations.rows[0]!.n).toBe(migrations.rows[0]!.d);
      expect(migrations.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    for (const i of instances) i.child.kill('SIGTERM');
    expect(await Promise.all(instances.map((i) => i.exited))).toEqual([0, 0, 0]);
  }, 180_000);

  it('refuses a pool size that is not a number from 2 to 1000, in one line', async () => {
    const inst = startInstance('postgres://127.0.0.1:1/none', { CUSTOS_DB_POOL_MAX: 'lots' });
    await expect(inst.ready).rejects.toThrow('CUSTOS_DB_POOL_MAX must be an integer from 2 to 1000, not "lots"');
    expect(await inst.exited).toBe(1);
  }, 60_000);

  it('runs each scheduled offboarding and the daily disposition once across three ticking instances, one killed mid-run', async () => {
    const url = await emptyDatabase();
    const T = DEMO_TENANT_ID;
    const setup = await openCloudDb({ databaseUrl: url });
    const day = '2020-01-02';
    const POLICY = { category: 'follow_up', periodMonths: 0, trigger: 'since_creation', action: 'delete', enabled: true } as const;
    let leavers: string[];
    try {
      await seedDemo(setup.db, { scale: 'S', seed: 'instances', departments: 6, employees: 60, customers: 1500, approvals: 5 });
      leavers = (await setup.db.select({ id: employee.id }).from(employee).where(eq(employee.tenantId, T)).limit(40)).map((r) => r.id).slice(20, 32);
      const NOBODY = { customersTo: null, approvalTasksTo: null, departmentsTo: null, reportsTo: null, overrides: [] };
      await setup.db.transaction(async (tx) => {
        const ctx = { tenantId: T, clientId: null };
        await insertRows(tx, ctx, 'offboarding', leavers.map((e) => ({ data: { id: `off-${e}`, employeeId: e, lastWorkingDay: day, immediate: false, status: 'scheduled', plan: NOBODY, seen: { customers: [], approvalTasks: [] }, createdAt: '2020-01-01T00:00:00.000Z', createdBy: 'test', completedAt: null, result: null }, scope: null })));
        await insertRows(tx, ctx, 'retentionPolicy', [
          { data: { id: 'follow_up', ...POLICY, updatedAt: '2020-01-01T00:00:00.000Z', updatedBy: 'test' }, scope: null },
        ]);
      });
    } finally {
      await setup.close();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const due = (await client.query<{ n: number }>('select count(*)::int as n from follow_up where not deleted')).rows[0]!.n;
      expect(due).toBeGreaterThan(2000);
      // Three instances ticking every 200 ms, each named in pg_stat_activity so the one holding
      // the disposition lock can be found and killed while it works.
      const named = (i: number) => `${url}?application_name=custos-inst-${i}`;
      const instances = [0, 1, 2].map((i) => startInstance(named(i), { CUSTOS_JOBS_INTERVAL_MS: '200', CUSTOS_DB_POOL_MAX: '4' }));
      await Promise.all(instances.map((i) => i.ready));
      let holder = -1;
      for (let tries = 0; holder < 0 && tries < 600; tries++) {
        const r = await client.query<{ app: string }>(
          `select a.application_name as app from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and a.datname = current_database()`,
        );
        const m = r.rows.map((x) => /custos-inst-(\d)/.exec(x.app)).find(Boolean);
        if (m) holder = Number(m[1]);
        else await new Promise((res) => setTimeout(res, 20));
      }
      expect(holder).toBeGreaterThanOrEqual(0);
      const left = (await client.query<{ n: number }>('select count(*)::int as n from follow_up where not deleted')).rows[0]!.n;
      instances[holder]!.child.kill('SIGKILL');
      await instances[holder]!.exited;
      // The others finish: nothing due is left, and the day's run is recorded once.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const r = await client.query<{ left: number; runs: number; open: number }>(
          `select (select count(*)::int from follow_up where not deleted) as left,
                  (select count(*)::int from audit_event where action = 'retention.dispose') as runs,
                  (select count(*)::int from offboarding where status = 'scheduled') as open`,
        );
        const row = r.rows[0]!;
        if ((row.runs >= 1 && row.open === 0) || Date.now() > deadline) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      // A few more ticks on the survivors: they find nothing more to do.
      await new Promise((res) => setTimeout(res, 1000));
      for (const [i, inst] of instances.entries()) if (i !== holder) inst.child.kill('SIGTERM');
      await Promise.all(instances.map((i) => i.exited));

      const check = await openCloudDb({ databaseUrl: url });
      try {
        const db = check.db;
        expect(left).toBeGreaterThan(0);
        // Nothing due is left (the killed run's chunks stay done, the survivor did the rest).
        expect((await dryRun(db, T, POLICY, new Date())).due).toBe(0);
        expect((await db.select({ n: sql<number>`count(*)::int` }).from(followUp).where(and(eq(followUp.tenantId, T), eq(followUp.deleted, false))))[0]!.n).toBeLessThan(left);
        expect(await db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.action, 'retention.dispose')))).toHaveLength(1);
        const runs = await db.select({ target: auditEvent.targetId }).from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.action, 'offboarding.run')));
        expect(runs.map((r) => r.target).sort()).toEqual(leavers!.map((e) => `off-${e}`).sort());
        const statuses = await db.select({ status: offboarding.status }).from(offboarding).where(eq(offboarding.tenantId, T));
        expect(statuses.filter((s) => s.status === 'scheduled')).toEqual([]);
        expect(await verifyAuditChain(db, T)).toMatchObject({ ok: true });
      } finally {
        await check.close();
      }
    } finally {
      await client.end();
    }
  }, 300_000);
});
