import { z } from 'zod';

/**
 * Data-subject requests (个人信息权利请求): the register's vocabulary, the legal deadlines and
 * the PRC working-day calendar they are counted on. The console's forms, its local checks and
 * the cloud's commands all read this file.
 */
export const REQUEST_TYPES = ['access', 'copy', 'portability', 'correction', 'deletion', 'consent_withdrawal', 'account_cancellation', 'complaint'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const REQUEST_CHANNELS = ['email', 'phone', 'web_form', 'letter', 'in_person', 'app'] as const;
export const REQUEST_SUBJECT_TYPES = ['employee', 'contact', 'unmatched'] as const;
export const REQUEST_STATUSES = ['received', 'verified', 'fulfilled', 'delivered', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_REQUEST_STATUSES: readonly RequestStatus[] = ['received', 'verified', 'fulfilled'];
export const VERIFICATION_METHODS = ['id_document', 'known_contact_details', 'account_sign_in', 'in_person', 'video_call', 'other'] as const;
export const DELIVERY_METHODS = ['email', 'secure_portal', 'post', 'in_person', 'phone'] as const;
/** The only grounds on which a request may be refused (PIPL art. 18/44-47 practice, GDPR art. 12(5), 23). */
export const REFUSAL_GROUNDS = [
  'national_security',
  'public_safety_or_health',
  'criminal_investigation',
  'bad_faith_or_abuse',
  'serious_harm_to_others',
  'trade_secrets',
  'groundless_repetition',
  'excessive_technical_means',
] as const;
export const SUBJECT_LANGUAGES = ['zh-CN', 'en', 'fr'] as const;

/**
 * Deadline regimes. `pipl_working_days`: 15 working days on the PRC calendar (weekends and
 * statutory holidays off, adjusted working weekends on); `days_15` / `days_30`: calendar days;
 * `gdpr`: one month, extendable by two more (art. 12(3)).
 */
export const REQUEST_REGIMES = ['pipl_working_days', 'days_15', 'gdpr', 'days_30'] as const;
export type RequestRegime = (typeof REQUEST_REGIMES)[number];

/** Days counted as "due soon" before the deadline. */
export const DUE_SOON_DAYS = 3;

/**
 * The PRC statutory holiday schedule (国务院办公厅关于节假日安排的通知), by year: days off that
 * fall on weekdays and weekend days that are working days (调休), as MM-DD. Years not listed
 * count weekends only (`calendarKnown` says so, and the console warns).
 */
export type HolidayCalendar = Readonly<Record<number, { readonly off: readonly string[]; readonly work: readonly string[] }>>;

/**
 * The schedules this version ships with (checked against the chinese-days package in
 * tests/prc-calendar.test.ts). A tenant's imported years replace them year by year
 * (`effectiveCalendar` in shared/holidays.ts): every caller passes the calendar it counts on.
 */
export const PRC_CALENDAR: HolidayCalendar = {
  2025: {
    off: ['01-01', '01-28', '01-29', '01-30', '01-31', '02-01', '02-02', '02-03', '02-04', '04-04', '04-05', '04-06', '05-01', '05-02', '05-03', '05-04', '05-05', '05-31', '06-01', '06-02', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07', '10-08'],
    work: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: ['01-01', '01-02', '01-03', '02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23', '04-04', '04-05', '04-06', '05-01', '05-02', '05-03', '05-04', '05-05', '06-19', '06-20', '06-21', '09-25', '09-26', '09-27', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'],
    work: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
};

const DAY_MS = 86_400_000;
const parseDay = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const formatDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => formatDay(parseDay(day) + days * DAY_MS);
export const daysBetween = (from: string, to: string) => Math.round((parseDay(to) - parseDay(from)) / DAY_MS);

export function calendarKnown(day: string, calendar: HolidayCalendar): boolean {
  return Number(day.slice(0, 4)) in calendar;
}

/** Whether a day is a working day in mainland China. */
export function isPrcWorkingDay(day: string, calendar: HolidayCalendar): boolean {
  const year = calendar[Number(day.slice(0, 4))];
  const md = day.slice(5);
  if (year?.work.includes(md)) return true;
  if (year?.off.includes(md)) return false;
  const weekday = new Date(parseDay(day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** `n` PRC working days after `day` (the day of receipt does not count). */
export function addPrcWorkingDays(day: string, n: number, calendar: HolidayCalendar): string {
  let current = day;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isPrcWorkingDay(current, calendar)) left--;
  }
  return current;
}

/** The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const d = Number(day.slice(8, 10));
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return formatDay(Date.UTC(y, m, Math.min(d, lastDay)));
}

/** The deadline of a request received on `receivedOn` under `regime`. */
export function dueDate(regime: RequestRegime, receivedOn: string, calendar: HolidayCalendar): string {
  switch (regime) {
    case 'pipl_working_days':
      return addPrcWorkingDays(receivedOn, 15, calendar);
    case 'days_15':
      return addDays(receivedOn, 15);
    case 'days_30':
      return addDays(receivedOn, 30);
    case 'gdpr':
      return addMonths(receivedOn, 1);
  }
}

/**
 * The latest a deadline may be extended to (null: the regime allows no extension), later by the
 * days the clock was paused.
 */
export function latestExtension(regime: RequestRegime, receivedOn: string, pausedDays: number, calendar: HolidayCalendar): string | null {
  if (regime === 'gdpr') return moveDeadline(regime, addMonths(receivedOn, 3), pausedDays, calendar);
  // PIPL sets no statutory extension; the enterprise may agree one with reasons (15 working days more).
  if (regime === 'pipl_working_days') return addPrcWorkingDays(receivedOn, 30 + pausedDays, calendar);
  return null;
}

/**
 * Pausing the clock (暂停计时). While the officer waits for the requester's proof of identity or
 * a clarification, the deadline does not run against the enterprise: from the day after the
 * pause to the day of the resumption, both counted in the regime's unit (PRC working days, or
 * calendar days), the deadline moves on by as many. Pauses live in the request's history
 * (request.pause / request.resume events), so the regulator's export shows each one; the row
 * holds the moved deadlines.
 */
export const PAUSE_REASONS = ['identity_proof', 'clarification'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
export interface ClockPause {
  from: string;
  /** The day the clock resumed (null: still paused). */
  to: string | null;
  reason: PauseReason;
  /** The days it moved the deadline by (null: still paused). */
  days: number | null;
}

/** The days a pause from `from` to `to` takes off the clock, in the regime's unit. */
export function pausedDays(regime: RequestRegime, from: string, to: string, calendar: HolidayCalendar): number {
  if (to <= from) return 0;
  if (regime !== 'pipl_working_days') return daysBetween(from, to);
  let days = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isPrcWorkingDay(d, calendar)) days++;
  return days;
}

/** A deadline moved on by `days` paused days of the regime's unit. */
export function moveDeadline(regime: RequestRegime, due: string, days: number, calendar: HolidayCalendar): string {
  return regime === 'pipl_working_days' ? addPrcWorkingDays(due, days, calendar) : addDays(due, days);
}

/** The days every finished pause took off the clock, counted on `calendar` (the history keeps them as counted then). */
export function pausedDaysOn(request: { regime: RequestRegime; history: readonly RequestEvent[] }, calendar: HolidayCalendar): number {
  return clockPauses(request.history).reduce((n, p) => n + (p.to ? pausedDays(request.regime, p.from, p.to, calendar) : 0), 0);
}

/**
 * The statutory deadline counted afresh on `calendar`: the regime's term from receipt, moved on
 * by every finished pause (counted on the same calendar). Equal to the stored `dueOn` as long as
 * the calendar has not changed for the years it runs through; when an officer imports (or
 * removes) a year's schedule, the cloud recounts open requests with it (cloud/holidays).
 */
export function recountedDue(request: { regime: RequestRegime; receivedOn: string; history: readonly RequestEvent[] }, calendar: HolidayCalendar): string {
  return moveDeadline(request.regime, dueDate(request.regime, request.receivedOn, calendar), pausedDaysOn(request, calendar), calendar);
}

/**
 * Which requests a change of `year`'s schedule moves, and to which deadline: the open PIPL
 * requests whose count runs through that year (from receipt to the later of the old and the new
 * deadline) and whose deadline counted on `calendar` differs from the stored one. The cloud
 * recounts exactly these; the console's import preview lists them.
 */
export function recountsFor<R extends { status: RequestStatus; regime: RequestRegime; receivedOn: string; dueOn: string; history: readonly RequestEvent[] }>(
  requests: readonly R[],
  year: number,
  calendar: HolidayCalendar,
): { request: R; dueOn: string }[] {
  const out: { request: R; dueOn: string }[] = [];
  for (const request of requests) {
    if (request.regime !== 'pipl_working_days' || !OPEN_REQUEST_STATUSES.includes(request.status)) continue;
    const dueOn = recountedDue(request, calendar);
    const last = dueOn > request.dueOn ? dueOn : request.dueOn;
    if (dueOn !== request.dueOn && Number(request.receivedOn.slice(0, 4)) <= year && year <= Number(last.slice(0, 4))) out.push({ request, dueOn });
  }
  return out;
}

/** The request's pauses, oldest first, from its history. */
export function clockPauses(history: readonly RequestEvent[]): ClockPause[] {
  const out: ClockPause[] = [];
  for (const e of history) {
    if (e.action === 'request.pause') out.push({ from: String(e.detail.from), to: null, reason: e.detail.reason as PauseReason, days: null });
    const open = out[out.length - 1];
    if (e.action === 'request.resume' && open && open.to === null) {
      open.to = String(e.detail.to);
      open.days = Number(e.detail.days);
    }
  }
  return out;
}

export function openPause(history: readonly RequestEvent[]): ClockPause | null {
  const last = clockPauses(history).at(-1);
  return last && last.to === null ? last : null;
}

type ClockedRequest = { status: RequestStatus; regime: RequestRegime; receivedOn: string; dueOn: string; extendedDueOn: string | null; history: readonly RequestEvent[] };

/** Why the clock cannot be paused from `from` (null: it can), as a code the console translates. */
export function pauseRefusal(request: ClockedRequest, from: string, today: string): 'closed' | 'already_paused' | 'before_received' | 'future' | 'overlaps' | null {
  if (request.status !== 'received' && request.status !== 'verified') return 'closed';
  if (openPause(request.history)) return 'already_paused';
  if (from < request.receivedOn) return 'before_received';
  if (from > today) return 'future';
  const last = clockPauses(request.history).at(-1);
  if (last?.to && from < last.to) return 'overlaps';
  return null;
}

/** Why the clock cannot resume on `on` (null: it can). */
export function resumeRefusal(request: ClockedRequest, on: string, today: string): 'not_paused' | 'before_pause' | 'future' | null {
  const open = openPause(request.history);
  if (!open) return 'not_paused';
  if (on < open.from) return 'before_pause';
  if (on > today) return 'future';
  return null;
}

/** The deadlines after resuming on `on`, and the days the pause took. */
export function resumedDeadlines(request: ClockedRequest, on: string, calendar: HolidayCalendar): { days: number; dueOn: string; extendedDueOn: string | null } {
  const open = openPause(request.history)!;
  const days = pausedDays(request.regime, open.from, on, calendar);
  return {
    days,
    dueOn: moveDeadline(request.regime, request.dueOn, days, calendar),
    extendedDueOn: request.extendedDueOn ? moveDeadline(request.regime, request.extendedDueOn, days, calendar) : null,
  };
}

/** The deadline in force: extended or not, and while paused, as it would be if resumed today. */
export function currentDue(request: Pick<ClockedRequest, 'regime' | 'dueOn' | 'extendedDueOn'> & { history?: readonly RequestEvent[] }, today: string, calendar: HolidayCalendar): string {
  const due = request.extendedDueOn ?? request.dueOn;
  const open = request.history ? openPause(request.history) : null;
  return open ? moveDeadline(request.regime, due, pausedDays(request.regime, open.from, today, calendar), calendar) : due;
}

export type DueState = 'overdue' | 'due_soon' | 'on_time' | 'closed';
/** Where an open request stands against its deadline in force on `today` (a paused clock does not run). */
export function dueState(
  request: { status: RequestStatus; dueOn: string; extendedDueOn: string | null; regime?: RequestRegime; history?: readonly RequestEvent[] },
  today: string,
  calendar: HolidayCalendar,
): DueState {
  if (!OPEN_REQUEST_STATUSES.includes(request.status)) return 'closed';
  const due = request.regime ? currentDue({ ...request, regime: request.regime }, today, calendar) : (request.extendedDueOn ?? request.dueOn);
  if (due < today) return 'overdue';
  return daysBetween(today, due) <= DUE_SOON_DAYS ? 'due_soon' : 'on_time';
}

const Id = z.string().min(1).max(64);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const Instant = z.string().min(10).max(40);

export const RequestIdentifiersSchema = z
  .object({
    name: z.string().trim().max(100).nullable(),
    mobile: z.string().trim().max(32).nullable(),
    email: z.string().trim().toLowerCase().max(254).nullable(),
    idNumber: z.string().trim().toUpperCase().max(32).nullable(),
  })
  .strict();
export type RequestIdentifiers = z.infer<typeof RequestIdentifiersSchema>;

export const RequestEventSchema = z.object({
  at: Instant,
  by: Id,
  /** The command that made it (request.register, request.verify, …). */
  action: z.string().max(64),
  /** What changed, without personal data beyond the request's own (codes, dates, counts). */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type RequestEvent = z.infer<typeof RequestEventSchema>;

/** One data-subject request in the register (synced to compliance officers and super admins only). */
export const DataSubjectRequestSchema = z.object({
  id: Id,
  /** A short reference for letters to the requester (DSR-2026-0001). */
  reference: z.string().max(32),
  type: z.enum(REQUEST_TYPES),
  subjectType: z.enum(REQUEST_SUBJECT_TYPES),
  subjectId: Id.nullable(),
  identifiers: RequestIdentifiersSchema,
  language: z.enum(SUBJECT_LANGUAGES),
  channel: z.enum(REQUEST_CHANNELS),
  receivedOn: Day,
  regime: z.enum(REQUEST_REGIMES),
  dueOn: Day,
  extendedDueOn: Day.nullable(),
  extensionReason: z.string().max(1000).nullable(),
  assigneeId: Id.nullable(),
  status: z.enum(REQUEST_STATUSES),
  notes: z.string().max(4000),
  verification: z.object({ method: z.enum(VERIFICATION_METHODS), evidence: z.string().max(1000), by: Id, at: Instant }).nullable(),
  refusal: z.object({ ground: z.enum(REFUSAL_GROUNDS), rationale: z.string().max(2000), by: Id, at: Instant }).nullable(),
  /** A fee may be charged: the subject has made requests of this type repeatedly. */
  repeatFee: z.boolean(),
  fulfilment: z.object({ summary: z.string().max(2000), packageSha256: z.string().max(64).nullable(), items: z.number().int(), by: Id, at: Instant }).nullable(),
  delivery: z.object({ method: z.enum(DELIVERY_METHODS), on: Day, by: Id }).nullable(),
  history: z.array(RequestEventSchema),
  createdAt: Instant,
});
export type DataSubjectRequest = z.infer<typeof DataSubjectRequestSchema>;

/** Rows visible only to these roles carry this scope in the cloud (no department matches it). */
export const COMPLIANCE_SCOPE = '@compliance';

/** Why a subject cannot be erased now (each shown to the officer, translated by code). */
export type ErasureBlocker =
  | { code: 'legal_hold' }
  | { code: 'still_employed' }
  /** A retention floor keeps the records until `until` (`reason`: the floor's reason key under retention.reasons). */
  | { code: 'retention_floor'; until: string; reason: string };

/**
 * The one rule for erasing a subject on request: never under a legal hold; an employee only
 * after departure and once the labour-records floor has passed. The console shows these before
 * queueing; the cloud checks them again on its own state.
 */
export function erasureBlockers(facts: { subjectType: 'employee' | 'contact'; holdInForce: boolean; employeeStatus?: string; departedAt?: string | null; floorMonths: number; floorReason: string; today: string }): ErasureBlocker[] {
  const out: ErasureBlocker[] = [];
  if (facts.holdInForce) out.push({ code: 'legal_hold' });
  if (facts.subjectType === 'employee') {
    if (facts.employeeStatus !== 'departed' || !facts.departedAt) out.push({ code: 'still_employed' });
    else {
      const until = addMonths(facts.departedAt.slice(0, 10), facts.floorMonths);
      if (until > facts.today) out.push({ code: 'retention_floor', until, reason: facts.floorReason });
    }
  }
  return out;
}
