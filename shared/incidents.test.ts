import { describe, expect, it } from 'vitest';
import {
  closeRefusals,
  dayIn,
  incidentClocks,
  incidentDueState,
  instantToZoned,
  missingItems,
  noticesDueOn,
  REGIME_CLOCKS,
  regulatorDueAt,
  unnotified,
  zonedToInstant,
  type SecurityIncident,
} from './incidents.js';

/** The incident register's rules: the two clocks on the incident's time zone, and when it may close. */
const FULL = { happened: 'A laptop was stolen.', measures: 'Disk encryption; passwords reset.', selfHelp: 'Watch for phishing calls.', remedies: 'A hotline, free credit monitoring.' };

function incident(over: Partial<SecurityIncident> = {}): SecurityIncident {
  const facts = { discoveredAt: '2026-11-27T15:30:00.000Z', timeZone: 'Asia/Shanghai', regulatorHours: 72, noticeDays: 30 };
  return {
    id: 'i1',
    reference: 'INC-2026-0001',
    title: 'Stolen laptop',
    ...facts,
    occurredFrom: null,
    occurredTo: null,
    description: '',
    cause: '',
    systems: [],
    fields: ['employee.mobile'],
    sensitive: false,
    euSubjects: true,
    ownerId: null,
    status: 'open',
    regulatorDueAt: regulatorDueAt(facts),
    noticesDueOn: noticesDueOn(facts),
    affected: [],
    affectedCriteria: null,
    items: {},
    deliveries: [],
    announcement: null,
    regulatorReport: null,
    history: [],
    createdAt: '2026-11-27T15:31:00.000Z',
    ...over,
  };
}

describe('incident clocks', () => {
  it("a discovery at 23:30 on a Friday in Shanghai: the regulator hears by 23:30 on the Monday, the people by the Friday's date + 30 days", () => {
    const discoveredAt = zonedToInstant('2026-11-27T23:30', 'Asia/Shanghai');
    expect(discoveredAt).toBe('2026-11-27T15:30:00.000Z');
    expect(new Date(discoveredAt).getUTCDay()).toBe(5);
    const due = regulatorDueAt({ discoveredAt, regulatorHours: REGIME_CLOCKS.gdpr.regulatorHours });
    expect(due).toBe('2026-11-30T15:30:00.000Z');
    expect(instantToZoned(due!, 'Asia/Shanghai')).toBe('2026-11-30T23:30');
    // Natural days: the weekend counts, and the day is Friday in Shanghai.
    expect(noticesDueOn({ discoveredAt, timeZone: 'Asia/Shanghai', noticeDays: 30 })).toBe('2026-12-27');
  });

  it("the day of awareness is the incident's time zone's: 07:30 on Saturday in Shanghai is still Friday in Paris", () => {
    const discoveredAt = zonedToInstant('2026-11-27T23:30', 'Europe/Paris');
    expect(discoveredAt).toBe('2026-11-27T22:30:00.000Z');
    expect(dayIn(discoveredAt, 'Asia/Shanghai')).toBe('2026-11-28');
    expect(noticesDueOn({ discoveredAt, timeZone: 'Europe/Paris', noticeDays: 30 })).toBe('2026-12-27');
    expect(noticesDueOn({ discoveredAt, timeZone: 'Asia/Shanghai', noticeDays: 30 })).toBe('2026-12-28');
  });

  it('72 hours are hours across a daylight-saving change (Paris, October 2026): 22:30 on the Monday, not 23:30', () => {
    const discoveredAt = zonedToInstant('2026-10-23T23:30', 'Europe/Paris');
    expect(discoveredAt).toBe('2026-10-23T21:30:00.000Z');
    const due = regulatorDueAt({ discoveredAt, regulatorHours: 72 })!;
    expect(due).toBe('2026-10-26T21:30:00.000Z');
    expect(instantToZoned(due, 'Europe/Paris')).toBe('2026-10-26T22:30');
  });

  it('PIPL sets no fixed hours for the regulator: no regulator clock unless the officer sets one', () => {
    expect(REGIME_CLOCKS.pipl.regulatorHours).toBeNull();
    expect(regulatorDueAt({ discoveredAt: '2026-11-27T15:30:00.000Z', regulatorHours: null })).toBeNull();
    expect(incidentClocks(incident({ regulatorDueAt: null }), new Date('2026-11-28T00:00:00Z')).regulator).toBeNull();
  });

  it('stands out as due soon within 24 hours, overdue after, done once reported', () => {
    const i = incident();
    expect(incidentClocks(i, new Date('2026-11-28T15:30:00Z')).regulator).toBe('on_time');
    expect(incidentClocks(i, new Date('2026-11-29T16:00:00Z')).regulator).toBe('due_soon');
    expect(incidentClocks(i, new Date('2026-11-30T15:31:00Z')).regulator).toBe('overdue');
    expect(incidentDueState(incidentClocks(i, new Date('2026-11-30T15:31:00Z')))).toBe('overdue');
    expect(incidentClocks({ ...i, regulatorReport: { at: '2026-11-29T00:00:00Z', reference: 'CNIL-1', by: 'u' } }, new Date('2026-12-01T00:00:00Z')).regulator).toBe('done');
  });

  it("the notices' clock is judged on today in the incident's time zone", () => {
    const i = incident({ affected: [{ subjectType: 'employee', subjectId: 'e1', language: 'zh-CN' }] });
    // 16:30 UTC on 27 Dec is already 28 Dec in Shanghai: overdue there.
    expect(incidentClocks(i, new Date('2026-12-27T15:59:00Z')).notices).toBe('due_soon');
    expect(incidentClocks(i, new Date('2026-12-27T16:30:00Z')).notices).toBe('overdue');
  });
});

describe('closing an incident', () => {
  const people = [
    { subjectType: 'employee' as const, subjectId: 'e1', language: 'zh-CN' as const },
    { subjectType: 'contact' as const, subjectId: 'c1', language: 'fr' as const },
  ];

  it('is refused while a notice item is empty in a language someone reads', () => {
    const i = incident({ affected: people, items: { 'zh-CN': FULL, fr: { ...FULL, remedies: ' ' } } });
    expect(missingItems(i)).toEqual([{ language: 'fr', item: 'remedies' }]);
    expect(closeRefusals(i)).toContain('items_missing');
    // Nobody affected still needs the four items once.
    expect(missingItems(incident())).toHaveLength(4);
  });

  it('is refused while someone is neither told nor covered by an announcement', () => {
    const told = incident({ affected: people, items: { 'zh-CN': FULL, fr: FULL }, deliveries: [{ subjectType: 'employee', subjectId: 'e1', channel: 'sms', on: '2026-11-30', outcome: 'delivered' }] });
    expect(unnotified(told).map((p) => p.subjectId)).toEqual(['c1']);
    expect(closeRefusals(told)).toEqual(['not_notified']);
    const failed = { ...told, deliveries: [...told.deliveries, { subjectType: 'contact' as const, subjectId: 'c1', channel: 'email' as const, on: '2026-11-30', outcome: 'failed' as const }] };
    expect(closeRefusals(failed)).toEqual(['not_notified']);
    const announced = { ...failed, announcement: { text: 'We could not reach everyone; here is what happened.', reason: 'no_contact_details' as const, on: '2026-12-01', by: 'u' } };
    expect(closeRefusals(announced)).toEqual([]);
    expect(closeRefusals({ ...announced, status: 'closed' })).toEqual(['closed']);
  });
});
