import { and, eq } from 'drizzle-orm';
import { CustosError } from '../../shared/errors.js';
import type { RevealableField } from '../../shared/masking.js';
import { appendAudit } from '../audit/chain.js';
import type { CloudDb } from '../db/open.js';
import { employee } from '../db/schema.js';
import { canSee, type Visibility } from '../scope/visibility.js';

export interface RevealContext {
  tenantId: string;
  userId: string;
  visibility: Visibility;
  now: Date;
}

/**
 * One masked field of one employee in clear (POST /org/reveal; the route checks the role). The
 * reveal is appended to the audit chain (the field's name, never its value) in the transaction
 * that reads the value: a value leaves the cloud only with its record. A row outside the
 * caller's scope is answered like a missing one.
 */
export async function revealField(db: CloudDb, ctx: RevealContext, id: string, field: RevealableField): Promise<string | null> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ value: employee[field], scope: employee.scope })
      .from(employee)
      .where(and(eq(employee.tenantId, ctx.tenantId), eq(employee.id, id), eq(employee.deleted, false)));
    const row = rows[0];
    if (!row || !canSee(ctx.visibility, row.scope)) throw new CustosError('NOT_FOUND', 'This employee does not exist or is outside your scope.');
    await appendAudit(tx, ctx.tenantId, { actorId: ctx.userId, action: 'audit.reveal', targetType: 'employee', targetId: id, details: { field } }, ctx.now);
    return (row.value as string | null) ?? null;
  });
}
