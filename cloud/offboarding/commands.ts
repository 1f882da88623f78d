import { and, eq } from 'drizzle-orm';
import { Rejected, visibleRow, type CommandContext, type Handlers } from '../commands/context.js';
import type { OffboardingCommand } from '../commands/names.js';
import type { CloudTx } from '../db/open.js';
import { offboarding } from '../db/schema.js';
import type { SyncedRow } from '../sync/entities.js';
import { insertRows, lockRow, patchRow } from '../sync/rows.js';
import { checkSuccessors, handoverCounts, performHandover, tenantDay } from './handover.js';

type OffboardingRow = SyncedRow & { employeeId: string; status: string; lastWorkingDay: string };

const handoverContext = (ctx: CommandContext) => ({ tenantId: ctx.tenantId, clientId: ctx.clientId, visibility: ctx.visibility, now: ctx.now() });

async function hasOpenOffboarding(tx: CloudTx, tenantId: string, employeeId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: offboarding.id })
    .from(offboarding)
    .where(and(eq(offboarding.tenantId, tenantId), eq(offboarding.employeeId, employeeId), eq(offboarding.status, 'scheduled'), eq(offboarding.deleted, false)));
  return rows.length > 0;
}

/** 办理离职, undo before it runs, rehire afterwards. */
export const offboardingHandlers: Handlers<OffboardingCommand> = {
  'employee.offboard': async (tx, ctx, { id, employeeId, lastWorkingDay, plan, seen }) => {
    if (await offboardingExists(tx, ctx, id)) throw new Rejected('invalid', 'An offboarding with this id already exists.');
    const leaver = (await visibleRow(tx, ctx, 'employee', employeeId)) as SyncedRow & { status: string; departmentIds: string[] };
    if (leaver.status === 'departed') throw new Rejected('invalid', 'The employee has already left.');
    if (await hasOpenOffboarding(tx, ctx.tenantId, employeeId)) throw new Rejected('invalid', 'An offboarding is already scheduled for this employee.');
    const hctx = handoverContext(ctx);
    const today = tenantDay(hctx.now);
    if (lastWorkingDay !== null && lastWorkingDay < today) throw new Rejected('invalid', `lastWorkingDay: ${lastWorkingDay} has passed; choose today or later, or offboard at once.`);
    await checkSuccessors(tx, hctx, employeeId, plan);
    const immediate = lastWorkingDay === null;
    const row = { id, employeeId, lastWorkingDay: lastWorkingDay ?? today, immediate, status: 'scheduled', plan, seen, createdAt: hctx.now.toISOString(), createdBy: ctx.userId, completedAt: null, result: null };
    let version = await insertRows(tx, ctx, 'offboarding', [{ data: row, scope: leaver.departmentIds }]);
    let counts: Record<string, number> = {};
    if (immediate) {
      const result = await performHandover(tx, hctx, row);
      version = await patchRow(tx, ctx, 'offboarding', (await lockRow(tx, ctx.tenantId, 'offboarding', id))!, { status: 'completed', completedAt: hctx.now.toISOString(), result });
      counts = handoverCounts(result);
    }
    return { version, target: { type: 'offboarding', id }, details: { employeeId, immediate, lastWorkingDay: row.lastWorkingDay, ...counts } };
  },

  'offboarding.cancel': async (tx, ctx, { id }) => {
    const row = (await visibleRow(tx, ctx, 'offboarding', id)) as OffboardingRow;
    if (row.status !== 'scheduled' && row.status !== 'failed') throw new Rejected('invalid', `This offboarding is ${row.status}; only a scheduled or failed one can be cancelled.`);
    const version = await patchRow(tx, ctx, 'offboarding', row, { status: 'cancelled', completedAt: ctx.now().toISOString() });
    return { version, target: { type: 'offboarding', id }, details: { employeeId: row.employeeId } };
  },

  'employee.rehire': async (tx, ctx, { id }) => {
    const row = (await visibleRow(tx, ctx, 'offboarding', id)) as OffboardingRow;
    if (row.status !== 'completed') throw new Rejected('invalid', `This offboarding is ${row.status}; only a completed one can be undone by rehiring.`);
    const person = (await visibleRow(tx, ctx, 'employee', row.employeeId)) as SyncedRow & { status: string };
    if (person.status !== 'departed') throw new Rejected('invalid', 'The employee is not departed.');
    await patchRow(tx, ctx, 'employee', person, { status: 'active', lastWorkingDay: null, departedAt: null });
    const version = await patchRow(tx, ctx, 'offboarding', row, { status: 'rehired' });
    return { version, target: { type: 'offboarding', id }, details: { employeeId: row.employeeId } };
  },
};

async function offboardingExists(tx: CloudTx, ctx: CommandContext, id: string): Promise<boolean> {
  return (await lockRow(tx, ctx.tenantId, 'offboarding', id)) !== undefined;
}
