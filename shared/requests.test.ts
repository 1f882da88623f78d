import { describe, expect, it } from 'vitest';
import {
  addMonths,
  clockPauses,
  currentDue,
  dueDate,
  dueState,
  erasureBlockers,
  isPrcWorkingDay,
  latestExtension,
  pausedDays,
  pauseRefusal,
  PRC_CALENDAR,
  resumedDeadlines,
  resumeRefusal,
  type RequestEvent,
  type RequestRegime,
} from './requests.js';

/** The built-in table: every caller says which calendar it counts on. */
const C = PRC_CALENDAR;

describe('request deadlines', () => {
  it('counts 15 working days on the PRC calendar, skipping holidays and working the adjusted weekends', () => {
    // Mid-Autumn (25–27 Sep) and National Day (1–7 Oct) 2026 off; Saturday 10 Oct is a working day.
    expect(dueDate('pipl_working_days', '2026-09-21', C)).toBe('2026-10-19');
    expect(isPrcWorkingDay('2026-10-10', C)).toBe(true);
    expect(isPrcWorkingDay('2026-10-05', C)).toBe(false);
    expect(isPrcWorkingDay('2026-02-14', C)).toBe(true);
    // Spring Festival 2026: 15–23 Feb off; Saturdays 14 and 28 Feb are working days.
    expect(dueDate('pipl_working_days', '2026-02-10', C)).toBe('2026-03-09');
    // An ordinary stretch: three weeks.
    expect(dueDate('pipl_working_days', '2026-11-02', C)).toBe('2026-11-23');
  });
  it('counts calendar days and GDPR months (to the month end when the day does not exist)', () => {
    expect(dueDate('days_15', '2026-11-25', C)).toBe('2026-12-10');
    expect(dueDate('days_30', '2026-12-15', C)).toBe('2027-01-14');
    expect(dueDate('gdpr', '2026-01-31', C)).toBe('2026-02-28');
    expect(dueDate('gdpr', '2028-01-31', C)).toBe('2028-02-29');
    expect(addMonths('2026-03-15', 1)).toBe('2026-04-15');
    expect(latestExtension('gdpr', '2026-01-31', 0, C)).toBe('2026-04-30');
    expect(latestExtension('days_30', '2026-01-31', 0, C)).toBeNull();
  });
  it('says where an open request stands', () => {
    const r = { status: 'received' as const, dueOn: '2026-11-30', extendedDueOn: null };
    expect(dueState(r, '2026-11-20', C)).toBe('on_time');
    expect(dueState(r, '2026-11-27', C)).toBe('due_soon');
    expect(dueState(r, '2026-12-01', C)).toBe('overdue');
    expect(dueState({ ...r, extendedDueOn: '2026-12-30' }, '2026-12-01', C)).toBe('on_time');
    expect(dueState({ ...r, status: 'delivered' }, '2026-12-01', C)).toBe('closed');
  });
  it('refuses erasure under a hold, while employed, or before the labour-records floor', () => {
    const base = { subjectType: 'employee' as const, holdInForce: false, floorMonths: 24, floorReason: 'labour_records', today: '2026-11-25' };
    expect(erasureBlockers({ ...base, employeeStatus: 'active', departedAt: null })).toEqual([{ code: 'still_employed' }]);
    expect(erasureBlockers({ ...base, employeeStatus: 'departed', departedAt: '2025-06-30T10:00:00Z' })).toEqual([{ code: 'retention_floor', until: '2027-06-30', reason: 'labour_records' }]);
    expect(erasureBlockers({ ...base, employeeStatus: 'departed', departedAt: '2024-06-30T10:00:00Z' })).toEqual([]);
    expect(erasureBlockers({ ...base, subjectType: 'contact', holdInForce: true })).toEqual([{ code: 'legal_hold' }]);
  });
});

describe('pausing the deadline clock', () => {
  const ev = (action: string, detail: RequestEvent['detail']): RequestEvent => ({ at: '2026-09-01T00:00:00.000Z', by: 'u1', action, detail });
  const request = (regime: RequestRegime, receivedOn: string, history: RequestEvent[] = []) => ({ status: 'verified' as const, regime, receivedOn, dueOn: dueDate(regime, receivedOn, C), extendedDueOn: null, history: [ev('request.register', {}), ...history] });
  const paused = (r: ReturnType<typeof request>, from: string) => ({ ...r, history: [...r.history, ev('request.pause', { reason: 'identity_proof', from, note: 'asked for ID' })] });

  it('moves a PRC deadline by the working days paused, across the National Day holiday', () => {
    // Received Mon 21 Sep 2026: due Mon 19 Oct. Paused Tue 29 Sep, resumed Fri 9 Oct: of 30 Sep – 9 Oct
    // only 30 Sep, 8 and 9 Oct are working days (1–7 Oct off), so the deadline moves by 3 working days.
    const r = paused(request('pipl_working_days', '2026-09-21'), '2026-09-29');
    expect(r.dueOn).toBe('2026-10-19');
    expect(pausedDays('pipl_working_days', '2026-09-29', '2026-10-09', C)).toBe(3);
    expect(resumedDeadlines(r, '2026-10-09', C)).toEqual({ days: 3, dueOn: '2026-10-22', extendedDueOn: null });
    // An extended deadline moves as well, and so does the latest allowed extension.
    expect(resumedDeadlines({ ...r, extendedDueOn: '2026-11-02' }, '2026-10-09', C).extendedDueOn).toBe('2026-11-05');
    expect(latestExtension('pipl_working_days', '2026-09-21', 0, C)).toBe('2026-11-09');
    expect(latestExtension('pipl_working_days', '2026-09-21', 3, C)).toBe('2026-11-12');
  });

  it('moves calendar-day and GDPR deadlines by calendar days', () => {
    expect(resumedDeadlines(paused(request('days_30', '2026-09-21'), '2026-09-29'), '2026-10-09', C)).toEqual({ days: 10, dueOn: '2026-10-31', extendedDueOn: null });
    expect(resumedDeadlines(paused(request('gdpr', '2026-01-31'), '2026-02-02'), '2026-02-05', C).dueOn).toBe('2026-03-03');
  });

  it('refuses a second pause, a resumption without a pause, and days out of order', () => {
    const r = request('pipl_working_days', '2026-09-21');
    expect(pauseRefusal(r, '2026-09-29', '2026-10-01')).toBeNull();
    const p = paused(r, '2026-09-29');
    expect(pauseRefusal(p, '2026-09-30', '2026-10-01')).toBe('already_paused');
    expect(resumeRefusal(r, '2026-09-30', '2026-10-01')).toBe('not_paused');
    expect(resumeRefusal(p, '2026-09-28', '2026-10-01')).toBe('before_pause');
    expect(resumeRefusal(p, '2026-10-02', '2026-10-01')).toBe('future');
    expect(pauseRefusal(r, '2026-09-20', '2026-10-01')).toBe('before_received');
    expect(pauseRefusal(r, '2026-10-02', '2026-10-01')).toBe('future');
    expect(pauseRefusal({ ...r, status: 'fulfilled' as const }, '2026-09-29', '2026-10-01')).toBe('closed');
    // After a resumption, a new pause starts no earlier than it.
    const resumed = { ...p, history: [...p.history, ev('request.resume', { from: '2026-09-29', to: '2026-10-09', days: 3, dueOn: '2026-10-22' })] };
    expect(pauseRefusal(resumed, '2026-10-08', '2026-10-12')).toBe('overlaps');
    expect(pauseRefusal(resumed, '2026-10-09', '2026-10-12')).toBeNull();
    expect(clockPauses(resumed.history)).toEqual([{ from: '2026-09-29', to: '2026-10-09', reason: 'identity_proof', days: 3 }]);
  });

  it('does not run while paused, and counts overdue on the moved deadline', () => {
    const p = paused(request('pipl_working_days', '2026-09-21'), '2026-10-15');
    // Due 19 Oct, paused on 15 Oct: on 26 Oct it is not overdue; resumed that day, the 7 working days
    // paused (16, 19–23, 26 Oct) move it to 28 Oct.
    expect(currentDue(p, '2026-10-26', C)).toBe('2026-10-28');
    expect(dueState(p, '2026-10-26', C)).toBe('due_soon');
    const moved = resumedDeadlines(p, '2026-10-26', C);
    expect(moved).toEqual({ days: 7, dueOn: '2026-10-28', extendedDueOn: null });
    const resumed = { ...p, dueOn: moved.dueOn, history: [...p.history, ev('request.resume', { from: '2026-10-15', to: '2026-10-26', ...moved })] };
    expect(dueState(resumed, '2026-10-28', C)).toBe('due_soon');
    expect(dueState(resumed, '2026-10-29', C)).toBe('overdue');
    // Without the pause the same request was overdue from 20 Oct.
    expect(dueState(request('pipl_working_days', '2026-09-21'), '2026-10-20', C)).toBe('overdue');
  });
});
