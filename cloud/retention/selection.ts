import { sql, type SQL } from 'drizzle-orm';
import type { DryRunResult } from '../../shared/cloud-protocol.js';
import type { RetentionCategory } from '../../shared/catalogue.js';
import type { EntityName } from '../../shared/domain.js';
import { cutoffOf, type RetentionPolicyValues } from '../../shared/retention.js';
import { rowsOf, type CloudExecutor } from '../db/open.js';
import { SIGN_IN_ACTION_PREFIX, SYSTEM_ACTOR_PREFIX } from '../audit/chain.js';

/**
 * Which records a policy reaches now: past their period counted from the policy's trigger, and
 * whether a legal hold in force protects them. The dry run reports this without writing; the
 * disposition will act on the same selection, so what the admin previews is what happens.
 * Timestamps are ISO-8601 text in UTC, so comparing them as text compares instants.
 */

/**
 * The subjects under a hold in force, as a subquery that does not refer to the row: PostgreSQL
 * reads it once into a hash table and probes it per row (a correlated `exists` ran an index scan
 * of legal_hold per row, most of a dry run's time at L: EXPLAIN ANALYZE in docs/performance.md).
 * `coalesce`: a row without the id (an event with no target) is not held by it.
 */
const held = (tenantId: string, subjectId: SQL, subjectType?: string) =>
  sql`coalesce(${subjectId} in (select h.subject_id from legal_hold h where h.tenant_id = ${tenantId} and h.deleted = false and h.released_at is null${subjectType ? sql` and h.subject_type = ${subjectType}` : sql``}), false)`;

interface Selection {
  /** FROM … with the main table aliased `t`. */
  from: SQL;
  /** Conditions that make a row due (besides tenant and tombstone). */
  due: SQL;
  /** The instant the period counts from. */
  since: SQL;
  /** A hold in force on the row's subject. */
  isHeld: SQL;
  label: SQL;
  /** What identifies a row (default `t.id`), and how an id read back as text is bound again. */
  key?: { column: SQL; bind: (id: string) => unknown };
  /** Rows retention has not handled yet (default: neither tombstoned nor anonymised). */
  live?: SQL;
}

/**
 * Operation logs or sign-in logs: audit events, whose personal part retention clears while the
 * chain keeps the event (cloud/audit/chain.ts redactEvents). A hold on anyone or anything an
 * event names keeps it. Events chained before their personal part had its own digest are not
 * selected (start-up re-links them; a chain that does not verify is left as found).
 */
function auditLogs(tenantId: string, signIns: boolean, cutoff: string): Selection {
  const isSignIn = sql`starts_with(t.action, ${SIGN_IN_ACTION_PREFIX})`;
  // The system's own events about the tenant (a disposition run and its counts) name no one.
  const namesSomeone = sql`not (starts_with(t.actor_id, ${SYSTEM_ACTOR_PREFIX}) and coalesce(t.target_type, 'tenant') = 'tenant')`;
  return {
    from: sql`audit_event t`,
    due: sql`t.at < cast(${cutoff} as timestamptz) and ${signIns ? isSignIn : sql`not ${isSignIn}`} and ${namesSomeone}`,
    since: sql`to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    isHeld: sql`(${held(tenantId, sql`t.actor_id`)} or ${held(tenantId, sql`t.target_id`)})`,
    label: sql`t.action`,
    key: { column: sql`t.seq`, bind: Number },
    live: sql`t.redaction is null and t.private_digest is not null`,
  };
}

function selectionFor(tenantId: string, p: RetentionPolicyValues, cutoff: string): Selection | null {
  switch (p.category) {
    case 'departed_employee_profile':
      return {
        from: sql`employee t`,
        due: sql`t.status = 'departed' and t.departed_at is not null and t.departed_at < ${cutoff}`,
        since: sql`t.departed_at`,
        isHeld: held(tenantId, sql`t.id`, 'employee'),
        label: sql`t.name || ' · ' || t.employee_no`,
      };
    case 'customer_contact': {
      const since = p.trigger === 'since_last_activity' ? sql`coalesce(c.last_activity_at, c.created_at)` : sql`c.created_at`;
      return {
        from: sql`contact t join customer c on c.tenant_id = t.tenant_id and c.id = t.customer_id`,
        due: sql`${since} < ${cutoff}`,
        since,
        isHeld: sql`(${held(tenantId, sql`t.id`, 'contact')} or ${held(tenantId, sql`c.id`, 'customer')})`,
        label: sql`t.name || ' · ' || c.name`,
      };
    }
    case 'follow_up': {
      const since = p.trigger === 'since_last_activity' ? sql`coalesce(c.last_activity_at, t.at)` : sql`t.at`;
      return {
        from: sql`follow_up t join customer c on c.tenant_id = t.tenant_id and c.id = t.customer_id`,
        due: sql`${since} < ${cutoff}`,
        since,
        isHeld: held(tenantId, sql`c.id`, 'customer'),
        label: sql`c.name || ' · ' || t.at`,
      };
    }
    case 'approval_record': {
      const since = p.trigger === 'since_closure' ? sql`t.closed_at` : sql`t.created_at`;
      return {
        from: sql`approval t`,
        due: sql`${since} is not null and ${since} < ${cutoff} and t.status <> 'in_progress'`,
        since,
        isHeld: held(tenantId, sql`t.applicant_id`, 'employee'),
        label: sql`t.title`,
      };
    }
    case 'consent_record':
      return {
        from: sql`consent_record t`,
        due: sql`t.at < ${cutoff}`,
        since: sql`t.at`,
        isHeld: sql`(${held(tenantId, sql`t.subject_id`, 'employee')} or ${held(tenantId, sql`t.subject_id`, 'contact')})`,
        label: sql`t.purpose || ' · ' || t.at`,
      };
    case 'operation_log':
      return auditLogs(tenantId, false, cutoff);
    case 'sign_in_log':
      return auditLogs(tenantId, true, cutoff);
    // Custos keeps no packages: a package is built in memory, handed to the admin and forgotten
    // (requests/package.ts); only its SHA-256 stays on the request. Nothing to select.
    case 'export_package':
      return null;
  }
}

/** The synced table a category's records live in (logs are audit events; packages are not kept). */
export const ENTITY_OF: Partial<Record<RetentionCategory, EntityName>> = {
  departed_employee_profile: 'employee',
  customer_contact: 'contact',
  follow_up: 'followUp',
  approval_record: 'approval',
  consent_record: 'consentRecord',
};

// Rows retention already handled are never due again.
const baseOf = (s: Selection, tenantId: string) => sql`from ${s.from} where t.tenant_id = ${tenantId} and ${s.live ?? sql`t.deleted = false and t.anonymised_at is null`} and ${s.due}`;
const keyOf = (s: Selection) => s.key ?? { column: sql`t.id`, bind: (id: string) => id };

/**
 * The ids due now and not held, oldest first; `among` narrows the question to given ids (a
 * disposition chunk checks its share again under the tenant lock, through the primary key).
 */
export async function dueIds(db: CloudExecutor, tenantId: string, policy: RetentionPolicyValues, now: Date, opts: { among?: readonly string[] } = {}): Promise<string[]> {
  const s = selectionFor(tenantId, policy, cutoffOf(policy.periodMonths, now));
  if (!s) return [];
  if (opts.among?.length === 0) return [];
  const key = keyOf(s);
  const among = opts.among ? sql` and ${key.column} in (${sql.join(opts.among.map((id) => sql`${key.bind(id)}`), sql`, `)})` : sql``;
  const rows = rowsOf<{ id: string }>(await db.execute(sql`select ${key.column}::text as id ${baseOf(s, tenantId)}${among} and not ${s.isHeld} order by ${s.since}, ${key.column}`));
  return rows.map((r) => r.id);
}

/**
 * The ids due now and not held, in pages of `pageSize` in id order (through the primary key): a
 * disposition reads its selection this way, since one result of several hundred thousand ids
 * held the event loop for up to 150 ms while it was parsed (npm run bench, retention).
 */
export async function* dueIdPages(db: CloudExecutor, tenantId: string, policy: RetentionPolicyValues, now: Date, pageSize = 10_000): AsyncGenerator<string[]> {
  const s = selectionFor(tenantId, policy, cutoffOf(policy.periodMonths, now));
  if (!s) return;
  const key = keyOf(s);
  let after: string | null = null;
  for (;;) {
    const past: SQL = after === null ? sql`` : sql` and ${key.column} > ${key.bind(after)}`;
    const rows: { id: string }[] = rowsOf<{ id: string }>(await db.execute(sql`select ${key.column}::text as id ${baseOf(s, tenantId)}${past} and not ${s.isHeld} order by ${key.column} limit ${pageSize}`));
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    after = rows[rows.length - 1]!.id;
  }
}

export async function dryRun(db: CloudExecutor, tenantId: string, policy: RetentionPolicyValues, now: Date, sampleSize = 5): Promise<DryRunResult> {
  const cutoff = cutoffOf(policy.periodMonths, now);
  const s = selectionFor(tenantId, policy, cutoff);
  if (!s) return { category: policy.category, action: policy.action, supported: false, cutoff, due: 0, held: 0, samples: [] };
  const base = baseOf(s, tenantId);
  // One pass, the hold checked once per row: due = all − held.
  const [counts] = rowsOf<{ total: number | string; held: number | string }>(await db.execute(sql`select count(*) as total, count(*) filter (where ${s.isHeld}) as held ${base}`));
  const samples = rowsOf<{ id: string; label: string; since: string }>(
    await db.execute(sql`select ${keyOf(s).column}::text as id, ${s.label} as label, ${s.since} as since ${base} and not ${s.isHeld} order by ${s.since}, ${keyOf(s).column} limit ${sampleSize}`),
  );
  return { category: policy.category, action: policy.action, supported: true, cutoff, due: Number(counts?.total ?? 0) - Number(counts?.held ?? 0), held: Number(counts?.held ?? 0), samples };
}
