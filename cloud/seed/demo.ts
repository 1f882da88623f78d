import { eq, sql } from 'drizzle-orm';
import { appendAuditEvents, type AuditInput } from '../audit/chain.js';
import { hashPassword } from '../auth/passwords.js';
import type { CloudDb, CloudTx } from '../db/open.js';
import { adminRoleAssignment, adminUser, approval, approvalTask, consentRecord, contact, customer, department, employee, followUp, tenant } from '../db/schema.js';
import type { SyncedTable } from '../sync/entities.js';
import { generateBusiness } from './business.js';
import { bumpVersion } from '../sync/versioning.js';
import * as N from './names.js';
import { Rng } from './prng.js';

export const DEMO_TENANT_ID = 'demo';
export const DEMO_TENANT_NAME = '演示企业 Demo Enterprise';
export const DEMO_ADMIN_EMAIL = 'admin@custos-demo.example';
export const DEMO_AUDITOR_EMAIL = 'auditor@custos-demo.example';
export const DEMO_ADMIN_PASSWORD = 'Custos-Demo-2026';
export const DEMO_AUDITOR_PASSWORD = DEMO_ADMIN_PASSWORD;
/** An org admin scoped to the first division (d00002) and its sub-departments. */
export const DEMO_ORG_ADMIN_EMAIL = 'orgadmin@custos-demo.example';
export const DEMO_ORG_ADMIN_SCOPE = 'd00002';
export const DEMO_COMPLIANCE_EMAIL = 'compliance@custos-demo.example';
/** Every demo account shares the one demo password. */
export const DEMO_ACCOUNTS = [
  { id: 'demo-admin', email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', role: 'super_admin', scope: [] as string[] },
  { id: 'demo-orgadmin', email: DEMO_ORG_ADMIN_EMAIL, name: 'Demo Org Admin', role: 'org_admin', scope: [DEMO_ORG_ADMIN_SCOPE] },
  { id: 'demo-compliance', email: DEMO_COMPLIANCE_EMAIL, name: 'Demo Compliance Officer', role: 'compliance_officer', scope: [] as string[] },
  { id: 'demo-auditor', email: DEMO_AUDITOR_EMAIL, name: 'Demo Auditor', role: 'auditor', scope: [] as string[] },
] as const;
export const DEFAULT_DEMO_SEED = 'custos-demo';

export type DemoScale = 'S' | 'M' | 'L';
export const DEMO_SCALES: Record<DemoScale, { departments: number; employees: number; maxDepth: number }> = {
  S: { departments: 50, employees: 500, maxDepth: 4 },
  M: { departments: 500, employees: 5_000, maxDepth: 6 },
  L: { departments: 5_000, employees: 100_000, maxDepth: 8 },
};

export interface SeedDemoOptions {
  scale: DemoScale;
  /** PRNG seed; the same seed always gives the same data. */
  seed?: string;
  /** Overrides of the scale's counts (small fixtures for tests). */
  departments?: number;
  employees?: number;
  /** Overrides of the business data's counts (default: per-employee ratios of the L data set). */
  customers?: number;
  approvals?: number;
}

export interface SeedDemoResult {
  created: boolean;
  tenantId: string;
  departments: number;
  employees: number;
  /** Rows of every entity written (departments, employees, customers, contacts, …). */
  rows: number;
  /** The tenant's version after seeding. */
  head: number;
}

type DepartmentRow = typeof department.$inferInsert;
type EmployeeRow = typeof employee.$inferInsert;
type DeptNode = { id: string; parentId: string | null; name: string; sort: number; depth: number; lang: N.Lang; managerId: string | null; childNames: Set<string> };

const BATCH = 1000;
const DAY_MS = 86_400_000;
const dateFrom = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** ASCII-folds and lowercases a Latin name ("Hélène Lefèvre" → "helene lefevre"). */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Appends the GB 11643 check digit to the first 17 digits of a PRC resident ID number. */
export function prcIdCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] as number);
  return '10X98765432'[sum % 11] as string;
}

function pickLang(rng: Rng): N.Lang {
  const r = rng.next();
  return r < 0.6 ? 'zh' : r < 0.85 ? 'en' : 'fr';
}

function uniqueName(parent: DeptNode, base: string, lang: N.Lang): string {
  let name = base;
  for (let k = 2; parent.childNames.has(name); k++) name = lang === 'zh' ? `${base}${k}` : `${base} ${k}`;
  parent.childNames.add(name);
  return name;
}

function divisionName(rng: Rng, lang: N.Lang): string {
  if (lang === 'zh') return rng.pick(N.ZH_REGIONS) + rng.pick(N.ZH_FUNCTIONS);
  if (lang === 'en') return `${rng.pick(N.EN_FUNCTIONS)} ${rng.pick(N.EN_REGIONS)}`;
  return `${rng.pick(N.FR_FUNCTIONS)} ${rng.pick(N.FR_REGIONS)}`;
}

function unitName(rng: Rng, lang: N.Lang): string {
  return rng.pick(lang === 'zh' ? N.ZH_UNITS : lang === 'en' ? N.EN_UNITS : N.FR_UNITS);
}

/** Builds the department tree (root first, then divisions, then sub-units up to maxDepth). */
export function generateDepartments(rng: Rng, count: number, maxDepth: number): DeptNode[] {
  const root: DeptNode = { id: 'd00001', parentId: null, name: DEMO_TENANT_NAME, sort: 0, depth: 1, lang: 'zh', managerId: null, childNames: new Set() };
  const nodes: DeptNode[] = [root];
  if (count <= 1) return nodes;
  const divisions = Math.max(1, Math.min(40, Math.round((count - 1) / 6)));
  const eligible: DeptNode[] = [];
  const childCount = new Map<string, number>();
  const add = (parent: DeptNode, name: string, lang: N.Lang) => {
    const sort = childCount.get(parent.id) ?? 0;
    childCount.set(parent.id, sort + 1);
    const node: DeptNode = { id: 'd' + pad(nodes.length + 1, 5), parentId: parent.id, name, sort, depth: parent.depth + 1, lang, managerId: null, childNames: new Set() };
    nodes.push(node);
    if (node.depth < maxDepth) eligible.push(node);
  };
  const firstLangs: N.Lang[] = ['zh', 'en', 'fr'];
  for (let i = 0; i < divisions && nodes.length < count; i++) {
    // The first divisions cover every language, so even tiny fixtures are multilingual.
    const lang = firstLangs[i] ?? pickLang(rng);
    add(root, uniqueName(root, divisionName(rng, lang), lang), lang);
  }
  while (nodes.length < count) {
    const parent = eligible.length > 0 ? rng.pick(eligible) : root;
    const lang = parent === root ? pickLang(rng) : parent.lang;
    add(parent, uniqueName(parent, parent === root ? divisionName(rng, lang) : unitName(rng, lang), lang), lang);
  }
  return nodes;
}

interface PersonName {
  name: string;
  pinyin: string;
  gender: 'male' | 'female';
  emailLocal: string;
}

function personName(rng: Rng, lang: N.Lang): PersonName {
  const gender = rng.chance(0.5) ? 'male' : 'female';
  if (lang === 'zh') {
    const [sn, sp] = rng.pick(N.ZH_SURNAMES);
    const chars = rng.chance(0.7) ? [rng.pick(N.ZH_GIVEN), rng.pick(N.ZH_GIVEN)] : [rng.pick(N.ZH_GIVEN)];
    const given = chars.map((c) => c[0]).join('');
    const givenPy = chars.map((c) => c[1]);
    return { name: sn + given, pinyin: [sp, ...givenPy].join(' '), gender, emailLocal: `${givenPy.join('')}.${sp.replace(/ /g, '')}` };
  }
  const first = rng.pick(lang === 'en' ? (gender === 'male' ? N.EN_FIRST_MALE : N.EN_FIRST_FEMALE) : gender === 'male' ? N.FR_FIRST_MALE : N.FR_FIRST_FEMALE);
  const last = rng.pick(lang === 'en' ? N.EN_LAST : N.FR_LAST);
  const name = `${first} ${last}`;
  const folded = foldName(name);
  return { name, pinyin: folded, gender, emailLocal: folded.replace(/ /g, '.') };
}

/** Generates the demo's departments and employees (pure and deterministic for a seed). */
export function generateDemo(opts: SeedDemoOptions): { departments: DepartmentRow[]; employees: EmployeeRow[] } {
  const scale = DEMO_SCALES[opts.scale];
  const deptCount = Math.max(1, opts.departments ?? scale.departments);
  const empCount = Math.max(0, opts.employees ?? scale.employees);
  const rng = new Rng(`${opts.seed ?? DEFAULT_DEMO_SEED}/${opts.scale}`);
  const depts = generateDepartments(rng, deptCount, scale.maxDepth);
  const byId = new Map(depts.map((d) => [d.id, d]));

  // Primary departments: employee 1 heads the root, the next ones head one department each
  // (in a shuffled order), the rest are spread at random below the root.
  const order = depts.slice(1).map((d) => d.id);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const usedMobiles = new Set<string>();
  const usedEmails = new Map<string, number>();
  const emps: EmployeeRow[] = [];
  const start = dateFrom(2008, 1, 1);
  const end = dateFrom(2025, 12, 31);
  const today = dateFrom(2026, 3, 1);

  for (let i = 0; i < empCount; i++) {
    const id = 'e' + pad(i + 1, 6);
    let primary: DeptNode;
    let isHead = false;
    if (i === 0) {
      primary = depts[0] as DeptNode;
      isHead = true;
    } else if (i - 1 < order.length) {
      primary = byId.get(order[i - 1] as string) as DeptNode;
      isHead = true;
    } else {
      primary = depts.length > 1 ? (depts[rng.int(1, depts.length - 1)] as DeptNode) : (depts[0] as DeptNode);
    }
    if (isHead) primary.managerId = id;
    const lang = rng.chance(0.9) ? primary.lang : pickLang(rng);
    const p = personName(rng, lang);

    const departmentIds = [primary.id];
    if (!isHead && depts.length > 2 && rng.chance(0.05)) {
      const other = depts[rng.int(1, depts.length - 1)] as DeptNode;
      if (other.id !== primary.id) departmentIds.push(other.id);
    }

    // Manager: the head of the primary department (heads get their parent's head below).
    const managerId = isHead ? null : primary.managerId;

    let mobile: string | null = null;
    if (rng.chance(0.97)) {
      do {
        mobile = lang === 'zh' ? rng.pick(N.ZH_MOBILE_PREFIXES) + rng.digits(8) : lang === 'fr' ? '+336' + rng.digits(8) : '+447' + rng.digits(9);
      } while (usedMobiles.has(mobile));
      usedMobiles.add(mobile);
    }
    const n = (usedEmails.get(p.emailLocal) ?? 0) + 1;
    usedEmails.set(p.emailLocal, n);
    const email = `${p.emailLocal}${n > 1 ? n : ''}@custos-demo.example`;

    const birthMs = dateFrom(1965, 1, 1) + rng.int(0, 38 * 365) * DAY_MS;
    const birthDate = isoDate(birthMs);
    const hireMs = Math.max(start, birthMs + 22 * 365 * DAY_MS) + rng.int(0, 3000) * DAY_MS;
    const hireDate = isoDate(Math.min(hireMs, end));

    const r = rng.next();
    const status: EmployeeRow['status'] = isHead ? 'active' : r < 0.9 ? 'active' : r < 0.93 ? 'suspended' : 'departed';
    let lastWorkingDay: string | null = null;
    let departedAt: string | null = null;
    if (status === 'departed') {
      const hired = Date.parse(hireDate);
      const lwd = hired + rng.int(30, Math.max(31, Math.floor((today - hired) / DAY_MS) - 1)) * DAY_MS;
      lastWorkingDay = isoDate(lwd);
      departedAt = `${lastWorkingDay}T10:00:00.000Z`;
    }

    let idNumber: string | null = null;
    let address: string;
    if (lang === 'zh') {
      const [area, prefix] = rng.pick(N.ZH_AREAS);
      const seq = rng.digits(2) + String(p.gender === 'male' ? rng.int(0, 4) * 2 + 1 : rng.int(0, 4) * 2);
      const first17 = area + birthDate.replace(/-/g, '') + seq;
      idNumber = first17 + prcIdCheckDigit(first17);
      address = `${prefix}${rng.pick(N.ZH_STREETS)}${rng.int(1, 999)}号`;
    } else if (lang === 'en') {
      address = `${rng.int(1, 250)} ${rng.pick(N.EN_STREETS)}, ${rng.pick(N.EN_CITIES)}`;
    } else {
      const [cp, city] = rng.pick(N.FR_CITIES);
      address = `${rng.int(1, 120)} ${rng.pick(N.FR_STREETS)}, ${cp} ${city}`;
    }

    const titles = N.TITLES[lang];
    const title = isHead ? (i === 0 ? titles[12] : titles[11]) : rng.pick(titles.slice(0, 11).concat(titles[13] as string));
    const rank = isHead ? (i === 0 ? 'M5' : rng.pick(N.RANKS.slice(8))) : rng.pick(N.RANKS.slice(0, 8));

    emps.push({
      tenantId: DEMO_TENANT_ID,
      id,
      name: p.name,
      pinyin: p.pinyin,
      employeeNo: 'E' + pad(i + 1, 6),
      mobile,
      email,
      title: title ?? null,
      rank,
      departmentIds,
      primaryDepartmentId: primary.id,
      managerId,
      hireDate,
      status,
      lastWorkingDay,
      departedAt,
      idNumber,
      gender: p.gender,
      birthDate,
      address,
      version: 0,
    });
  }

  // Heads report to the head of the parent department.
  for (const d of depts) {
    if (!d.managerId || !d.parentId) continue;
    const head = emps[Number(d.managerId.slice(1)) - 1];
    if (head) head.managerId = byId.get(d.parentId)?.managerId ?? null;
  }

  const departments: DepartmentRow[] = depts.map((d) => ({
    tenantId: DEMO_TENANT_ID,
    id: d.id,
    parentId: d.parentId,
    name: d.name,
    sort: d.sort,
    managerId: d.managerId,
    version: 0,
  }));
  return { departments, employees: emps };
}

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Two years of the demo accounts' sign-ins and sign-outs, up to two days before seeding, so the
 * sign-in log has an age: its retention policy's dry run and disposition have something to reach.
 */
export function signInHistory(seed: string, now: Date): (AuditInput & { at: Date })[] {
  const rng = new Rng(`${seed}/sign-ins`);
  const hour = 3_600_000;
  const day = 24 * hour;
  const end = now.getTime() - 2 * day;
  const events: (AuditInput & { at: Date })[] = [];
  for (const a of DEMO_ACCOUNTS) {
    for (let t = end - 730 * day + rng.int(0, 14 * day); t < end; t += rng.int(5, 20) * day + rng.int(0, 8 * hour)) {
      const session = `seed-${a.id}-${events.length}`;
      const who = { actorId: a.id, targetType: 'adminUser', targetId: a.id };
      events.push({ ...who, action: 'auth.signIn', details: { session }, at: new Date(t) });
      events.push({ ...who, action: 'auth.signOut', details: { session }, at: new Date(t + rng.int(1, 9) * hour) });
    }
  }
  return events.sort((x, y) => x.at.getTime() - y.at.getTime());
}

/**
 * Seeds the demo enterprise (tenant `demo`), its business data, its four admins and their
 * sign-in history. Idempotent: does nothing when the demo tenant exists. All rows are written in
 * one transaction with consecutive versions from a single bump of the tenant's counter.
 */
export async function seedDemo(db: CloudDb, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const existing = await db.select({ version: tenant.version }).from(tenant).where(eq(tenant.id, DEMO_TENANT_ID));
  if (existing[0]) return { created: false, tenantId: DEMO_TENANT_ID, departments: 0, employees: 0, rows: 0, head: Number(existing[0].version) };

  const data = generateDemo(opts);
  const biz = generateBusiness(`${opts.seed ?? DEFAULT_DEMO_SEED}/${opts.scale}`, DEMO_TENANT_ID, data.employees, { customers: opts.customers, approvals: opts.approvals });
  for (const d of data.departments) d.scope = [d.id];
  for (const e of data.employees) e.scope = e.departmentIds;
  const passwordHash = await hashPassword(DEMO_ADMIN_PASSWORD);
  const assignments: (typeof adminRoleAssignment.$inferInsert)[] = DEMO_ACCOUNTS.map((a) => ({
    tenantId: DEMO_TENANT_ID,
    id: `ra-${a.id}`,
    version: 0,
    userId: a.id,
    employeeId: null,
    role: a.role,
    scopeDepartmentIds: [...a.scope],
    // An org admin's assignment is visible inside its own scope; tenant-wide ones to tenant-wide roles.
    scope: [...a.scope],
  }));
  const groups: [SyncedTable, { version: number }[]][] = [
    [department, data.departments],
    [employee, data.employees],
    [adminRoleAssignment, assignments],
    [customer, biz.customers],
    [contact, biz.contacts],
    [followUp, biz.followUps],
    [approval, biz.approvals],
    [approvalTask, biz.approvalTasks],
    [consentRecord, biz.consentRecords],
  ];
  const result = await db.transaction(async (tx: CloudTx) => {
    const inserted = await tx.insert(tenant).values({ id: DEMO_TENANT_ID, name: DEMO_TENANT_NAME }).onConflictDoNothing().returning({ id: tenant.id });
    if (inserted.length === 0) return { created: false, tenantId: DEMO_TENANT_ID, departments: 0, employees: 0, rows: 0, head: 0 };
    const total = groups.reduce((n, [, rows]) => n + rows.length, 0);
    let version = total > 0 ? await bumpVersion(tx, DEMO_TENANT_ID, total) : 0;
    for (const [, rows] of groups) for (const r of rows) r.version = version++;
    for (const [table, rows] of groups) await insertBatches(rows, (b) => tx.insert(table).values(b));
    await tx.insert(adminUser).values(DEMO_ACCOUNTS.map((a) => ({ id: a.id, tenantId: DEMO_TENANT_ID, email: a.email, name: a.name, passwordHash, role: a.role })));
    await appendAuditEvents(tx, DEMO_TENANT_ID, signInHistory(opts.seed ?? DEFAULT_DEMO_SEED, new Date()));
    return { created: true, tenantId: DEMO_TENANT_ID, departments: data.departments.length, employees: data.employees.length, rows: total, head: total };
  });
  // Fresh statistics for the planner: without them PostgreSQL guesses a few hundred rows per table
  // and reads every remaining row for each sync page (found by npm run bench on the L tenant).
  // VACUUM too: it sets the freshly loaded rows' hint bits and visibility map now, instead of the
  // first sync writing them page by page while autovacuum competes for the same two cores.
  if (result.created) await db.execute(sql`vacuum (analyze)`);
  return result;
}
