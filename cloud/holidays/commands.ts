import { and, eq, inArray } from 'drizzle-orm';
import { scheduleDays, scheduleProblems, scheduleSummary, type HolidayEntry } from '../../shared/holidays.js';
import { COMPLIANCE_SCOPE, OPEN_REQUEST_STATUSES, PRC_CALENDAR, recountsFor, type DataSubjectRequest, type RequestEvent } from '../../shared/requests.js';
import { Rejected, visibleRow, type CommandContext, type Handlers } from '../commands/context.js';
import type { HolidayCommand } from '../commands/names.js';
import type { CloudTx } from '../db/open.js';
import { dataSubjectRequest } from '../db/schema.js';
import type { SyncedRow } from '../sync/entities.js';
import { insertRows, lockRow, patchRow, tombstoneRow } from '../sync/rows.js';
import { tenantCalendar } from './calendar.js';

/**
 * Imported PRC holiday schedules. An import is checked with the same rules the console's preview
 * shows (shared/holidays.ts), stored as the year's row (replacing an earlier import, and the
 * built-in year in the effective calendar), and the open requests whose PIPL deadline runs
 * through that year are recounted on the new calendar in the same transaction: the law counts
 * 15 working days on the State Council's schedule, so a deadline counted before the schedule
 * was known (weekends only) or on a schedule since corrected was provisional. Each recount is
 * an event in the request's history (from, to, the year), so the regulator's export shows why
 * the date moved; an extended deadline is a date the requester was told and stays.
 */
type RequestRow = SyncedRow & DataSubjectRequest;

async function recountOpenRequests(tx: CloudTx, ctx: CommandContext, year: number): Promise<{ references: string[]; version: number }> {
  const calendar = await tenantCalendar(tx, ctx.tenantId);
  const open = (await tx
    .select()
    .from(dataSubjectRequest)
    .where(
      and(
        eq(dataSubjectRequest.tenantId, ctx.tenantId),
        eq(dataSubjectRequest.deleted, false),
        eq(dataSubjectRequest.regime, 'pipl_working_days'),
        inArray(dataSubjectRequest.status, [...OPEN_REQUEST_STATUSES]),
      ),
    )
    .for('update')) as unknown as RequestRow[];
  const references: string[] = [];
  let version = 0;
  for (const { request: row, dueOn } of recountsFor(open, year, calendar)) {
    const ev: RequestEvent = { at: ctx.now().toISOString(), by: ctx.userId, action: 'request.recount', detail: { year, from: row.dueOn, to: dueOn } };
    version = await patchRow(tx, ctx, 'dataSubjectRequest', row, { dueOn, history: [...row.history, ev] });
    references.push(row.reference);
  }
  return { references, version };
}

function describe(problems: ReturnType<typeof scheduleProblems>): string {
  return problems
    .slice(0, 5)
    .map((p) => `${p.entry === null ? '' : `entry ${p.entry + 1}: `}${p.code.replace(/_/g, ' ')}${p.day ? ` (${p.day})` : ''}`)
    .join('; ');
}

export const holidayHandlers: Handlers<HolidayCommand> = {
  'holidayCalendar.import': async (tx, ctx, { id, year, entries, notice }) => {
    const problems = scheduleProblems(year, entries);
    if (problems.length > 0) throw new Rejected('invalid', `This schedule cannot be imported: ${describe(problems)}.`);
    const existing = await lockRow(tx, ctx.tenantId, 'holidayCalendar', id);
    const replaced = existing && !existing.deleted ? 'import' : year in PRC_CALENDAR ? 'built_in' : null;
    const data = { id, year, entries, notice, importedAt: ctx.now().toISOString(), importedBy: ctx.userId };
    const written = existing
      ? await patchRow(tx, ctx, 'holidayCalendar', existing, { ...data, deleted: false })
      : await insertRows(tx, ctx, 'holidayCalendar', [{ data, scope: [COMPLIANCE_SCOPE] }]);
    const recount = await recountOpenRequests(tx, ctx, year);
    const { weekdaysOff, makeUpDays } = scheduleSummary(scheduleDays(entries as HolidayEntry[]), year);
    return {
      version: Math.max(written, recount.version),
      target: { type: 'holidayCalendar', id },
      // The notice's reference is free text: the row keeps it, the chain keeps counts and codes.
      details: { year, entries: entries.length, weekdaysOff, makeUpDays, replaced, recounted: recount.references },
    };
  },

  'holidayCalendar.remove': async (tx, ctx, { id }) => {
    await visibleRow(tx, ctx, 'holidayCalendar', id);
    const year = Number(id);
    const removed = await tombstoneRow(tx, ctx.tenantId, 'holidayCalendar', id);
    const recount = await recountOpenRequests(tx, ctx, year);
    return {
      version: Math.max(removed, recount.version),
      target: { type: 'holidayCalendar', id },
      details: { year, restored: year in PRC_CALENDAR ? 'built_in' : null, recounted: recount.references },
    };
  },
};
