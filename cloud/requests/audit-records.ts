import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { SubjectAudit } from '../../shared/cloud-protocol.js';
import type { CloudExecutor } from '../db/open.js';
import { auditEvent, dataSubjectRequest } from '../db/schema.js';

/** At most this many events go into one copy (the newest); the answer says when more exist. */
export const SUBJECT_AUDIT_LIMIT = 5_000;

/**
 * The operation-log events about one person, for their personal-information copy: events whose
 * target is them, or whose details name them (a hold on them, a request about them, an
 * offboarding of theirs), and every event of the requests they made (verify, update, extend,
 * pause, …: those name the request, not the person, so they are found through the register).
 * Details hold ids, field names and counts, never values.
 */
export async function subjectAuditEvents(db: CloudExecutor, tenantId: string, subjectId: string): Promise<SubjectAudit> {
  const rows = await db
    .select()
    .from(auditEvent)
    .where(
      and(
        eq(auditEvent.tenantId, tenantId),
        or(
          eq(auditEvent.targetId, subjectId),
          sql`${auditEvent.details}->>'subjectId' = ${subjectId}`,
          sql`${auditEvent.details}->>'employeeId' = ${subjectId}`,
          and(
            eq(auditEvent.targetType, 'dataSubjectRequest'),
            inArray(
              auditEvent.targetId,
              db
                .select({ id: dataSubjectRequest.id })
                .from(dataSubjectRequest)
                .where(and(eq(dataSubjectRequest.tenantId, tenantId), eq(dataSubjectRequest.subjectId, subjectId))),
            ),
          ),
        ),
      ),
    )
    .orderBy(desc(auditEvent.seq))
    .limit(SUBJECT_AUDIT_LIMIT + 1);
  return {
    truncated: rows.length > SUBJECT_AUDIT_LIMIT,
    events: rows
      .slice(0, SUBJECT_AUDIT_LIMIT)
      .reverse()
      .map((r) => ({ seq: Number(r.seq), at: r.at.toISOString(), action: r.action, actorId: r.actorId, targetType: r.targetType, targetId: r.targetId, details: r.details })),
  };
}
