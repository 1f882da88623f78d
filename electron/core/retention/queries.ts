import type { CommandArgs } from '../../../shared/commands.js';
import type { LegalHoldRow, RetentionCategoryRow } from '../../../shared/contract.js';
import { ANONYMISED, RETENTION_CATEGORIES, type RetentionCategory } from '../../../shared/catalogue.js';
import { CustosError } from '../../../shared/errors.js';
import { CATEGORY_RULES, policyProblems, type RetentionPolicyValues } from '../../../shared/retention.js';
import type { CacheDb } from '../db/open.js';

/**
 * The retention screen's data from the cache: each category's bounds and policy (with a change
 * still in the outbox shown as pending), and the legal holds with their subjects' names.
 */
const all = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).all(...params) as T[];
const one = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).get(...params) as T | undefined;

export function retentionOverview(db: CacheDb): { categories: RetentionCategoryRow[]; holds: LegalHoldRow[] } {
  const stored = new Map(
    all<{ category: RetentionCategory; periodMonths: number; trigger: RetentionPolicyValues['trigger']; action: RetentionPolicyValues['action']; enabled: number; updatedAt: string }>(
      db,
      'SELECT category, period_months AS periodMonths, trigger, action, enabled, updated_at AS updatedAt FROM retention_policy',
    ).map((p) => [p.category, { ...p, enabled: p.enabled === 1 }]),
  );
  // The latest queued change per category wins over the cached row until the cloud answers.
  const queued = new Map<RetentionCategory, RetentionPolicyValues>();
  for (const q of all<{ args: string }>(db, "SELECT args FROM outbox WHERE name = 'retention.setPolicy' AND status = 'pending' ORDER BY seq")) {
    const args = JSON.parse(q.args) as RetentionPolicyValues;
    queued.set(args.category, args);
  }
  const categories = RETENTION_CATEGORIES.map((category): RetentionCategoryRow => {
    const rules = CATEGORY_RULES[category];
    const pending = queued.get(category);
    const current = stored.get(category);
    return {
      category,
      triggers: [...rules.triggers],
      actions: [...rules.actions],
      floorMonths: rules.floor.months,
      floorReason: rules.floor.reason,
      ceilingMonths: rules.ceiling.months,
      ceilingReason: rules.ceiling.reason,
      policy: pending ? { ...pending, updatedAt: null } : current ? { category, periodMonths: current.periodMonths, trigger: current.trigger, action: current.action, enabled: current.enabled, updatedAt: current.updatedAt } : null,
      pending: pending !== undefined,
    };
  });

  const name = (type: string, id: string) =>
    one<{ name: string }>(db, type === 'employee' ? 'SELECT name FROM employee WHERE id = ?' : type === 'contact' ? 'SELECT name FROM contact WHERE id = ?' : 'SELECT name FROM customer WHERE id = ?', id)?.name ?? null;
  const holds: LegalHoldRow[] = all<Omit<LegalHoldRow, 'subjectName' | 'pending'>>(
    db,
    `SELECT id, subject_type AS subjectType, subject_id AS subjectId, reason, placed_at AS placedAt, released_at AS releasedAt, release_reason AS releaseReason
     FROM legal_hold ORDER BY released_at IS NOT NULL, placed_at DESC`,
  ).map((h) => ({ ...h, subjectName: name(h.subjectType, h.subjectId), pending: false }));
  const known = new Set(holds.map((h) => h.id));
  for (const q of all<{ name: string; args: string; createdAt: string }>(db, "SELECT name, args, created_at AS createdAt FROM outbox WHERE name IN ('legalHold.place', 'legalHold.release') AND status = 'pending' ORDER BY seq")) {
    if (q.name === 'legalHold.place') {
      const a = JSON.parse(q.args) as CommandArgs<'legalHold.place'>;
      if (!known.has(a.id)) holds.unshift({ id: a.id, subjectType: a.subjectType, subjectId: a.subjectId, subjectName: name(a.subjectType, a.subjectId), reason: a.reason, placedAt: null, releasedAt: null, releaseReason: null, pending: true });
    } else {
      const a = JSON.parse(q.args) as CommandArgs<'legalHold.release'>;
      const h = holds.find((x) => x.id === a.id);
      if (h) h.pending = true;
    }
  }
  return { categories, holds };
}

/** The same bounds the cloud enforces, answered at once with the field and the reason. */
export function checkPolicy(values: RetentionPolicyValues): void {
  const problems = policyProblems(values);
  if (problems.length > 0) throw new CustosError('INVALID_INPUT', `This policy cannot be saved: ${problems.map((p) => `${p.path} ${p.message}`).join(', ')}.`, problems);
}

export function checkHold(db: CacheDb, args: CommandArgs<'legalHold.place'>): void {
  const table = args.subjectType === 'employee' ? 'employee' : args.subjectType === 'contact' ? 'contact' : 'customer';
  if (!one(db, `SELECT 1 AS x FROM ${table} WHERE id = ?`, args.subjectId)) throw new CustosError('NOT_FOUND', 'No such subject in the cache.');
  const open = one(db, 'SELECT 1 AS x FROM legal_hold WHERE subject_type = ? AND subject_id = ? AND released_at IS NULL', args.subjectType, args.subjectId);
  if (open) throw new CustosError('INVALID_INPUT', 'A hold on this subject is already in force.', [{ path: 'subjectId', message: 'already_held' }]);
}

/** Age buckets of the dashboard, by years since each record's retention clock started. */
export const AGE_BUCKETS = ['lt1', 'y1to2', 'y2to3', 'y3to5', 'gt5'] as const;

/**
 * Data held per category by age, as this console's cache sees it (a compliance officer's cache
 * holds the whole tenant), how much each enabled policy would reach now, and holds in force.
 * The clock of each category: departure, the customer's last activity, creation, closure.
 */
export function retentionDashboard(db: CacheDb, now: Date): { categories: { category: RetentionCategory; buckets: Record<(typeof AGE_BUCKETS)[number], number>; total: number; dueNow: number | null }[]; holdsInForce: number } {
  const clocks: Partial<Record<RetentionCategory, { sql: string; params?: unknown[] }>> = {
    departed_employee_profile: { sql: `SELECT departed_at AS t FROM employee WHERE status = 'departed' AND departed_at IS NOT NULL AND name <> ?`, params: [ANONYMISED] },
    customer_contact: { sql: `SELECT coalesce(c.last_activity_at, c.created_at) AS t FROM contact k JOIN customer c ON c.id = k.customer_id WHERE k.name <> ?`, params: [ANONYMISED] },
    follow_up: { sql: 'SELECT at AS t FROM follow_up' },
    approval_record: { sql: "SELECT coalesce(closed_at, created_at) AS t FROM approval WHERE title <> ''" },
    consent_record: { sql: 'SELECT at AS t FROM consent_record' },
  };
  const policies = new Map(
    all<{ category: RetentionCategory; periodMonths: number; enabled: number }>(db, 'SELECT category, period_months AS periodMonths, enabled FROM retention_policy').map((p) => [p.category, p]),
  );
  const yearMs = 365.25 * 24 * 3600_000;
  const categories = RETENTION_CATEGORIES.flatMap((category) => {
    const clock = clocks[category];
    if (!clock) return [];
    const buckets = { lt1: 0, y1to2: 0, y2to3: 0, y3to5: 0, gt5: 0 };
    const policy = policies.get(category);
    const cutoff = policy?.enabled ? new Date(now.getFullYear(), now.getMonth() - policy.periodMonths, now.getDate()).toISOString() : null;
    let dueNow = 0;
    let total = 0;
    for (const { t } of db.$client.prepare(clock.sql).iterate(...(clock.params ?? [])) as Iterable<{ t: string | null }>) {
      if (!t) continue;
      total++;
      const age = (now.getTime() - Date.parse(t)) / yearMs;
      buckets[age < 1 ? 'lt1' : age < 2 ? 'y1to2' : age < 3 ? 'y2to3' : age < 5 ? 'y3to5' : 'gt5']++;
      if (cutoff && t < cutoff) dueNow++;
    }
    return [{ category, buckets, total, dueNow: cutoff ? dueNow : null }];
  });
  const holdsInForce = one<{ n: number }>(db, 'SELECT count(*) AS n FROM legal_hold WHERE released_at IS NULL')!.n;
  return { categories, holdsInForce };
}
