import { and, eq, isNull } from 'drizzle-orm';
import { policyProblems } from '../../shared/retention.js';
import { Rejected, visibleRow, type Handlers } from '../commands/context.js';
import type { RetentionCommand } from '../commands/names.js';
import { legalHold } from '../db/schema.js';
import { insertRows, lockRow, patchRow } from '../sync/rows.js';
import type { SyncedRow } from '../sync/entities.js';

/**
 * Retention policies and legal holds. A policy is refused below its category's floor or above
 * its ceiling (shared/retention.ts), whatever the console sent. A hold protects its subject
 * from disposition until released; both are audited like every command.
 */
const SUBJECT_ENTITY = { employee: 'employee', contact: 'contact', customer: 'customer' } as const;

export const retentionHandlers: Handlers<RetentionCommand> = {
  'retention.setPolicy': async (tx, ctx, { id: _id, ...values }) => {
    const problems = policyProblems(values);
    if (problems.length > 0) throw new Rejected('invalid', `This policy cannot be saved: ${problems.map((p) => `${p.path} ${p.message}`).join(', ')}.`);
    const data = { ...values, id: values.category, updatedAt: ctx.now().toISOString(), updatedBy: ctx.userId };
    const existing = await lockRow(tx, ctx.tenantId, 'retentionPolicy', values.category);
    const version = existing
      ? await patchRow(tx, ctx, 'retentionPolicy', existing, { ...data, deleted: false })
      : await insertRows(tx, ctx, 'retentionPolicy', [{ data, scope: null }]);
    return {
      version,
      target: { type: 'retentionPolicy', id: values.category },
      details: { periodMonths: values.periodMonths, trigger: values.trigger, action: values.action, enabled: values.enabled, previous: existing ? { periodMonths: existing.periodMonths, enabled: existing.enabled } : null },
    };
  },

  'legalHold.place': async (tx, ctx, { id, subjectType, subjectId, reason }) => {
    if (await lockRow(tx, ctx.tenantId, 'legalHold', id)) throw new Rejected('invalid', 'A hold with this id already exists.');
    const subject = await visibleRow(tx, ctx, SUBJECT_ENTITY[subjectType], subjectId);
    const open = await tx
      .select({ id: legalHold.id })
      .from(legalHold)
      .where(and(eq(legalHold.tenantId, ctx.tenantId), eq(legalHold.subjectType, subjectType), eq(legalHold.subjectId, subjectId), isNull(legalHold.releasedAt), eq(legalHold.deleted, false)));
    if (open.length > 0) throw new Rejected('invalid', 'A hold on this subject is already in force.');
    const data = { id, subjectType, subjectId, reason, placedBy: ctx.userId, placedAt: ctx.now().toISOString(), releasedAt: null, releasedBy: null, releaseReason: null };
    const version = await insertRows(tx, ctx, 'legalHold', [{ data, scope: subject.scope }]);
    // The reason may name people: the audit keeps that a hold was placed on what, not why.
    return { version, target: { type: 'legalHold', id }, details: { subjectType, subjectId } };
  },

  'legalHold.release': async (tx, ctx, { id, reason }) => {
    const hold = (await visibleRow(tx, ctx, 'legalHold', id)) as SyncedRow & { releasedAt: string | null; subjectType: string; subjectId: string };
    if (hold.releasedAt) throw new Rejected('invalid', 'This hold has already been released.');
    const version = await patchRow(tx, ctx, 'legalHold', hold, { releasedAt: ctx.now().toISOString(), releasedBy: ctx.userId, releaseReason: reason });
    return { version, target: { type: 'legalHold', id }, details: { subjectType: hold.subjectType, subjectId: hold.subjectId } };
  },
};
