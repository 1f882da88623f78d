import type { CommandArgs } from '../../../shared/commands.js';
import type { HolidayCalendarRow } from '../../../shared/domain.js';
import { CustosError } from '../../../shared/errors.js';
import { effectiveCalendar, entriesOf, scheduleDays, scheduleProblems, scheduleSummary, type HolidayEntry, type HolidayYear } from '../../../shared/holidays.js';
import { PRC_CALENDAR, type HolidayCalendar } from '../../../shared/requests.js';
import type { CacheDb } from '../db/open.js';
import { readRow } from '../sync/entities.js';

/**
 * The holiday schedules this console counts deadlines on: the built-in table and the tenant's
 * imported years as last pulled (a queued import counts once the cloud has applied it, so the
 * console and the cloud never count on different calendars for long).
 */
function importedRows(db: CacheDb): HolidayCalendarRow[] {
  const ids = db.$client.prepare('SELECT id FROM holiday_calendar ORDER BY year').all() as { id: string }[];
  return ids.map((r) => readRow(db, 'holidayCalendar', r.id)!.data as HolidayCalendarRow);
}

/** The effective calendar: shared/holidays.ts's merge of the built-in table and the cached imports, as the cloud makes it from its rows. */
export function tenantCalendar(db: CacheDb): HolidayCalendar {
  return effectiveCalendar(importedRows(db));
}

/** The effective calendar if `year`'s schedule became `entries` (null: the import removed), for the import preview. */
export function calendarWith(db: CacheDb, year: number, entries: readonly HolidayEntry[] | null): HolidayCalendar {
  const others = importedRows(db).filter((r) => r.year !== year);
  return effectiveCalendar(entries ? [...others, { year, entries }] : others);
}

type Queued = { name: 'holidayCalendar.import' | 'holidayCalendar.remove'; args: { id: string } & Partial<CommandArgs<'holidayCalendar.import'>> };

function queued(db: CacheDb): Queued[] {
  const rows = db.$client.prepare("SELECT name, args FROM outbox WHERE status = 'pending' AND entity = 'holidayCalendar' ORDER BY seq").all() as { name: Queued['name']; args: string }[];
  return rows.map((r) => ({ name: r.name, args: JSON.parse(r.args) as Queued['args'] }));
}

/** Every year held (built in, imported, or with an import still queued), newest first; `people`: admins' names by user id. */
export function listHolidayYears(db: CacheDb, people: ReadonlyMap<string, string>): { years: HolidayYear[]; calendar: Record<string, { off: string[]; work: string[] }> } {
  const imported = new Map(importedRows(db).map((r) => [r.year, r]));
  const pending = queued(db);
  const years = new Set<number>([...Object.keys(PRC_CALENDAR).map(Number), ...imported.keys(), ...pending.map((q) => Number(q.args.id))]);
  const out: HolidayYear[] = [...years]
    .sort((a, b) => b - a)
    .map((year) => {
      const row = imported.get(year);
      const builtIn = PRC_CALENDAR[year];
      const queuedImport = pending.filter((q) => q.name === 'holidayCalendar.import' && q.args.id === String(year)).at(-1);
      // What is shown: the schedule in force, or, for a year only queued, the schedule waiting to be sent.
      const entries: HolidayEntry[] = row ? row.entries : builtIn ? entriesOf(year, builtIn) : (queuedImport?.args.entries ?? []);
      const days = row || !builtIn ? scheduleDays(entries) : builtIn;
      return {
        year,
        source: row ? ('imported' as const) : builtIn ? ('built_in' as const) : null,
        builtIn: builtIn !== undefined,
        entries,
        ...scheduleSummary(days, year),
        notice: row?.notice ?? queuedImport?.args.notice ?? null,
        importedAt: row?.importedAt ?? null,
        importedBy: row ? (people.get(row.importedBy) ?? row.importedBy) : null,
        pending: pending.filter((q) => q.args.id === String(year)).map((q) => q.name),
      };
    });
  const calendar = Object.fromEntries(Object.entries(tenantCalendar(db)).map(([y, d]) => [y, { off: [...d.off], work: [...d.work] }]));
  return { years: out, calendar };
}

/** The console's check before queueing: the same rules as the preview and the cloud. */
export function checkHolidayCommand(db: CacheDb, name: 'holidayCalendar.import' | 'holidayCalendar.remove', args: { id: string } & Record<string, unknown>): void {
  if (name === 'holidayCalendar.import') {
    const a = args as unknown as CommandArgs<'holidayCalendar.import'>;
    const problems = scheduleProblems(a.year, a.entries);
    if (problems.length > 0) throw new CustosError('INVALID_INPUT', 'This schedule cannot be imported.', problems.map((p) => ({ path: p.entry === null ? 'entries' : `entries.${p.entry}`, message: p.code })));
    return;
  }
  if (!readRow(db, 'holidayCalendar', args.id)) throw new CustosError('NOT_FOUND', 'No imported schedule for this year in this console.');
}
