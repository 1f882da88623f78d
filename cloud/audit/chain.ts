import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type CloudDb, type CloudExecutor, type CloudTx } from '../db/open.js';
import { auditEvent, tenant } from '../db/schema.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { lockTenant } from '../sync/versioning.js';
import { REDACTED_ACTOR, type AUDIT_PROBLEMS } from '../../shared/audit.js';
import type { AuditAction } from '../../shared/audit-text.js';
import { CATEGORY_RULES, cutoffOf } from '../../shared/retention.js';


/**
 * The tenant's tamper-evident audit trail: each event's hash covers its content and the hash
 * before it. Appending must happen inside the transaction that does the audited work, after the
 * tenant row is locked (bumpVersion or lockTenant), so events chain in commit order.
 */
export interface AuditInput {
  actorId: string;
  /** One of the actions the console has words for (shared/audit-text.ts). */
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  /** No secrets, no personal values: ids, field names, counts. */
  details?: Record<string, unknown>;
}


type EventBody = { seq: number; at: Date; actorId: string; action: string; targetType: string | null; targetId: string | null; details: unknown };

const sha256 = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** The digest of an event's personal part: who acted, on which record, with which ids. */
export function privateDigestOf(e: Pick<EventBody, 'actorId' | 'targetId' | 'details'>): string {
  return sha256(canonicalJson([e.actorId, e.targetId, e.details]));
}

/**
 * An event's link in the chain: the previous hash, what happened and when in clear, and the
 * personal part only through its digest, so retention can clear that part (redactEvents) and
 * the chain, and the when and what, still verify.
 */
export function eventHash(prevHash: string, e: Pick<EventBody, 'seq' | 'at' | 'action' | 'targetType'>, privateDigest: string): string {
  return sha256(prevHash, '\n', canonicalJson([e.seq, e.at.toISOString(), e.action, e.targetType, privateDigest]));
}

/** The link of an event chained before the personal part had its own digest (upgradeLegacyChain). */
export function legacyEventHash(prevHash: string, e: EventBody): string {
  return sha256(prevHash, '\n', canonicalJson([e.seq, e.at.toISOString(), e.actorId, e.action, e.targetType, e.targetId, e.details]));
}

/**
 * An event whose sequence number and link are filled in by the statement that also takes the
 * tenant's versions (a push command's last statement, cloud/sync/push.ts), so the tenant row is
 * locked only from that statement to the commit. `linkSuffix` is the part of the hashed text after
 * the sequence number: the link is SHA-256 of `prev + "\n[" + seq + linkSuffix`, which equals
 * eventHash (checked in the chain's tests) and which SQL computes as `linkSql` does.
 */
export function pendingEvent(input: AuditInput, at: Date) {
  const event = {
    at: new Date(Math.floor(at.getTime())),
    actorId: input.actorId,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    details: input.details ?? {},
  };
  const privateDigest = privateDigestOf(event);
  const linkSuffix = canonicalJson([0, event.at.toISOString(), event.action, event.targetType, privateDigest]).slice(2);
  return { ...event, privateDigest, linkSuffix };
}

/** The link of a pending event in SQL, from its chain head's hash and its sequence number (SQL expressions). */
export const linkSql = (prev: SQL, seq: SQL, linkSuffix: string): SQL => sql`encode(sha256(convert_to(${prev} || ${'\n['} || (${seq})::text || ${linkSuffix}, 'UTF8')), 'hex')`;

export async function appendAudit(tx: CloudTx, tenantId: string, input: AuditInput, at: Date = new Date()): Promise<number> {
  return (await appendAuditEvents(tx, tenantId, [{ ...input, at }]))[0]!;
}

/** Several events at once, in the order given (one insert; e.g. the demo's sign-in history). */
export async function appendAuditEvents(tx: CloudTx, tenantId: string, inputs: readonly (AuditInput & { at: Date })[]): Promise<number[]> {
  if (inputs.length === 0) return [];
  const rows = await tx
    .update(tenant)
    .set({ auditSeq: sql`${tenant.auditSeq} + ${inputs.length}` })
    .where(eq(tenant.id, tenantId))
    .returning({ seq: tenant.auditSeq, prev: tenant.auditHash });
  const head = rows[0];
  if (!head) throw new Error('appendAudit: tenant not found');
  let prevHash = head.prev;
  const values = inputs.map((input, i) => {
    const event = {
      seq: Number(head.seq) - inputs.length + 1 + i,
      // Millisecond precision, so the stored time reads back exactly and hashes the same.
      at: new Date(Math.floor(input.at.getTime())),
      actorId: input.actorId,
      action: input.action,
      targetType: input.targetType ?? null,
      targetId: input.targetId ?? null,
      details: input.details ?? {},
    };
    const privateDigest = privateDigestOf(event);
    const hash = eventHash(prevHash, event, privateDigest);
    const row = { tenantId, ...event, privateDigest, prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < values.length; i += 1000) await tx.insert(auditEvent).values(values.slice(i, i + 1000));
  await tx.update(tenant).set({ auditHash: prevHash }).where(eq(tenant.id, tenantId));
  return values.map((v) => v.seq);
}

export type ChainProblem = (typeof AUDIT_PROBLEMS)[number];
export type ChainVerdict = { ok: true; events: number; redacted: number } | { ok: false; events: number; redacted: number; brokenAt: number; problem: ChainProblem };

export { REDACTED_ACTOR };

/** The service's own actors ('system', 'system:retention', 'system:scheduler') start so. */
export const SYSTEM_ACTOR_PREFIX = 'system';

/** Sign-in logs are the events whose action starts so; every other event is an operation log. */
export const SIGN_IN_ACTION_PREFIX = 'auth.';
export const auditCategoryOf = (action: string): 'sign_in_log' | 'operation_log' => (action.startsWith(SIGN_IN_ACTION_PREFIX) ? 'sign_in_log' : 'operation_log');

type EventRow = typeof auditEvent.$inferSelect;

/**
 * Why an event does not verify, or null. A redacted event's personal part is gone, so only its
 * shape can be checked: cleared, and old enough that its category's floor allowed clearing it
 * (so clearing a recent event, to hide who did it, still shows).
 */
function eventProblem(r: EventRow, prev: string, now: Date): ChainProblem | null {
  const seq = Number(r.seq);
  if (r.privateDigest === null) {
    if (r.redaction !== null) return 'bad_redaction';
    return legacyEventHash(prev, { ...r, seq }) === r.hash ? null : 'hash_mismatch';
  }
  if (eventHash(prev, { seq, at: r.at, action: r.action, targetType: r.targetType }, r.privateDigest) !== r.hash) return 'hash_mismatch';
  if (r.redaction === null) return privateDigestOf(r) === r.privateDigest ? null : 'hash_mismatch';
  const cleared = r.actorId === REDACTED_ACTOR && r.targetId === null && Object.keys(r.details).length === 0;
  const floor = new Date(cutoffOf(CATEGORY_RULES[auditCategoryOf(r.action)].floor.months, now));
  return cleared && r.at < floor ? null : 'bad_redaction';
}

/**
 * Walks the tenant's chain in sequence order and reports the first broken link: an edited event
 * (its hash no longer matches), a deleted one (a gap in seq, or the next event's prevHash points
 * elsewhere), reordered ones (prevHash mismatch), a truncated tail (tenant head disagrees), or
 * a redaction retention could not have made.
 */
export async function verifyAuditChain(db: CloudExecutor, tenantId: string, opts: { now?: Date; batch?: number } = {}): Promise<ChainVerdict> {
  const now = opts.now ?? new Date();
  const batch = opts.batch ?? 5000;
  let prev = '';
  let expectedSeq = 1;
  let events = 0;
  let redacted = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.tenantId, tenantId), gt(auditEvent.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvent.seq))
      .limit(batch);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, events, redacted, brokenAt: expectedSeq, problem: 'missing_event' };
      if (r.prevHash !== prev) return { ok: false, events, redacted, brokenAt: seq, problem: 'broken_link' };
      const problem = eventProblem(r, prev, now);
      if (problem) return { ok: false, events, redacted, brokenAt: seq, problem };
      prev = r.hash;
      expectedSeq++;
      events++;
      if (r.redaction !== null) redacted++;
    }
    if (rows.length < batch) break;
  }
  const t = await db.select({ seq: tenant.auditSeq, hash: tenant.auditHash }).from(tenant).where(eq(tenant.id, tenantId));
  const head = t[0];
  if (head && (Number(head.seq) !== events || head.hash !== prev)) return { ok: false, events, redacted, brokenAt: events + 1, problem: 'head_mismatch' };
  return { ok: true, events, redacted };
}

/**
 * Clears the personal part of the given events (retention: operation logs anonymised, sign-in
 * logs deleted): the actor, the target id and the details go; when, what and the kind of
 * target stay, in clear and still covered by the chain. Events chained before the personal
 * part had its own digest are left alone (upgradeLegacyChain makes them eligible). Returns
 * how many were cleared. Call inside the transaction that holds the tenant lock.
 */
export async function redactEvents(tx: CloudTx, tenantId: string, seqs: readonly number[], redaction: 'anonymised' | 'deleted'): Promise<number> {
  if (seqs.length === 0) return 0;
  const rows = await tx
    .update(auditEvent)
    .set({ actorId: REDACTED_ACTOR, targetId: null, details: {}, redaction })
    .where(and(eq(auditEvent.tenantId, tenantId), inArray(auditEvent.seq, [...seqs]), isNull(auditEvent.redaction), isNotNull(auditEvent.privateDigest)))
    .returning({ seq: auditEvent.seq });
  return rows.length;
}

/**
 * Re-links a tenant's chain whose oldest events were hashed over their personal values
 * (before `private_digest`), so retention can clear those too. Only a chain that verifies as it
 * stands is re-linked, under the tenant lock, and the re-linking is itself an event naming the
 * old head; a broken chain is left exactly as found, for the verification to keep reporting.
 */
export async function upgradeLegacyChain(db: CloudDb, tenantId: string, now: Date = new Date()): Promise<{ relinked: number } | { refused: ChainVerdict }> {
  return db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const locked = await tx.select({ hash: tenant.auditHash }).from(tenant).where(eq(tenant.id, tenantId));
    const legacy = await tx.select({ seq: auditEvent.seq }).from(auditEvent).where(and(eq(auditEvent.tenantId, tenantId), isNull(auditEvent.privateDigest))).limit(1);
    if (legacy.length === 0) return { relinked: 0 };
    const verdict = await verifyAuditChain(tx, tenantId, { now });
    if (!verdict.ok) return { refused: verdict };
    let prev = '';
    let after = 0;
    for (;;) {
      const rows = await tx
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.tenantId, tenantId), gt(auditEvent.seq, after)))
        .orderBy(asc(auditEvent.seq))
        .limit(2000);
      if (rows.length === 0) break;
      const links = rows.map((r) => {
        const privateDigest = r.privateDigest ?? privateDigestOf(r);
        const hash = eventHash(prev, { seq: Number(r.seq), at: r.at, action: r.action, targetType: r.targetType }, privateDigest);
        const link = sql`(${Number(r.seq)}::bigint, ${privateDigest}, ${prev}, ${hash})`;
        prev = hash;
        return link;
      });
      await tx.execute(
        sql`update audit_event as t set private_digest = v.d, prev_hash = v.p, hash = v.h from (values ${sql.join(links, sql`, `)}) as v(s, d, p, h) where t.tenant_id = ${tenantId} and t.seq = v.s`,
      );
      after = Number(rows[rows.length - 1]!.seq);
    }
    await tx.update(tenant).set({ auditHash: prev }).where(eq(tenant.id, tenantId));
    await appendAudit(tx, tenantId, { actorId: 'system', action: 'audit.chainRelinked', targetType: 'tenant', targetId: tenantId, details: { events: verdict.events, previousHead: locked[0]?.hash ?? '' } }, now);
    return { relinked: verdict.events };
  });
}

/** Re-links every tenant's legacy chain (at start-up, after migrations). */
export async function upgradeLegacyChains(db: CloudDb, now: Date = new Date()): Promise<{ tenantId: string; relinked: number; refused: boolean }[]> {
  const tenants = rowsOf<{ tenant_id: string }>(await db.execute(sql`select distinct tenant_id from audit_event where private_digest is null`));
  const out: { tenantId: string; relinked: number; refused: boolean }[] = [];
  for (const { tenant_id: tenantId } of tenants) {
    const r = await upgradeLegacyChain(db, tenantId, now);
    out.push({ tenantId, relinked: 'relinked' in r ? r.relinked : 0, refused: 'refused' in r });
  }
  return out;
}

