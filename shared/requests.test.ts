import { describe, expect, it } from 'vitest';
import { addMonths, dueDate, dueState, erasureBlockers, isPrcWorkingDay, latestExtension } from './requests.js';

describe('request deadlines', () => {
  it('counts 15 working days on the PRC calendar, skipping holidays and working the adjusted weekends', () => {
    // Mid-Autumn (25–27 Sep) and National Day (1–7 Oct) 2026 off; Saturday 10 Oct is a working day.
    expect(dueDate('pipl_working_days', '2026-09-21')).toBe('2026-10-19');
    expect(isPrcWorkingDay('2026-10-10')).toBe(true);
    expect(isPrcWorkingDay('2026-10-05')).toBe(false);
    expect(isPrcWorkingDay('2026-02-14')).toBe(true);
    // Spring Festival 2026: 15–23 Feb off; Saturdays 14 and 28 Feb are working days.
    expect(dueDate('pipl_working_days', '2026-02-10')).toBe('2026-03-09');
    // An ordinary stretch: three weeks.
    expect(dueDate('pipl_working_days', '2026-11-02')).toBe('2026-11-23');
  });
  it('counts calendar days and GDPR months (to the month end when the day does not exist)', () => {
    expect(dueDate('days_15', '2026-11-25')).toBe('2026-12-10');
    expect(dueDate('days_30', '2026-12-15')).toBe('2027-01-14');
    expect(dueDate('gdpr', '2026-01-31')).toBe('2026-02-28');
    expect(dueDate('gdpr', '2028-01-31')).toBe('2028-02-29');
    expect(addMonths('2026-03-15', 1)).toBe('2026-04-15');
    expect(latestExtension('gdpr', '2026-01-31')).toBe('2026-04-30');
    expect(latestExtension('days_30', '2026-01-31')).toBeNull();
  });
  it('says where an open request stands', () => {
    const r = { status: 'received' as const, dueOn: '2026-11-30', extendedDueOn: null };
    expect(dueState(r, '2026-11-20')).toBe('on_time');
    expect(dueState(r, '2026-11-27')).toBe('due_soon');
    expect(dueState(r, '2026-12-01')).toBe('overdue');
    expect(dueState({ ...r, extendedDueOn: '2026-12-30' }, '2026-12-01')).toBe('on_time');
    expect(dueState({ ...r, status: 'delivered' }, '2026-12-01')).toBe('closed');
  });
  it('refuses erasure under a hold, while employed, or before the labour-records floor', () => {
    const base = { subjectType: 'employee' as const, holdInForce: false, floorMonths: 24, floorReason: 'labour_records', today: '2026-11-25' };
    expect(erasureBlockers({ ...base, employeeStatus: 'active', departedAt: null })).toEqual([{ code: 'still_employed' }]);
    expect(erasureBlockers({ ...base, employeeStatus: 'departed', departedAt: '2025-06-30T10:00:00Z' })).toEqual([{ code: 'retention_floor', until: '2027-06-30', reason: 'labour_records' }]);
    expect(erasureBlockers({ ...base, employeeStatus: 'departed', departedAt: '2024-06-30T10:00:00Z' })).toEqual([]);
    expect(erasureBlockers({ ...base, subjectType: 'contact', holdInForce: true })).toEqual([{ code: 'legal_hold' }]);
  });
});
