import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { calendarKnown, PRC_CALENDAR } from '../shared/requests.js';

/**
 * The built-in holiday schedules against the chinese-days package (a devDependency: it tracks the
 * State Council's notices). Shipping it would add a second copy of the same years and break
 * shared/'s rule of importing only zod; checked here instead, it catches a typo in the table, and
 * a newer chinese-days holding a year the table lacks fails until the year is copied in.
 */
describe('the PRC holiday calendar', () => {
  const days = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
  const yearsOf = (table: Record<string, string>) => [...new Set(Object.keys(table).map((d) => Number(d.slice(0, 4))))];

  it('matches chinese-days for every year both hold: weekday holidays off, adjusted weekends worked', () => {
    const both = Object.keys(PRC_CALENDAR).map(Number).filter((y) => yearsOf(days.holidays).includes(y));
    expect(both).toEqual([2025, 2026]);
    for (const year of both) {
      const off = Object.keys(days.holidays).filter((d) => d.startsWith(`${year}-`) && weekday(d)).map((d) => d.slice(5));
      const work = Object.keys(days.workdays).filter((d) => d.startsWith(`${year}-`)).map((d) => d.slice(5));
      expect(PRC_CALENDAR[year]!.off.filter((md) => weekday(`${year}-${md}`)).sort(), `${year} off`).toEqual(off.sort());
      expect([...PRC_CALENDAR[year]!.work].sort(), `${year} work`).toEqual(work.sort());
    }
  });

  it('holds every year from 2025 that chinese-days holds, and says when a year is not known', () => {
    const missing = yearsOf(days.holidays).filter((y) => y >= 2025 && !calendarKnown(`${y}-01-01`, PRC_CALENDAR));
    expect(missing, 'copy these years from chinese-days into PRC_CALENDAR').toEqual([]);
    expect(calendarKnown('2027-01-04', PRC_CALENDAR)).toBe(false);
  });
});

