import { csvBase64 } from '../files/csv.js';
import type { CommandArgs, RequestIntake } from '../../../shared/commands.js';
import { CustosError } from '../../../shared/errors.js';
import type { RequestDetail, RequestRow } from '../../../shared/request-views.js';
import { CATEGORY_RULES } from '../../../shared/retention.js';
import {
  calendarKnown,
  clockPauses,
  currentDue,
  dueDate,
  dueState,
  erasureBlockers,
  latestExtension,
  openPause,
  OPEN_REQUEST_STATUSES,
  pausedDaysOn,
  pauseRefusal,
  recountsFor,
  resumeRefusal,
  type DataSubjectRequest,
  type HolidayCalendar,
  type RequestStatus,
} from '../../../shared/requests.js';
import type { SessionUser } from '../../../shared/domain.js';
import type { CacheDb } from '../db/open.js';
import { readRow } from '../sync/entities.js';
import { calendarWith, tenantCalendar } from '../holidays/queries.js';
import type { HolidayEntry } from '../../../shared/holidays.js';

/**
 * The register as the console sees it: cached requests, plus requests and changes still in the
 * outbox (a new request is listed at once, marked queued, with the deadline the cloud will set).
 * Deadlines are counted on the tenant's effective holiday calendar (holidays/queries.ts), the
 * one the cloud counts on.
 */
const all = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).all(...params) as T[];
const one = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).get(...params) as T | undefined;

function pendingByRequest(db: CacheDb): { registers: RequestIntake[]; names: Map<string, string[]> } {
  const rows = all<{ name: string; args: string; entityId: string }>(db, "SELECT name, args, entity_id AS entityId FROM outbox WHERE status = 'pending' AND entity = 'dataSubjectRequest' ORDER BY seq");
  const registers: RequestIntake[] = [];
  const names = new Map<string, string[]>();
  for (const r of rows) {
    if (r.name === 'request.register') registers.push(JSON.parse(r.args) as RequestIntake);
    names.set(r.entityId, [...(names.get(r.entityId) ?? []), r.name]);
  }
  return { registers, names };
}

/** The commands about one request still waiting in the outbox, in order. */
function pendingFor(db: CacheDb, id: string): string[] {
  return all<{ name: string }>(db, "SELECT name FROM outbox WHERE status = 'pending' AND entity = 'dataSubjectRequest' AND entity_id = ? ORDER BY seq", id).map((r) => r.name);
}

/** A request the cloud has not answered yet, as the cloud will make it (reference pending). */
function provisional(intake: RequestIntake, now: string, calendar: HolidayCalendar): DataSubjectRequest {
  return {
    ...intake,
    reference: '',
    dueOn: dueDate(intake.regime, intake.receivedOn, calendar),
    extendedDueOn: null,
    extensionReason: null,
    status: 'received',
    verification: null,
    refusal: null,
    repeatFee: false,
    fulfilment: null,
    delivery: null,
    history: [],
    createdAt: now,
  };
}

function cachedRequests(db: CacheDb): DataSubjectRequest[] {
  return all<{ id: string }>(db, 'SELECT id FROM data_subject_request').map((r) => readRow(db, 'dataSubjectRequest', r.id)!.data as DataSubjectRequest);
}

export function subjectName(db: CacheDb, subjectType: string, subjectId: string | null): string | null {
  if (!subjectId || (subjectType !== 'employee' && subjectType !== 'contact')) return null;
  return one<{ name: string }>(db, `SELECT name FROM ${subjectType} WHERE id = ?`, subjectId)?.name ?? null;
}

/** Names of admin accounts known to this console (linked employees' names), by user id. */
export function adminNames(db: CacheDb, me: SessionUser | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of all<{ userId: string; name: string | null }>(db, 'SELECT a.user_id AS userId, e.name AS name FROM admin_role_assignment a LEFT JOIN employee e ON e.id = a.employee_id')) {
    if (r.name) names.set(r.userId, r.name);
  }
  if (me) names.set(me.id, me.name);
  return names;
}

function allRequests(db: CacheDb, now: string, calendar: HolidayCalendar) {
  const { registers, names } = pendingByRequest(db);
  const cached = cachedRequests(db);
  const known = new Set(cached.map((r) => r.id));
  return { requests: [...cached, ...registers.filter((r) => !known.has(r.id)).map((r) => provisional(r, now, calendar))], pending: names };
}

export function listRequests(db: CacheDb, input: { status: 'open' | 'closed' | 'all'; search?: string }, today: string, me: SessionUser | null): { rows: RequestRow[]; today: string } {
  const calendar = tenantCalendar(db);
  const { requests, pending } = allRequests(db, new Date().toISOString(), calendar);
  const people = adminNames(db, me);
  const q = input.search?.toLowerCase();
  const rows = requests
    .filter((r) => input.status === 'all' || (input.status === 'open') === OPEN_REQUEST_STATUSES.includes(r.status))
    .map((r) => ({
      id: r.id,
      reference: r.reference,
      type: r.type,
      subjectType: r.subjectType,
      subjectId: r.subjectId,
      status: r.status,
      receivedOn: r.receivedOn,
      dueOn: r.dueOn,
      extendedDueOn: r.extendedDueOn,
      regime: r.regime,
      assigneeId: r.assigneeId,
      language: r.language,
      channel: r.channel,
      identifiers: r.identifiers,
      subjectName: subjectName(db, r.subjectType, r.subjectId) ?? r.identifiers.name,
      assigneeName: r.assigneeId ? (people.get(r.assigneeId) ?? null) : null,
      dueState: dueState(r, today, calendar),
      currentDue: currentDue(r, today, calendar),
      pausedSince: openPause(r.history)?.from ?? null,
      pending: pending.get(r.id) ?? [],
    }))
    .filter((r) => !q || [r.reference, r.subjectName ?? '', r.identifiers.email ?? '', r.identifiers.mobile ?? ''].some((v) => v.toLowerCase().includes(q)));
  const rank = { overdue: 0, due_soon: 1, on_time: 2, closed: 3 } as const;
  rows.sort((a, b) => rank[a.dueState] - rank[b.dueState] || a.currentDue.localeCompare(b.currentDue) || a.reference.localeCompare(b.reference));
  return { rows, today };
}

export function requestCounts(db: CacheDb, today: string) {
  const calendar = tenantCalendar(db);
  const { requests } = allRequests(db, new Date().toISOString(), calendar);
  const open = requests.filter((r) => OPEN_REQUEST_STATUSES.includes(r.status));
  const states = open.map((r) => dueState(r, today, calendar));
  return { open: open.length, overdue: states.filter((s) => s === 'overdue').length, dueSoon: states.filter((s) => s === 'due_soon').length };
}

/** One request: the cached row, or its intake still queued (shown as the cloud will make it). */
export function findRequest(db: CacheDb, id: string): DataSubjectRequest {
  const cached = readRow(db, 'dataSubjectRequest', id);
  if (cached) return cached.data as DataSubjectRequest;
  const queued = one<{ args: string }>(db, "SELECT args FROM outbox WHERE status = 'pending' AND name = 'request.register' AND entity_id = ? ORDER BY seq LIMIT 1", id);
  if (!queued) throw new CustosError('NOT_FOUND', 'No such request in this console.');
  return provisional(JSON.parse(queued.args) as RequestIntake, new Date().toISOString(), tenantCalendar(db));
}

/** The matched person a request's discovery and copy are pinned to (none while unmatched). */
export function pinnedSubject(request: Pick<DataSubjectRequest, 'subjectType' | 'subjectId'>): { entity: 'employee' | 'contact'; id: string } | null {
  return request.subjectId && request.subjectType !== 'unmatched' ? { entity: request.subjectType, id: request.subjectId } : null;
}

function holdInForce(db: CacheDb, subjects: { type: string; id: string }[]): boolean {
  return subjects.some((s) => one(db, 'SELECT 1 AS x FROM legal_hold WHERE subject_type = ? AND subject_id = ? AND released_at IS NULL', s.type, s.id) !== undefined);
}

/** What stops the request's subject from being erased today (null: no matched employee or contact). */
export function subjectErasureBlockers(db: CacheDb, request: Pick<DataSubjectRequest, 'subjectType' | 'subjectId'>, today: string) {
  if (request.subjectId === null || request.subjectType === 'unmatched') return null;
  const category = request.subjectType === 'employee' ? 'departed_employee_profile' : 'customer_contact';
  const subjects: { type: string; id: string }[] = [{ type: request.subjectType, id: request.subjectId }];
  let employee: { status: string; departed_at: string | null } | undefined;
  if (request.subjectType === 'contact') {
    const c = one<{ customer_id: string }>(db, 'SELECT customer_id FROM contact WHERE id = ?', request.subjectId);
    if (c) subjects.push({ type: 'customer', id: c.customer_id });
  } else employee = one(db, 'SELECT status, departed_at FROM employee WHERE id = ?', request.subjectId);
  return erasureBlockers({
    subjectType: request.subjectType,
    holdInForce: holdInForce(db, subjects),
    employeeStatus: employee?.status,
    departedAt: employee?.departed_at ?? null,
    floorMonths: CATEGORY_RULES[category].floor.months,
    floorReason: CATEGORY_RULES[category].floor.reason,
    today,
  });
}

export function getRequest(db: CacheDb, id: string, today: string, me: SessionUser | null): RequestDetail {
  const request = findRequest(db, id);
  const pending = pendingFor(db, id);
  const people = adminNames(db, me);
  const consents = request.subjectId
    ? all<{ id: string; purpose: string; at: string; granted: number; subjectId: string }>(
        db,
        'SELECT id, purpose, at, granted, subject_id AS subjectId FROM consent_record WHERE subject_id = ? ORDER BY at',
        request.subjectId,
      )
    : [];
  // The latest record per purpose says whether consent is in force now.
  const latest = new Map<string, (typeof consents)[number]>();
  for (const c of consents) latest.set(c.purpose, c);
  const calendar = tenantCalendar(db);
  const due = currentDue(request, today, calendar);
  const paused = openPause(request.history);
  return {
    request,
    pending,
    subjectName: subjectName(db, request.subjectType, request.subjectId),
    assigneeName: request.assigneeId ? (people.get(request.assigneeId) ?? null) : null,
    dueState: dueState(request, today, calendar),
    currentDue: due,
    pause: paused ? { since: paused.from, reason: paused.reason } : null,
    pauses: clockPauses(request.history),
    today,
    calendarKnown: request.regime !== 'pipl_working_days' || (calendarKnown(request.receivedOn, calendar) && calendarKnown(due, calendar)),
    latestExtension: latestExtension(request.regime, request.receivedOn, pausedDaysOn(request, calendar), calendar),
    erasureBlockers: subjectErasureBlockers(db, request, today),
    consents: [...latest.values()].filter((c) => c.granted === 1).map((c) => ({ id: c.id, purpose: c.purpose, at: c.at })),
    people: Object.fromEntries(people),
  };
}

export function listAssignees(db: CacheDb, me: SessionUser | null) {
  const rows = all<{ userId: string; name: string | null }>(
    db,
    "SELECT a.user_id AS userId, e.name AS name FROM admin_role_assignment a LEFT JOIN employee e ON e.id = a.employee_id WHERE a.role IN ('super_admin', 'compliance_officer') ORDER BY e.name",
  );
  const out = new Map<string, string>();
  if (me && (me.role === 'super_admin' || me.role === 'compliance_officer')) out.set(me.id, me.name);
  for (const r of rows) if (r.userId && r.name && !out.has(r.userId)) out.set(r.userId, r.name);
  return { assignees: [...out].map(([userId, name]) => ({ userId, name })) };
}

/** Checks a command against the cached request so the officer hears at once what the cloud would refuse. */
export function checkRequestCommand(db: CacheDb, name: string, args: { id: string } & Record<string, unknown>, today: string): void {
  if (name === 'request.register') {
    const intake = args as unknown as RequestIntake;
    if (intake.receivedOn > today) throw new CustosError('INVALID_INPUT', 'A request cannot be received in the future.', [{ path: 'receivedOn', message: 'future' }]);
    if (intake.subjectId && !subjectName(db, intake.subjectType, intake.subjectId)) throw new CustosError('NOT_FOUND', 'No such person in the cache.');
    return;
  }
  const request = findRequest(db, args.id);
  const open = OPEN_REQUEST_STATUSES.includes(request.status);
  const fail = (code: string, message: string) => {
    throw new CustosError('INVALID_INPUT', message, [{ path: 'status', message: code }]);
  };
  if (name !== 'request.deliver' && !open) fail('closed', 'This request is closed.');
  const paused = openPause(request.history) !== null;
  if (paused && ['request.extend', 'request.fulfil', 'request.refuse'].includes(name)) fail('paused', 'The deadline is paused: resume it first.');
  if (name === 'request.pause') {
    const refusal = pauseRefusal(request, (args as unknown as CommandArgs<'request.pause'>).from, today);
    if (refusal) fail(refusal, 'The deadline cannot be paused.');
  }
  if (name === 'request.resume') {
    const refusal = resumeRefusal(request, (args as unknown as CommandArgs<'request.resume'>).on, today);
    if (refusal) fail(refusal, 'The deadline cannot be resumed.');
  }
  const needsVerified: Record<string, boolean> = { 'request.fulfil': true, 'subject.erase': true, 'consent.withdraw': true };
  if (needsVerified[name] && request.status !== 'verified') fail(request.status === 'received' ? 'not_verified' : 'already_fulfilled', "Verify the requester's identity first.");
  if (name === 'request.verify' && request.status !== 'received') fail('already_verified', 'Already verified.');
  if (name === 'request.deliver' && !(['fulfilled', 'refused'] as RequestStatus[]).includes(request.status)) fail('not_fulfilled', 'Fulfil or refuse the request first.');
  if (name === 'subject.erase') {
    const blockers = subjectErasureBlockers(db, request, today);
    if (blockers && blockers.length > 0) throw new CustosError('INVALID_INPUT', 'The subject cannot be erased now.', blockers.map((b) => ({ path: 'erasure', message: b.code })));
  }
  if (name === 'request.extend') {
    const a = args as unknown as CommandArgs<'request.extend'>;
    const calendar = tenantCalendar(db);
    const latest = latestExtension(request.regime, request.receivedOn, pausedDaysOn(request, calendar), calendar);
    if (!latest) fail('no_extension', 'This regime allows no extension.');
    if (a.extendedDueOn <= (request.extendedDueOn ?? request.dueOn) || a.extendedDueOn > latest!) throw new CustosError('INVALID_INPUT', `The new deadline must be after the current one and no later than ${latest}.`, [{ path: 'extendedDueOn', message: 'out_of_range' }]);
  }
}

/** The open requests the cloud will recount when `year`'s schedule becomes `entries` (null: removed), as cached now. */
export function recountPreview(db: CacheDb, year: number, entries: readonly HolidayEntry[] | null) {
  const moves = recountsFor(cachedRequests(db), year, calendarWith(db, year, entries));
  return { moves: moves.map(({ request, dueOn }) => ({ id: request.id, reference: request.reference, from: request.dueOn, to: dueOn })) };
}

/** The request's history for a regulator: every step with who and when, as JSON or CSV. */
export function requestHistory(db: CacheDb, id: string, format: 'json' | 'csv', me: SessionUser | null) {
  const request = findRequest(db, id);
  const people = adminNames(db, me);
  const events = request.history.map((e) => ({ at: e.at, by: people.get(e.by) ?? e.by, byId: e.by, action: e.action, detail: e.detail }));
  const base = `${request.reference || request.id}-history`;
  if (format === 'json') {
    const { history: _history, ...summary } = request;
    // Each pause of the deadline clock, besides its two events, for a regulator checking the deadline.
    const body = JSON.stringify({ request: summary, pauses: clockPauses(request.history), events }, null, 2);
    return { fileName: `${base}.json`, mime: 'application/json', contentBase64: Buffer.from(body).toString('base64'), rows: events.length };
  }
  const rows = events.map((e) => [e.at, e.by, e.byId, e.action, JSON.stringify(e.detail)]);
  return { fileName: `${base}.csv`, mime: 'text/csv', contentBase64: csvBase64(['at', 'by', 'byId', 'action', 'detail'], rows), rows: events.length };
}
