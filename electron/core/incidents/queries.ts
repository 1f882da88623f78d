import type { CommandArgs } from '../../../shared/commands.js';
import type { SessionUser } from '../../../shared/domain.js';
import { CustosError } from '../../../shared/errors.js';
import type { IncidentDetail, IncidentRow } from '../../../shared/incident-views.js';
import {
  closeRefusals,
  incidentClocks,
  incidentDueState,
  missingItems,
  noticesDueOn,
  noticeText,
  notifiedKeys,
  personKey,
  regulatorDueAt,
  unnotified,
  type SecurityIncident,
} from '../../../shared/incidents.js';
import type { CacheDb } from '../db/open.js';
import { csvBase64 } from '../files/csv.js';
import { adminNames } from '../requests/queries.js';
import { readRow } from '../sync/entities.js';
import { countByField, describePerson, personFacts } from './affected.js';
import { NOTICE_HEADINGS } from './report-text.js';

/**
 * The incident register as the console sees it: cached incidents, plus incidents still queued
 * (listed at once with the clocks the cloud will count, reference pending), and the checks made
 * before anything is queued (the cloud makes them again on its own state).
 */
const all = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).all(...params) as T[];
type Queued = { name: string; args: Record<string, unknown> & { id: string } };

function queued(db: CacheDb): Queued[] {
  return all<{ name: string; args: string }>(db, "SELECT name, args FROM outbox WHERE status = 'pending' AND entity = 'securityIncident' ORDER BY seq").map((r) => ({ name: r.name, args: JSON.parse(r.args) as Queued['args'] }));
}

/** An incident the cloud has not answered yet, as it will make it. */
function provisional(args: CommandArgs<'incident.record'>, now: string): SecurityIncident {
  return {
    ...args,
    reference: '',
    status: 'open',
    regulatorDueAt: regulatorDueAt(args),
    noticesDueOn: noticesDueOn(args),
    affected: [],
    affectedCriteria: null,
    items: {},
    deliveries: [],
    announcement: null,
    regulatorReport: null,
    history: [],
    createdAt: now,
  };
}

function allIncidents(db: CacheDb): { incidents: SecurityIncident[]; pending: Map<string, string[]> } {
  const cached = all<{ id: string }>(db, 'SELECT id FROM security_incident').map((r) => readRow(db, 'securityIncident', r.id)!.data as SecurityIncident);
  const known = new Set(cached.map((i) => i.id));
  const pending = new Map<string, string[]>();
  const fresh: SecurityIncident[] = [];
  for (const q of queued(db)) {
    pending.set(q.args.id, [...(pending.get(q.args.id) ?? []), q.name]);
    if (q.name === 'incident.record' && !known.has(q.args.id)) fresh.push(provisional(q.args as unknown as CommandArgs<'incident.record'>, new Date().toISOString()));
  }
  return { incidents: [...cached, ...fresh], pending };
}

export function findIncident(db: CacheDb, id: string): SecurityIncident {
  const found = allIncidents(db).incidents.find((i) => i.id === id);
  if (!found) throw new CustosError('NOT_FOUND', 'No such incident in this console.');
  return found;
}

const URGENCY = ['overdue', 'due_soon', 'on_time', 'done', 'closed'];

export function listIncidents(db: CacheDb, input: { status: 'open' | 'closed' | 'all' }, now: Date, me: SessionUser | null): { rows: IncidentRow[] } {
  const { incidents, pending } = allIncidents(db);
  const people = adminNames(db, me);
  const rows = incidents
    .filter((i) => input.status === 'all' || (input.status === 'closed') === (i.status === 'closed'))
    .map((i) => {
      const clocks = incidentClocks(i, now);
      return {
        id: i.id,
        reference: i.reference,
        title: i.title,
        status: i.status,
        discoveredAt: i.discoveredAt,
        timeZone: i.timeZone,
        regulatorDueAt: i.regulatorDueAt,
        noticesDueOn: i.noticesDueOn,
        sensitive: i.sensitive,
        euSubjects: i.euSubjects,
        clocks,
        dueState: incidentDueState(clocks),
        affectedCount: i.affected.length,
        unnotifiedCount: unnotified(i).length,
        ownerName: i.ownerId ? (people.get(i.ownerId) ?? null) : null,
        pending: pending.get(i.id) ?? [],
      };
    })
    .sort((a, b) => URGENCY.indexOf(a.dueState) - URGENCY.indexOf(b.dueState) || b.discoveredAt.localeCompare(a.discoveredAt));
  return { rows };
}

export function incidentCounts(db: CacheDb, now: Date): { open: number; overdue: number; dueSoon: number } {
  const open = allIncidents(db).incidents.filter((i) => i.status !== 'closed');
  const states = open.map((i) => incidentDueState(incidentClocks(i, now)));
  return { open: open.length, overdue: states.filter((s) => s === 'overdue').length, dueSoon: states.filter((s) => s === 'due_soon').length };
}

export function getIncident(db: CacheDb, id: string, peopleLimit: number, now: Date, me: SessionUser | null): IncidentDetail {
  const { incidents, pending } = allIncidents(db);
  const incident = incidents.find((i) => i.id === id);
  if (!incident) throw new CustosError('NOT_FOUND', 'No such incident in this console.');
  const names = adminNames(db, me);
  const facts = personFacts(db, incident.affected.map(personKey));
  const told = notifiedKeys(incident);
  const last = new Map<string, SecurityIncident['deliveries'][number]>();
  for (const d of incident.deliveries) last.set(personKey(d), d);
  const everyone = incident.affected.map((p) => describePerson(personKey(p), facts.get(personKey(p)), incident.fields, p.language));
  const { affected: _a, deliveries, ...rest } = incident;
  void _a;
  const historyNames: Record<string, string> = {};
  for (const ev of incident.history) historyNames[ev.by] = names.get(ev.by) ?? ev.by;
  return {
    ...rest,
    clocks: incidentClocks(incident, now),
    ownerName: incident.ownerId ? (names.get(incident.ownerId) ?? null) : null,
    pending: pending.get(id) ?? [],
    people: everyone.slice(0, peopleLimit).map((p) => {
      const d = last.get(personKey(p));
      return { ...p, notified: told.has(personKey(p)), lastDelivery: d ? { channel: d.channel, on: d.on, outcome: d.outcome } : null };
    }),
    peopleTotal: everyone.length,
    byField: countByField(everyone, incident.fields),
    noContact: everyone.filter((p) => p.channels.length === 0).length,
    unnotifiedCount: unnotified(incident).length,
    deliveryCount: deliveries.length,
    missingItems: missingItems(incident),
    closeRefusals: closeRefusals(incident),
    historyNames,
  };
}

/** The console's checks before queueing (immediate answers, offline too). */
export function checkIncidentCommand(db: CacheDb, name: string, args: { id: string } & Record<string, unknown>): void {
  if (name === 'incident.record') {
    if (allIncidents(db).incidents.some((i) => i.id === args.id)) throw new CustosError('INVALID_INPUT', 'An incident with this id already exists.', [{ path: 'id', message: 'exists' }]);
    return;
  }
  const incident = findIncident(db, args.id);
  if (incident.status === 'closed') throw new CustosError('INVALID_INPUT', 'This incident is closed.', [{ path: 'status', message: 'closed' }]);
  if (name === 'incident.close') {
    const refusals = closeRefusals(incident);
    if (refusals.length > 0) throw new CustosError('INVALID_INPUT', 'This incident cannot be closed yet.', refusals.map((r) => ({ path: 'close', message: r })));
  }
  if (name === 'incident.logDeliveries') {
    const affected = new Set(incident.affected.map(personKey));
    const entries = args.entries as { subjectType: string; subjectId: string }[];
    if (entries.some((e) => !affected.has(personKey(e)))) throw new CustosError('INVALID_INPUT', 'A delivery to someone not among the affected people.', [{ path: 'entries', message: 'not_affected' }]);
  }
}

/** Every affected person's notice, in their language with the four items filled in. */
export function noticesFile(db: CacheDb, id: string, format: 'csv' | 'json', onProgress?: (done: number, total: number) => void): { fileName: string; mime: string; contentBase64: string; count: number } {
  const incident = findIncident(db, id);
  const missing = missingItems(incident);
  if (missing.length > 0) throw new CustosError('INVALID_INPUT', 'Write the four items in every language needed first.', missing.map((m) => ({ path: `items.${m.language}.${m.item}`, message: 'empty' })));
  const facts = personFacts(db, incident.affected.map(personKey));
  const out: { subjectType: string; subjectId: string; name: string; language: string; channels: string; text: string }[] = [];
  incident.affected.forEach((p, i) => {
    const person = describePerson(personKey(p), facts.get(personKey(p)), incident.fields, p.language);
    out.push({ subjectType: p.subjectType, subjectId: p.subjectId, name: person.name, language: p.language, channels: person.channels.join(' '), text: noticeText(incident, { name: person.name, language: p.language }, NOTICE_HEADINGS[p.language]) });
    if (onProgress && (i + 1) % 1000 === 0) onProgress(i + 1, incident.affected.length);
  });
  const base = `notices-${incident.reference || incident.id}`;
  if (format === 'json') return { fileName: `${base}.json`, mime: 'application/json', contentBase64: Buffer.from(JSON.stringify({ reference: incident.reference, notices: out }, null, 2)).toString('base64'), count: out.length };
  const header = ['subjectType', 'subjectId', 'name', 'language', 'channels', 'text'] as const;
  return { fileName: `${base}.csv`, mime: 'text/csv', contentBase64: csvBase64(header, out.map((o) => header.map((h) => o[h]))), count: out.length };
}
