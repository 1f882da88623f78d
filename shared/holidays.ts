import { z } from 'zod';
import { addDays, daysBetween, PRC_CALENDAR, type HolidayCalendar } from './requests.js';

/**
 * Holiday schedules an officer imports (国务院办公厅关于节假日安排的通知, one per year), the
 * format they are typed or pasted in, the rules they must meet, and the effective calendar every
 * deadline is counted on: the built-in table of shared/requests.ts with the tenant's imported
 * years laid over it. The renderer (preview), the console's checks and the cloud's handler all
 * read this file, so a schedule is judged the same way everywhere.
 */
export const HOLIDAY_KINDS = ['off', 'work'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];
/** The years a schedule may be imported for. */
export const HOLIDAY_YEAR_MIN = 2000;
export const HOLIDAY_YEAR_MAX = 2100;
/** A notice lists about a dozen entries; more is a paste of something else. */
export const HOLIDAY_ENTRIES_MAX = 100;
/** No holiday of the State Council's lasts a month; a longer range is a typo. */
export const HOLIDAY_RANGE_MAX_DAYS = 31;
export const HOLIDAY_NAME_MAX = 50;
/** A pasted text or file larger than this is not a holiday notice. */
export const HOLIDAY_TEXT_MAX = 200_000;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

/** One line of a notice: a day or a range of days off (a holiday), or a weekend day worked instead (调休上班). */
export const HolidayEntrySchema = z
  .object({
    kind: z.enum(HOLIDAY_KINDS),
    from: Day,
    to: Day,
    /** The holiday it belongs to (春节, National Day…); a make-up day carries the holiday it makes up for. */
    name: z.string().trim().min(1).max(HOLIDAY_NAME_MAX),
  })
  .strict();
export type HolidayEntry = z.infer<typeof HolidayEntrySchema>;

/** A year's schedule as imported. */
export const HolidayScheduleSchema = z
  .object({
    year: z.number().int().min(HOLIDAY_YEAR_MIN).max(HOLIDAY_YEAR_MAX),
    entries: z.array(HolidayEntrySchema).max(HOLIDAY_ENTRIES_MAX),
    /** The notice's reference (国办发明电〔2026〕N号) or title, as the officer gave it. */
    notice: z.string().trim().max(200).nullable(),
  })
  .strict();
export type HolidaySchedule = z.infer<typeof HolidayScheduleSchema>;

export const HOLIDAY_PROBLEMS = [
  /** Nothing to import. */
  'empty',
  /** A line that is not "date, type, name". */
  'unreadable_line',
  /** Not a real date (2027-02-30), or not written as one. */
  'bad_date',
  /** The type is neither a day off nor a working day. */
  'bad_kind',
  'missing_name',
  'name_too_long',
  /** The text looks like JSON but is not the chinese-days package's shape. */
  'bad_json',
  'too_many',
  /** A day of another year than the one imported. */
  'outside_year',
  /** A range that ends before it starts. */
  'reversed_range',
  'range_too_long',
  /** A day listed twice (two holidays, or a working day inside a holiday). */
  'overlap',
  /** A make-up working day on a weekday: weekdays are working days already; only a weekend day can be made one. */
  'workday_not_weekend',
  /** A schedule without a single day off. */
  'no_days_off',
] as const;
export type HolidayProblemCode = (typeof HOLIDAY_PROBLEMS)[number];
/** What is wrong, where: `entry` indexes the entries (null: the schedule as a whole); `day` and `other` (another entry) say more. */
export interface ScheduleProblem {
  entry: number | null;
  code: HolidayProblemCode;
  day?: string;
  other?: number;
}

const isRealDay = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day) && addDays(day, 0) === day;
const dayOfWeek = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
export const isWeekend = (day: string) => [0, 6].includes(dayOfWeek(day));
/** The days from `from` to `to`, both included. */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= HOLIDAY_RANGE_MAX_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Every rule a year's schedule must meet; empty when it may be imported. */
export function scheduleProblems(year: number, entries: readonly HolidayEntry[]): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (entries.length === 0) return [{ entry: null, code: 'empty' }];
  if (entries.length > HOLIDAY_ENTRIES_MAX) return [{ entry: null, code: 'too_many' }];
  const claimed = new Map<string, number>();
  entries.forEach((e, i) => {
    const bad = [e.from, e.to].find((d) => !isRealDay(d));
    if (bad) return problems.push({ entry: i, code: 'bad_date', day: bad });
    const outside = [e.from, e.to].find((d) => Number(d.slice(0, 4)) !== year);
    if (outside) return problems.push({ entry: i, code: 'outside_year', day: outside });
    if (e.to < e.from) return problems.push({ entry: i, code: 'reversed_range', day: e.to });
    if (daysBetween(e.from, e.to) + 1 > HOLIDAY_RANGE_MAX_DAYS) return problems.push({ entry: i, code: 'range_too_long', day: e.to });
    if (!e.name.trim()) problems.push({ entry: i, code: 'missing_name' });
    for (const day of daysOf(e.from, e.to)) {
      const other = claimed.get(day);
      if (other !== undefined) {
        problems.push({ entry: i, code: 'overlap', day, other });
        break;
      }
      claimed.set(day, i);
    }
    if (e.kind === 'work') {
      const weekday = daysOf(e.from, e.to).find((d) => !isWeekend(d));
      if (weekday) problems.push({ entry: i, code: 'workday_not_weekend', day: weekday });
    }
    return undefined;
  });
  if (!entries.some((e) => e.kind === 'off')) problems.push({ entry: null, code: 'no_days_off' });
  return problems;
}

/** A year's days as the calendar functions read them (MM-DD): every day off (weekends inside a holiday included) and every make-up working day. */
export function scheduleDays(entries: readonly HolidayEntry[]): { off: string[]; work: string[] } {
  const off = new Set<string>();
  const work = new Set<string>();
  for (const e of entries) for (const d of daysOf(e.from, e.to)) (e.kind === 'off' ? off : work).add(d.slice(5));
  return { off: [...off].sort(), work: [...work].sort() };
}

/**
 * The calendar deadlines are counted on: the built-in table, with each imported year replacing
 * the built-in one for that year as a whole. The import wins because it is the officer's copy of
 * the year's notice, taken on purpose, and a notice can be amended after a release ships (the
 * State Council extended the 2020 Spring Festival); merging day by day would keep a make-up day
 * the new notice moved. Removing the import brings the built-in year back.
 */
export function effectiveCalendar(imported: readonly { year: number; entries: readonly HolidayEntry[] }[], builtIn: HolidayCalendar = PRC_CALENDAR): HolidayCalendar {
  const out: Record<number, { off: readonly string[]; work: readonly string[] }> = { ...builtIn };
  for (const s of imported) out[s.year] = scheduleDays(s.entries);
  return out;
}

/** A year of a calendar as entries (consecutive days grouped, no names): how a built-in year is shown. */
export function entriesOf(year: number, days: { off: readonly string[]; work: readonly string[] }): HolidayEntry[] {
  const out: HolidayEntry[] = [];
  for (const kind of HOLIDAY_KINDS) {
    for (const md of [...(kind === 'off' ? days.off : days.work)].sort()) {
      const day = `${year}-${md}`;
      const last = out.at(-1);
      if (last && last.kind === kind && addDays(last.to, 1) === day) last.to = day;
      else out.push({ kind, from: day, to: day, name: '' });
    }
  }
  return out.sort((a, b) => a.from.localeCompare(b.from));
}

/** What a year's schedule changes: weekdays off (holidays beyond the weekend) and weekend days worked. */
export function scheduleSummary(days: { off: readonly string[]; work: readonly string[] }, year: number): { weekdaysOff: number; makeUpDays: number } {
  return { weekdaysOff: days.off.filter((md) => !isWeekend(`${year}-${md}`)).length, makeUpDays: days.work.length };
}

/** One year as the Settings card lists it (the `holidays.list` operation). */
export const HolidayYearSchema = z.object({
  year: z.number().int(),
  /** Where the schedule in force comes from (null: only an import still queued). */
  source: z.enum(['built_in', 'imported']).nullable(),
  /** This version ships a schedule for the year (an import replaces it; removing the import brings it back). */
  builtIn: z.boolean(),
  entries: z.array(HolidayEntrySchema.extend({ name: z.string().max(HOLIDAY_NAME_MAX) })),
  weekdaysOff: z.number().int(),
  makeUpDays: z.number().int(),
  notice: z.string().nullable(),
  importedAt: z.string().nullable(),
  /** The importing admin's name when this console knows it, else their id. */
  importedBy: z.string().nullable(),
  /** Commands about this year waiting in the outbox. */
  pending: z.array(z.enum(['holidayCalendar.import', 'holidayCalendar.remove'])),
});
export type HolidayYear = z.infer<typeof HolidayYearSchema>;
/** A calendar as it crosses the contract (years as keys). */
export const CalendarTableSchema = z.record(z.string(), z.object({ off: z.array(z.string()), work: z.array(z.string()) }));

// ---------------------------------------------------------------------------------------------
// The import format.

/**
 * Lines, as typed from the notice or exported from a spreadsheet (CSV, or tab-separated when
 * pasted): `date, type, name`, where the date is a day or a range (`2027-02-05~2027-02-13`; also
 * `..`, `至`, `to`; `2027/2/5` and `2027年2月5日` are read too), the type `off`
 * (also holiday, 休, 放假, congé) or `work` (also workday, 班, 上班, travail), and the name the
 * holiday. Blank lines, `#` comments and a header line are skipped. Or the JSON of the
 * chinese-days package (`{ holidays: { "2027-01-01": "New Year's Day,元旦,1" }, workdays: {…} }`),
 * of which the year's days are taken.
 */
export interface ParsedSchedule {
  entries: HolidayEntry[];
  /** Where each entry came from (1-based line; null: from JSON). */
  lines: (number | null)[];
  /** Problems with the line they are on (null: the whole text). */
  problems: (Omit<ScheduleProblem, 'entry' | 'other'> & { line: number | null; otherLine?: number | null })[];
}

const OFF_WORDS = ['off', 'holiday', 'holidays', 'rest', '休', '休息', '放假', '假', '假日', 'congé', 'conge', 'férié', 'ferie'];
const WORK_WORDS = ['work', 'workday', 'working', 'working day', '班', '上班', '补班', '调休上班', 'travail', 'travaillé', 'travaille'];
const HEADER_WORDS = ['date', 'dates', '日期', 'day'];

/** A date as written (2027-02-05, 2027/2/5, 2027.2.5, 2027年2月5日) as YYYY-MM-DD, or null. */
function readDate(text: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** A date or a range as written, as [from, to], or null. */
function readDates(text: string): [string, string] | null {
  const parts = text
    .trim()
    .split(/\s*(?:~|～|\.\.|至|到|—|–|\bto\b|\s-\s)\s*/i)
    .filter((p) => p !== '');
  if (parts.length === 1) {
    const d = readDate(parts[0]!);
    return d ? [d, d] : null;
  }
  if (parts.length !== 2) return null;
  const from = readDate(parts[0]!);
  // The end may leave out the year: 2027-02-05~02-13, 2027年2月5日至2月13日.
  const to = readDate(parts[1]!) ?? (from ? readDate(`${from.slice(0, 4)}-${parts[1]!.replace(/^(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/, '$1-$2')}`) : null);
  return from && to ? [from, to] : null;
}

function readKind(text: string): HolidayKind | null {
  const word = text.trim().toLowerCase();
  if (OFF_WORDS.includes(word)) return 'off';
  if (WORK_WORDS.includes(word)) return 'work';
  return null;
}

/** Splits a line on its first two separators (comma, tab, semicolon, full-width too); quotes around a field are dropped. */
function fieldsOf(line: string): string[] {
  const out: string[] = [];
  let rest = line;
  for (let i = 0; i < 2; i++) {
    const m = /[,\t;，；]/.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + 1);
  }
  out.push(rest);
  return out.map((f) => f.trim().replace(/^"(.*)"$/s, '$1').replace(/""/g, '"').trim());
}

const ChineseDaysSchema = z.object({ holidays: z.record(z.string(), z.string()), workdays: z.record(z.string(), z.string()) }).loose();

/** The chinese-days package's JSON: the year's days, grouped into ranges by name. Its names read "English,中文,n": the Chinese one is kept, as in the notice. */
function readChineseDays(json: z.infer<typeof ChineseDaysSchema>, year: number): HolidayEntry[] {
  const entries: HolidayEntry[] = [];
  for (const kind of HOLIDAY_KINDS) {
    const table = kind === 'off' ? json.holidays : json.workdays;
    const days = Object.keys(table)
      .filter((d) => d.startsWith(`${year}-`))
      .sort();
    for (const day of days) {
      const parts = table[day]!.split(',');
      const name = (parts[1] ?? parts[0] ?? '').trim();
      const last = entries.at(-1);
      if (last && last.kind === kind && last.name === name && addDays(last.to, 1) === day) last.to = day;
      else entries.push({ kind, from: day, to: day, name });
    }
  }
  return entries.sort((a, b) => a.from.localeCompare(b.from));
}

/** Reads a pasted or uploaded schedule for `year` and checks it: entries, where each came from, and every problem by line. */
export function parseSchedule(text: string, year: number): ParsedSchedule {
  const out: ParsedSchedule = { entries: [], lines: [], problems: [] };
  if (text.length > HOLIDAY_TEXT_MAX) {
    out.problems.push({ line: null, code: 'too_many' });
    return out;
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = null;
    }
    const parsed = ChineseDaysSchema.safeParse(json);
    if (!parsed.success) {
      out.problems.push({ line: null, code: 'bad_json' });
      return out;
    }
    out.entries = readChineseDays(parsed.data, year);
    out.lines = out.entries.map(() => null);
  } else {
    trimmed.split(/\r?\n/).forEach((raw, i) => {
      const line = i + 1;
      const text = raw.trim();
      if (!text || text.startsWith('#')) return;
      const [date = '', type = '', name = ''] = fieldsOf(text);
      if (out.entries.length === 0 && HEADER_WORDS.includes(date.toLowerCase())) return;
      if (!type) return out.problems.push({ line, code: 'unreadable_line' });
      const dates = readDates(date);
      if (!dates) return out.problems.push({ line, code: 'bad_date', day: date.slice(0, 40) });
      const unreal = dates.find((d) => !isRealDay(d));
      if (unreal) return out.problems.push({ line, code: 'bad_date', day: unreal });
      const kind = readKind(type);
      if (!kind) return out.problems.push({ line, code: 'bad_kind' });
      if (!name) return out.problems.push({ line, code: 'missing_name' });
      if (name.length > HOLIDAY_NAME_MAX) return out.problems.push({ line, code: 'name_too_long' });
      out.entries.push({ kind, from: dates[0], to: dates[1], name });
      out.lines.push(line);
      return undefined;
    });
  }
  // Line errors first; the schedule's own rules only once every line reads (an empty text is 'empty').
  if (out.problems.length === 0) {
    for (const p of scheduleProblems(year, out.entries)) {
      out.problems.push({ line: p.entry === null ? null : (out.lines[p.entry] ?? null), code: p.code, ...(p.day ? { day: p.day } : {}), ...(p.other !== undefined ? { otherLine: out.lines[p.other] ?? null } : {}) });
    }
  }
  return out;
}
