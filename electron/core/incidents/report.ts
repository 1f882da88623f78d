import { NOTICE_ITEMS, notifiedKeys, unnotified, type SecurityIncident } from '../../../shared/incidents.js';
import type { Language } from '../../../shared/contract.js';
import type { CacheDb } from '../db/open.js';
import { renderPdf } from '../reports/pdf.js';
import { countByField, describePerson, personFacts } from './affected.js';
import { findIncident } from './queries.js';
import { NOTICE_HEADINGS, REPORT_TEXT } from './report-text.js';
import { personKey } from '../../../shared/incidents.js';

/**
 * The report to the regulator: the incident's facts, the counts (people, by field and
 * sensitivity, told, unreachable), the measures (the four items as written) and the timeline
 * (the incident's own history). No person is named: the regulator gets counts.
 */
export function reportData(db: CacheDb, incident: SecurityIncident, names: ReadonlyMap<string, string>) {
  const facts = personFacts(db, incident.affected.map(personKey));
  const people = incident.affected.map((p) => describePerson(personKey(p), facts.get(personKey(p)), incident.fields, p.language));
  return {
    version: 1,
    reference: incident.reference,
    title: incident.title,
    status: incident.status,
    discoveredAt: incident.discoveredAt,
    timeZone: incident.timeZone,
    occurredFrom: incident.occurredFrom,
    occurredTo: incident.occurredTo,
    description: incident.description,
    cause: incident.cause,
    systems: incident.systems,
    fields: incident.fields,
    sensitive: incident.sensitive,
    euSubjects: incident.euSubjects,
    regulatorDueAt: incident.regulatorDueAt,
    noticesDueOn: incident.noticesDueOn,
    counts: {
      people: people.length,
      sensitivePeople: people.filter((p) => p.sensitive).length,
      toldIndividually: notifiedKeys(incident).size,
      notTold: unnotified({ ...incident, announcement: null }).length,
      withoutContact: people.filter((p) => p.channels.length === 0).length,
      byLanguage: Object.fromEntries(['zh-CN', 'en', 'fr'].map((l) => [l, people.filter((p) => p.language === l).length])),
      byField: countByField(people, incident.fields),
    },
    measures: incident.items,
    announcement: incident.announcement ? { text: incident.announcement.text, reason: incident.announcement.reason, on: incident.announcement.on } : null,
    regulatorReport: incident.regulatorReport ? { at: incident.regulatorReport.at, reference: incident.regulatorReport.reference } : null,
    timeline: incident.history.map((e) => ({ at: e.at, by: names.get(e.by) ?? e.by, action: e.action, detail: e.detail })),
  };
}

export async function incidentReport(db: CacheDb, id: string, format: 'pdf' | 'json', language: Language, names: ReadonlyMap<string, string>): Promise<{ fileName: string; mime: string; contentBase64: string }> {
  const incident = findIncident(db, id);
  const data = reportData(db, incident, names);
  const base = `incident-report-${incident.reference || incident.id}`;
  if (format === 'json') return { fileName: `${base}.json`, mime: 'application/json', contentBase64: Buffer.from(JSON.stringify(data, null, 2)).toString('base64') };
  const t = REPORT_TEXT[language];
  const yes = (b: boolean) => (b ? t.yes! : t.no!);
  const measuresLang = incident.items[language] ? language : ((Object.keys(incident.items)[0] as Language | undefined) ?? language);
  const items = incident.items[measuresLang];
  const pdf = await renderPdf({
    title: `${t.title} ${incident.reference}`,
    lang: language,
    facts: [
      [t.incident!, incident.title],
      [t.status!, incident.status],
      [t.discoveredAt!, `${incident.discoveredAt} (${incident.timeZone})`],
      [t.occurred!, `${incident.occurredFrom ?? '?'} – ${incident.occurredTo ?? '?'}`],
      [t.description!, incident.description || t.none!],
      [t.cause!, incident.cause || t.none!],
      [t.systems!, incident.systems.join(', ') || t.none!],
      [t.sensitive!, yes(incident.sensitive)],
      [t.euSubjects!, yes(incident.euSubjects)],
      [t.regulatorDueAt!, incident.regulatorDueAt ?? t.none!],
      [t.noticesDueOn!, incident.noticesDueOn],
      [t.people!, String(data.counts.people)],
      [t.notified!, String(data.counts.toldIndividually)],
      [t.noContact!, String(data.counts.withoutContact)],
      [t.announcement!, incident.announcement ? `${incident.announcement.on}: ${incident.announcement.text}` : t.none!],
      ...(incident.announcement ? [[t.announcementReason!, incident.announcement.reason] as [string, string]] : []),
    ],
    tables: [
      { heading: t.counts!, columns: [t.field!, t.category!, t.sensitive!, t.count!], widths: [3, 2, 2, 1], rows: data.counts.byField.map((c) => [c.field, c.category, yes(c.sensitive), String(c.people)]) },
      { heading: t.measures!, columns: [t.item!, t.text!], widths: [2, 5], rows: NOTICE_ITEMS.map((k) => [NOTICE_HEADINGS[measuresLang][k], items?.[k] ?? '']) },
      { heading: t.timeline!, columns: [t.at!, t.step!, t.detail!], widths: [2, 2, 4], rows: data.timeline.map((e) => [e.at, e.action, Object.entries(e.detail).map(([k, v]) => `${k}: ${String(v)}`).join(', ')]) },
    ],
    footer: t.footer!,
  });
  return { fileName: `${base}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64') };
}
