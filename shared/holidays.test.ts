import { describe, expect, it } from 'vitest';
import { effectiveCalendar, entriesOf, parseSchedule, scheduleDays, scheduleProblems, scheduleSummary, type HolidayEntry } from './holidays.js';
import { calendarKnown, currentDue, dueDate, isPrcWorkingDay, latestExtension, PRC_CALENDAR, recountedDue, recountsFor, resumedDeadlines, type RequestEvent } from './requests.js';

/**
 * An illustrative 2027 schedule, shaped like a State Council notice (it is NOT the real one,
 * which this version does not know): the Spring Festival (6 Feb 2027) off from Friday 5 to
 * Saturday 13 February, Sunday 14 and Saturday 20 February worked instead.
 */
const NOTICE_2027 = `# 国务院办公厅关于2027年部分节假日安排的通知 (example for tests)
date,type,name
2027-01-01~2027-01-03,off,元旦
2027-02-05~2027-02-13,休,春节
2027-02-14,班,春节
2027-02-20,work,春节
`;

const off = (from: string, to: string, name = 'Holiday'): HolidayEntry => ({ kind: 'off', from, to, name });
const work = (day: string, name = 'Holiday'): HolidayEntry => ({ kind: 'work', from: day, to: day, name });

describe('reading a holiday notice', () => {
  it('reads dates, ranges, types in English and Chinese, skipping comments and the header', () => {
    const parsed = parseSchedule(NOTICE_2027, 2027);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toEqual([off('2027-01-01', '2027-01-03', '元旦'), off('2027-02-05', '2027-02-13', '春节'), work('2027-02-14', '春节'), work('2027-02-20', '春节')]);
    expect(parsed.lines).toEqual([3, 4, 5, 6]);
  });

  it('reads what a spreadsheet or the notice gives: tabs, full-width commas, quotes, Chinese dates, a range end without its year', () => {
    const text = ['2027年2月5日至2月13日\t放假\t春节', '"2027/2/14"，上班，"春节"', '2027-10-01 to 2027-10-07; holiday; National Day'].join('\n');
    expect(parseSchedule(text, 2027).entries).toEqual([off('2027-02-05', '2027-02-13', '春节'), work('2027-02-14', '春节'), off('2027-10-01', '2027-10-07', 'National Day')]);
  });

  it('takes the year asked for from the chinese-days package JSON, its days grouped into ranges by name', () => {
    const json = JSON.stringify({
      holidays: { '2026-01-01': "New Year's Day,元旦,1", '2027-02-05': 'Spring Festival,春节,4', '2027-02-06': 'Spring Festival,春节,4', '2027-02-07': 'Spring Festival,春节,4' },
      workdays: { '2027-02-14': 'Spring Festival,春节,4' },
      inLieuDays: {},
    });
    const parsed = parseSchedule(json, 2027);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toEqual([off('2027-02-05', '2027-02-07', '春节'), work('2027-02-14', '春节')]);
    expect(parseSchedule(json, 2028).problems).toEqual([{ line: null, code: 'empty' }]);
    expect(parseSchedule('{"holidays": []}', 2027).problems).toEqual([{ line: null, code: 'bad_json' }]);
  });

  it('says what is wrong on which line: unreadable, not a date, unknown type, no name', () => {
    const text = ['2027-01-01 off New Year', '2027-02-30,off,春节', '2027-02-05,maybe,春节', '2027-02-06,off,', 'yesterday,off,Party'].join('\n');
    expect(parseSchedule(text, 2027).problems).toEqual([
      { line: 1, code: 'unreadable_line' },
      { line: 2, code: 'bad_date', day: '2027-02-30' },
      { line: 3, code: 'bad_kind' },
      { line: 4, code: 'missing_name' },
      { line: 5, code: 'bad_date', day: 'yesterday' },
    ]);
    expect(parseSchedule('  \n# nothing\n', 2027).problems).toEqual([{ line: null, code: 'empty' }]);
  });
});

describe('the rules a schedule meets', () => {
  it('accepts a well-formed notice', () => {
    expect(scheduleProblems(2027, parseSchedule(NOTICE_2027, 2027).entries)).toEqual([]);
  });

  it('refuses days of another year, reversed and overlong ranges', () => {
    expect(scheduleProblems(2027, [off('2026-12-31', '2027-01-02')])).toEqual([{ entry: 0, code: 'outside_year', day: '2026-12-31' }]);
    expect(scheduleProblems(2027, [off('2027-02-13', '2027-02-05')])).toEqual([{ entry: 0, code: 'reversed_range', day: '2027-02-05' }]);
    expect(scheduleProblems(2027, [off('2027-07-01', '2027-08-15')])).toEqual([{ entry: 0, code: 'range_too_long', day: '2027-08-15' }]);
    expect(scheduleProblems(2027, [off('2027-02-05', '2027-02-30')])).toEqual([{ entry: 0, code: 'bad_date', day: '2027-02-30' }]);
  });

  it('refuses a day listed twice: overlapping holidays, a working day inside a holiday', () => {
    expect(scheduleProblems(2027, [off('2027-02-05', '2027-02-13'), off('2027-02-12', '2027-02-14')])).toEqual([{ entry: 1, code: 'overlap', day: '2027-02-12', other: 0 }]);
    expect(scheduleProblems(2027, [off('2027-02-05', '2027-02-13'), work('2027-02-06')])).toEqual([{ entry: 1, code: 'overlap', day: '2027-02-06', other: 0 }]);
  });

  it('refuses a make-up working day on a weekday (weekdays are working days already)', () => {
    // Wednesday 10 February 2027.
    expect(scheduleProblems(2027, [off('2027-01-01', '2027-01-01'), work('2027-02-10')])).toEqual([{ entry: 1, code: 'workday_not_weekend', day: '2027-02-10' }]);
  });

  it('refuses a schedule without a day off, or with nothing in it', () => {
    expect(scheduleProblems(2027, [work('2027-02-14')])).toEqual([{ entry: null, code: 'no_days_off' }]);
    expect(scheduleProblems(2027, [])).toEqual([{ entry: null, code: 'empty' }]);
  });

  it('gives line numbers for the schedule rules too, and the other line of an overlap', () => {
    const parsed = parseSchedule('2027-02-05~2027-02-13,off,春节\n\n2027-02-06,work,春节', 2027);
    expect(parsed.problems).toEqual([{ line: 3, code: 'overlap', day: '2027-02-06', otherLine: 1 }]);
  });
});

describe('the effective calendar', () => {
  const imported2027 = { year: 2027, entries: parseSchedule(NOTICE_2027, 2027).entries };

  it('lays an imported year over the built-in table; the import replaces a built-in year as a whole', () => {
    const calendar = effectiveCalendar([imported2027]);
    expect(calendarKnown('2027-02-08', calendar)).toBe(true);
    expect(calendarKnown('2027-02-08', PRC_CALENDAR)).toBe(false);
    expect(calendar[2026]).toBe(PRC_CALENDAR[2026]);
    expect(isPrcWorkingDay('2027-02-08', calendar)).toBe(false);
    expect(isPrcWorkingDay('2027-02-14', calendar)).toBe(true);
    // A corrected 2026 (one holiday only) replaces the built-in year: its other holidays are gone.
    const corrected = effectiveCalendar([{ year: 2026, entries: [off('2026-10-01', '2026-10-08')] }]);
    expect(isPrcWorkingDay('2026-10-08', corrected)).toBe(false);
    expect(isPrcWorkingDay('2026-02-16', corrected)).toBe(true);
    expect(isPrcWorkingDay('2026-10-10', corrected)).toBe(false);
    expect(PRC_CALENDAR[2026]!.off).toContain('02-16');
  });

  it('counts a PIPL deadline across the imported 2027 Spring Festival', () => {
    // Received Monday 25 January 2027. Weekends only: due Monday 15 February. On the schedule: 5 and
    // 8–12 February are off, Sunday 14 and Saturday 20 are worked, so the 15th working day is the 20th.
    expect(dueDate('pipl_working_days', '2027-01-25', PRC_CALENDAR)).toBe('2027-02-15');
    const calendar = effectiveCalendar([imported2027]);
    expect(dueDate('pipl_working_days', '2027-01-25', calendar)).toBe('2027-02-20');
    // An extension and a pause across the holiday count on it too.
    expect(latestExtension('pipl_working_days', '2027-01-25', 0, calendar)).toBe('2027-03-12');
    const ev = (action: string, detail: RequestEvent['detail']): RequestEvent => ({ at: '2027-01-25T00:00:00Z', by: 'u1', action, detail });
    const request = { status: 'verified' as const, regime: 'pipl_working_days' as const, receivedOn: '2027-01-25', dueOn: '2027-02-20', extendedDueOn: null, history: [ev('request.pause', { reason: 'clarification', from: '2027-02-04', note: 'which data?' })] };
    // Paused Thursday 4 February, resumed Monday 15 February: 14 February is the one working day in between.
    expect(resumedDeadlines(request, '2027-02-15', calendar)).toEqual({ days: 2, dueOn: '2027-02-23', extendedDueOn: null });
    expect(currentDue(request, '2027-02-15', calendar)).toBe('2027-02-23');
  });

  it('recounts a deadline counted before the schedule was known, pauses included', () => {
    const ev = (action: string, detail: RequestEvent['detail']): RequestEvent => ({ at: '2027-01-25T00:00:00Z', by: 'u1', action, detail });
    const calendar = effectiveCalendar([imported2027]);
    const counted = { regime: 'pipl_working_days' as const, receivedOn: '2027-01-25', history: [] };
    expect(recountedDue(counted, PRC_CALENDAR)).toBe('2027-02-15');
    expect(recountedDue(counted, calendar)).toBe('2027-02-20');
    // A pause from Friday 29 January to Tuesday 2 February: 2 working days on either calendar.
    const paused = { ...counted, history: [ev('request.pause', { from: '2027-01-29', reason: 'identity_proof' }), ev('request.resume', { from: '2027-01-29', to: '2027-02-02', days: 2 })] };
    expect(recountedDue(paused, PRC_CALENDAR)).toBe('2027-02-17');
    expect(recountedDue(paused, calendar)).toBe('2027-02-23');
  });

  it('recounts only open PIPL requests whose count runs through the year, and only when their deadline moves', () => {
    const calendar = effectiveCalendar([imported2027]);
    const base = { status: 'verified' as const, regime: 'pipl_working_days' as const, history: [] };
    const crossing = { ...base, id: 'crossing', receivedOn: '2027-01-25', dueOn: '2027-02-15' };
    const before = { ...base, id: 'before', receivedOn: '2026-11-02', dueOn: '2026-11-23' };
    const closed = { ...crossing, id: 'closed', status: 'delivered' as const };
    const calendarDays = { ...crossing, id: 'calendar-days', regime: 'days_30' as const, dueOn: '2027-02-24' };
    const already = { ...crossing, id: 'already', dueOn: '2027-02-20' };
    expect(recountsFor([crossing, before, closed, calendarDays, already], 2027, calendar)).toEqual([{ request: crossing, dueOn: '2027-02-20' }]);
    // Removed again: the one counted on the import goes back.
    expect(recountsFor([crossing, already], 2027, PRC_CALENDAR)).toEqual([{ request: already, dueOn: '2027-02-15' }]);
  });

  it('shows a year as days: every day off and make-up day, and what it changes', () => {
    const days = scheduleDays(imported2027.entries);
    expect(days.work).toEqual(['02-14', '02-20']);
    expect(days.off).toHaveLength(12);
    // 1 Jan (Fri), 5 Feb (Fri) and 8–12 Feb are weekdays off.
    expect(scheduleSummary(days, 2027)).toEqual({ weekdaysOff: 7, makeUpDays: 2 });
    expect(entriesOf(2027, days)).toEqual(imported2027.entries.map((e) => ({ ...e, name: '' })));
  });
});
