import { and, eq } from 'drizzle-orm';
import { effectiveCalendar, type HolidayEntry } from '../../shared/holidays.js';
import type { HolidayCalendar } from '../../shared/requests.js';
import type { CloudExecutor } from '../db/open.js';
import { holidayCalendar } from '../db/schema.js';

/**
 * The calendar a tenant's deadlines are counted on in the cloud: the built-in table with the
 * tenant's imported years over it, by the same function the console uses on its cached rows.
 */
export async function tenantCalendar(exec: CloudExecutor, tenantId: string): Promise<HolidayCalendar> {
  const rows = await exec
    .select({ year: holidayCalendar.year, entries: holidayCalendar.entries })
    .from(holidayCalendar)
    .where(and(eq(holidayCalendar.tenantId, tenantId), eq(holidayCalendar.deleted, false)));
  return effectiveCalendar(rows.map((r) => ({ year: r.year, entries: r.entries as HolidayEntry[] })));
}
