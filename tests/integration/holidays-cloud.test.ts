import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantCalendar } from '../../cloud/holidays/calendar.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_COMPLIANCE_EMAIL, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import type { Core } from '../../electron/core/index.js';
import type { OutputOf } from '../../shared/contract.js';
import { effectiveCalendar, entriesOf, type HolidayEntry } from '../../shared/holidays.js';
import { dueDate, latestExtension, PRC_CALENDAR } from '../../shared/requests.js';
import { call, openClient, settle, tempDir } from '../faults/harness.js';

/**
 * An officer imports a year's holiday schedule in one console; the cloud applies it, recounts
 * the open request whose deadline runs through that year, and a second console receives both:
 * the two consoles and the cloud count every deadline on the same calendar, with the same
 * functions. Dates follow today's: the schedule imported is the built-in one (if any) of the
 * year of a request's deadline, with that deadline's own day made a day off, so the deadline
 * must move by the rule and not by chance.
 */
let cloud: RunningCloud;
let officer: Core;
let admin: Core;

const today = () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
type Listed = OutputOf<'holidays.list'>;
type Detail = OutputOf<'requests.get'>;
const intake = (id: string) => ({
  id,
  type: 'access',
  subjectType: 'unmatched',
  subjectId: null,
  identifiers: { name: '李雷', mobile: null, email: null, idNumber: null },
  language: 'zh-CN',
  channel: 'letter',
  receivedOn: today(),
  regime: 'pipl_working_days',
  assigneeId: null,
  notes: '',
});

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 4, employees: 20, customers: 4, approvals: 4 }, schedulerIntervalMs: 0 });
  officer = openClient(tempDir('holidays-officer'), cloud.url, null);
  admin = openClient(tempDir('holidays-admin'), cloud.url, null);
  await call(officer, 'session.signIn', { email: DEMO_COMPLIANCE_EMAIL, password: DEMO_ADMIN_PASSWORD });
  await call(admin, 'session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  await settle(officer);
  await settle(admin);
}, 120_000);
afterAll(async () => {
  await officer?.close();
  await admin?.close();
  await cloud?.close();
});

describe('an imported holiday schedule, console to cloud to console', () => {
  const first = ulid();
  let deadline = '';
  let year = 0;
  let entries: HolidayEntry[] = [];

  it('is checked at once in the console and waits in the outbox until the cloud applies it', async () => {
    await call(officer, 'request.register', intake(first));
    await settle(officer);
    deadline = (await call<Detail>(officer, 'requests.get', { id: first })).request.dueOn;
    expect(deadline).toBe(dueDate('pipl_working_days', today(), PRC_CALENDAR));
    year = Number(deadline.slice(0, 4));
    const builtIn = PRC_CALENDAR[year];
    // The year's schedule as shipped (if it is), with the deadline's day made a day off.
    entries = [
      ...(builtIn ? entriesOf(year, { off: builtIn.off, work: builtIn.work.filter((md) => md !== deadline.slice(5)) }).map((e) => ({ ...e, name: e.kind === 'off' ? '假日' : '调休' })) : []),
      { kind: 'off', from: deadline, to: deadline, name: 'Extra day off' },
    ];

    // A make-up working day on a weekday is refused before anything is queued.
    const weekdayWorkday = [`${year}-03-01`, `${year}-03-02`, `${year}-03-03`, `${year}-03-04`, `${year}-03-05`].find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
    const bad = await officer.invoke('holidayCalendar.import', { id: String(year), year, notice: null, entries: [...entries, { kind: 'work', from: weekdayWorkday, to: weekdayWorkday, name: '调休' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: `entries.${entries.length}`, message: 'workday_not_weekend' }] } });

    // The preview says which open request the cloud will recount, and to when.
    const moved = dueDate('pipl_working_days', today(), effectiveCalendar([{ year, entries }]));
    expect(await call<OutputOf<'holidays.impact'>>(officer, 'holidays.impact', { year, entries })).toEqual({ moves: [{ id: first, reference: expect.stringMatching(/^DSR-/) as string, from: deadline, to: moved }] });

    await call(officer, 'holidayCalendar.import', { id: String(year), year, notice: '国办发明电 (test)', entries });
    const queued = await call<Listed>(officer, 'holidays.list');
    expect(queued.years.find((y) => y.year === year)).toMatchObject({ source: builtIn ? 'built_in' : null, pending: ['holidayCalendar.import'] });
    // Until the cloud has applied it, the console counts as the cloud still does.
    expect((await call<Detail>(officer, 'requests.get', { id: first })).currentDue).toBe(deadline);
  });

  it('reaches a second console; both count on the calendar the cloud counts on', async () => {
    await settle(officer);
    await settle(admin);
    const expected = effectiveCalendar([{ year, entries }]);
    const mine = await call<Listed>(officer, 'holidays.list');
    const theirs = await call<Listed>(admin, 'holidays.list');
    expect(theirs.calendar).toEqual(mine.calendar);
    expect(mine.calendar).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.parse(JSON.stringify(await tenantCalendar(cloud.db, DEMO_TENANT_ID)))).toEqual(mine.calendar);
    expect(theirs.years.find((y) => y.year === year)).toMatchObject({ source: 'imported', builtIn: year in PRC_CALENDAR, notice: '国办发明电 (test)', pending: [] });
    expect(theirs.years.find((y) => y.year === year)!.importedBy).toBeTruthy();
  });

  it('recounted the open request; both consoles show the same deadline and its reason', async () => {
    const moved = dueDate('pipl_working_days', today(), effectiveCalendar([{ year, entries }]));
    expect(moved > deadline).toBe(true);
    for (const core of [officer, admin]) {
      const d = await call<Detail>(core, 'requests.get', { id: first });
      expect(d.request.dueOn).toBe(moved);
      expect(d.calendarKnown).toBe(true);
      expect(d.request.history.at(-1)).toMatchObject({ action: 'request.recount', detail: { year, from: deadline, to: moved } });
    }
  });

  it('counts a new intake the same in the console (queued) and in the cloud, and the latest extension on both consoles', async () => {
    const calendar = effectiveCalendar([{ year, entries }]);
    const second = ulid();
    await call(admin, 'request.register', intake(second));
    const provisional = (await call<Detail>(admin, 'requests.get', { id: second })).request.dueOn;
    expect(provisional).toBe(dueDate('pipl_working_days', today(), calendar));
    await settle(admin);
    await settle(officer);
    const there = await call<Detail>(officer, 'requests.get', { id: second });
    const here = await call<Detail>(admin, 'requests.get', { id: second });
    expect(here.request.reference).toMatch(/^DSR-/);
    expect(there.request.dueOn).toBe(provisional);
    expect(here.request.dueOn).toBe(provisional);
    expect(there.latestExtension).toBe(here.latestExtension);
    expect(here.latestExtension).toBe(latestExtension('pipl_working_days', today(), 0, calendar));
  });

  it('removed, brings the built-in year back everywhere and the deadline with it', async () => {
    await call(admin, 'holidayCalendar.remove', { id: String(year) });
    await settle(admin);
    await settle(officer);
    for (const core of [officer, admin]) {
      const listed = await call<Listed>(core, 'holidays.list');
      expect(listed.calendar).toEqual(JSON.parse(JSON.stringify(PRC_CALENDAR)));
      expect((await call<Detail>(core, 'requests.get', { id: first })).request.dueOn).toBe(deadline);
    }
    expect(await officer.invoke('holidayCalendar.remove', { id: String(year) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
