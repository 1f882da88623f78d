import { z } from 'zod';
import { FIELD_CATALOGUE } from './catalogue.js';
import { addDays, daysBetween, SUBJECT_LANGUAGES } from './requests.js';

/**
 * Personal-information security incidents (个人信息安全事件): the register's vocabulary, its two
 * clocks and the rule for closing one. The console's forms and checks and the cloud's commands
 * all read this file.
 *
 * The clocks. Awareness (`discoveredAt`) is an instant; the regulator's report is due a number
 * of hours after it (GDPR art. 33: 72 h, counted in hours, so weekends, holidays and daylight-
 * saving changes do not move it), and applies where EU subjects are affected; the notices to the
 * people are due a number of natural days after the day of awareness on the incident's own time
 * zone (the policies promise 30 natural days: a discovery late on a Friday in Shanghai is that
 * Friday there, whatever day it already is in UTC). Both terms come from the regime's defaults and
 * the officer may set them per incident (a stricter policy, a regulator's instruction).
 */
export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_REGIMES = ['pipl', 'gdpr'] as const;
export type IncidentRegime = (typeof INCIDENT_REGIMES)[number];
/** The default terms per regime: the regulator's hours (null: no fixed term) and the notices' natural days. */
export const REGIME_CLOCKS: Record<IncidentRegime, { regulatorHours: number | null; noticeDays: number }> = {
  pipl: { regulatorHours: null, noticeDays: 30 },
  gdpr: { regulatorHours: 72, noticeDays: 30 },
};
/** The regime whose clocks apply: EU subjects affected bring the GDPR's 72 hours. */
export const regimeOf = (euSubjects: boolean): IncidentRegime => (euSubjects ? 'gdpr' : 'pipl');

/** The four things every affected person is told (the policies' promise), written once per language. */
export const NOTICE_ITEMS = ['happened', 'measures', 'selfHelp', 'remedies'] as const;
export type NoticeItem = (typeof NOTICE_ITEMS)[number];
export const NOTICE_CHANNELS = ['email', 'sms', 'phone', 'letter', 'push', 'wechat'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export const DELIVERY_OUTCOMES = ['delivered', 'failed'] as const;
export const INCIDENT_SUBJECT_TYPES = ['employee', 'contact'] as const;
/** Reasons a public announcement replaces individual notices. */
export const ANNOUNCEMENT_REASONS = ['no_contact_details', 'disproportionate_effort', 'too_many_people', 'urgent_public_risk'] as const;

/** Incidents (and the other registers) travel to tenant-wide roles only: no department matches this scope, so org admins never pull them; auditors do, and read. */
export const REGISTERS_SCOPE = '@registers';

/** Catalogue fields an incident may name, as `entity.field`. */
export const INCIDENT_FIELDS: readonly string[] = FIELD_CATALOGUE.map((f): string => `${f.entity}.${f.field}`);

const Id = z.string().min(1).max(64);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
/** An instant in ISO 8601 (UTC or with an offset). */
const Moment = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'expected a date and time');
const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');
const Text = (max: number) => z.string().trim().max(max);

export const NoticeItemsSchema = z.object({ happened: Text(4000), measures: Text(4000), selfHelp: Text(4000), remedies: Text(4000) }).strict();
export type NoticeItems = z.infer<typeof NoticeItemsSchema>;

export const AffectedPersonSchema = z.object({
  subjectType: z.enum(INCIDENT_SUBJECT_TYPES),
  subjectId: Id,
  language: z.enum(SUBJECT_LANGUAGES),
});
export type AffectedPerson = z.infer<typeof AffectedPersonSchema>;

export const DeliverySchema = z.object({
  subjectType: z.enum(INCIDENT_SUBJECT_TYPES),
  subjectId: Id,
  channel: z.enum(NOTICE_CHANNELS),
  on: Day,
  outcome: z.enum(DELIVERY_OUTCOMES),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const IncidentEventSchema = z.object({
  at: z.string().max(40),
  by: Id,
  action: z.string().max(64),
  /** Codes, dates and counts only. */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type IncidentEvent = z.infer<typeof IncidentEventSchema>;

/** One field of the catalogue an incident concerns (a short code, never free text). */
export const IncidentFieldSchema = z.string().max(64).refine((f) => INCIDENT_FIELDS.includes(f), 'not a catalogue field');

/** The facts an officer records and edits. */
export const IncidentFactsSchema = z.object({
  title: Text(200).min(3),
  discoveredAt: Moment,
  /** The time zone the day of awareness is counted on (the officer's, by default). */
  timeZone: TimeZone,
  occurredFrom: Moment.nullable(),
  occurredTo: Moment.nullable(),
  description: Text(8000),
  cause: Text(4000),
  systems: z.array(Text(100).min(1)).max(50),
  /** Catalogue fields concerned (`employee.mobile`, `contact.email`…). */
  fields: z.array(IncidentFieldSchema).max(INCIDENT_FIELDS.length),
  sensitive: z.boolean(),
  euSubjects: z.boolean(),
  /** Hours after awareness the regulator must hear (null: no fixed term). */
  regulatorHours: z.number().int().min(1).max(720).nullable(),
  /** Natural days after the day of awareness the people must be told. */
  noticeDays: z.number().int().min(1).max(90),
  ownerId: Id.nullable(),
});
export type IncidentFacts = z.infer<typeof IncidentFactsSchema>;

/** One incident in the register (synced to super admins, compliance officers and auditors). */
export const SecurityIncidentSchema = IncidentFactsSchema.extend({
  id: Id,
  /** INC-2026-0001, given by the cloud. */
  reference: z.string().max(32),
  status: z.enum(INCIDENT_STATUSES),
  regulatorDueAt: z.string().max(40).nullable(),
  noticesDueOn: Day,
  affected: z.array(AffectedPersonSchema),
  /** What found them (codes and counts, for the report's "how we know"). */
  affectedCriteria: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).nullable(),
  items: z.partialRecord(z.enum(SUBJECT_LANGUAGES), NoticeItemsSchema),
  deliveries: z.array(DeliverySchema),
  announcement: z.object({ text: Text(8000), reason: z.enum(ANNOUNCEMENT_REASONS), on: Day, by: Id }).nullable(),
  regulatorReport: z.object({ at: z.string().max(40), reference: Text(100), by: Id }).nullable(),
  history: z.array(IncidentEventSchema),
  createdAt: z.string().max(40),
});
export type SecurityIncident = z.infer<typeof SecurityIncidentSchema>;

export const INCIDENTS_MAX_AFFECTED = 50_000;

/** The day an instant falls on in a time zone (YYYY-MM-DD). */
export function dayIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** When the regulator's report is due (null: no fixed term). Hours are hours: 72 h after 23:30 on a Friday is 23:30 on the Monday. */
export function regulatorDueAt(facts: Pick<IncidentFacts, 'discoveredAt' | 'regulatorHours'>): string | null {
  if (facts.regulatorHours === null) return null;
  return new Date(Date.parse(facts.discoveredAt) + facts.regulatorHours * 3_600_000).toISOString();
}

/** The last day to tell the people: natural days after the day of awareness on the incident's time zone. */
export function noticesDueOn(facts: Pick<IncidentFacts, 'discoveredAt' | 'timeZone' | 'noticeDays'>): string {
  return addDays(dayIn(facts.discoveredAt, facts.timeZone), facts.noticeDays);
}

/** The key of a person in an incident (`employee:…`, `contact:…`). */
export const personKey = (p: { subjectType: string; subjectId: string }) => `${p.subjectType}:${p.subjectId}`;

/** The people told individually (a delivered notice), by key. */
export function notifiedKeys(incident: Pick<SecurityIncident, 'deliveries'>): Set<string> {
  return new Set(incident.deliveries.filter((d) => d.outcome === 'delivered').map(personKey));
}

/** The affected people neither told individually nor covered by a public announcement. */
export function unnotified(incident: Pick<SecurityIncident, 'affected' | 'deliveries' | 'announcement'>): AffectedPerson[] {
  if (incident.announcement) return [];
  const told = notifiedKeys(incident);
  return incident.affected.filter((p) => !told.has(personKey(p)));
}

/** The languages the four items must be written in: every affected person's, and at least one. */
export function itemLanguages(incident: Pick<SecurityIncident, 'affected' | 'items'>): (typeof SUBJECT_LANGUAGES)[number][] {
  const langs = new Set<(typeof SUBJECT_LANGUAGES)[number]>(incident.affected.map((p) => p.language));
  for (const l of Object.keys(incident.items) as (typeof SUBJECT_LANGUAGES)[number][]) langs.add(l);
  if (langs.size === 0) langs.add('zh-CN');
  return SUBJECT_LANGUAGES.filter((l) => langs.has(l));
}

/** Items still empty, per language that needs them. */
export function missingItems(incident: Pick<SecurityIncident, 'affected' | 'items'>): { language: (typeof SUBJECT_LANGUAGES)[number]; item: NoticeItem }[] {
  const out: { language: (typeof SUBJECT_LANGUAGES)[number]; item: NoticeItem }[] = [];
  for (const language of itemLanguages(incident)) {
    const items = incident.items[language];
    for (const item of NOTICE_ITEMS) if (!items?.[item]?.trim()) out.push({ language, item });
  }
  return out;
}

export type CloseRefusal = 'closed' | 'items_missing' | 'not_notified';
/** Why an incident cannot be closed (empty: it can): every item written in every language needed, and everyone told or covered by the announcement. */
export function closeRefusals(incident: Pick<SecurityIncident, 'status' | 'affected' | 'items' | 'deliveries' | 'announcement'>): CloseRefusal[] {
  if (incident.status === 'closed') return ['closed'];
  const out: CloseRefusal[] = [];
  if (missingItems(incident).length > 0) out.push('items_missing');
  if (unnotified(incident).length > 0) out.push('not_notified');
  return out;
}

export type IncidentDueState = 'overdue' | 'due_soon' | 'on_time' | 'done' | 'closed';
/** Hours before the regulator's term, and days before the notices' term, counted as "due soon". */
export const REGULATOR_SOON_HOURS = 24;
export const NOTICES_SOON_DAYS = 3;

/** Where each clock stands at `now` (the notices' day is today on the incident's time zone). */
export function incidentClocks(incident: Pick<SecurityIncident, 'status' | 'regulatorDueAt' | 'noticesDueOn' | 'timeZone' | 'regulatorReport' | 'affected' | 'deliveries' | 'announcement'>, now: Date): { regulator: IncidentDueState | null; notices: IncidentDueState } {
  if (incident.status === 'closed') return { regulator: incident.regulatorDueAt ? 'closed' : null, notices: 'closed' };
  let regulator: IncidentDueState | null = null;
  if (incident.regulatorDueAt) {
    const left = Date.parse(incident.regulatorDueAt) - now.getTime();
    regulator = incident.regulatorReport ? 'done' : left < 0 ? 'overdue' : left <= REGULATOR_SOON_HOURS * 3_600_000 ? 'due_soon' : 'on_time';
  }
  const today = dayIn(now.toISOString(), incident.timeZone);
  const everyoneTold = unnotified(incident).length === 0 && (incident.affected.length > 0 || incident.announcement !== null);
  const notices: IncidentDueState = everyoneTold ? 'done' : incident.noticesDueOn < today ? 'overdue' : daysBetween(today, incident.noticesDueOn) <= NOTICES_SOON_DAYS ? 'due_soon' : 'on_time';
  return { regulator, notices };
}

/** The more urgent of the two clocks (for the register's order and the navigation's count). */
export function incidentDueState(clocks: { regulator: IncidentDueState | null; notices: IncidentDueState }): IncidentDueState {
  const order: IncidentDueState[] = ['overdue', 'due_soon', 'on_time', 'done', 'closed'];
  const states = [clocks.notices, ...(clocks.regulator ? [clocks.regulator] : [])];
  return order.find((s) => states.includes(s)) ?? 'closed';
}

/** A person's notice: the four items in their language, with their name and the incident's reference filled in. */
export function noticeText(incident: Pick<SecurityIncident, 'reference' | 'items'>, person: { name: string; language: (typeof SUBJECT_LANGUAGES)[number] }, headings: Record<NoticeItem | 'greeting' | 'subject', string>): string {
  const items = incident.items[person.language];
  const lines = [headings.subject.replace('{reference}', incident.reference), '', headings.greeting.replace('{name}', person.name), ''];
  for (const item of NOTICE_ITEMS) lines.push(headings[item], items?.[item] ?? '', '');
  return lines.join('\n').trimEnd() + '\n';
}

/**
 * The language a person is written to in, until the officer says otherwise: Chinese for a name
 * in Chinese characters, French for a French mobile (+33) or a .fr address, English otherwise.
 * The cache holds no preferred language (a per-person override in the people list is still to come).
 */
export function personLanguage(p: { name: string; mobile: string | null; email: string | null }): (typeof SUBJECT_LANGUAGES)[number] {
  if (/[\u3400-\u9fff]/.test(p.name)) return 'zh-CN';
  if (p.mobile?.replace(/[\s-]/g, '').startsWith('+33') || /\.fr$/i.test(p.email ?? '')) return 'fr';
  if (p.mobile?.replace(/[\s-]/g, '').startsWith('+86') || /\.cn$/i.test(p.email ?? '')) return 'zh-CN';
  return 'en';
}

/** The channels a person can be told through, from the contact details the cache holds (none: only an announcement reaches them). */
export function personChannels(p: { mobile: string | null; email: string | null; wechat: string | null; address: string | null }): NoticeChannel[] {
  const out: NoticeChannel[] = [];
  if (p.email) out.push('email');
  if (p.mobile) out.push('sms', 'phone');
  if (p.wechat) out.push('wechat');
  if (p.address) out.push('letter');
  return out;
}

/** The offset of a time zone at an instant, in milliseconds (UTC+8: 8 h). */
function zoneOffset(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time (`YYYY-MM-DDTHH:mm`) means in a time zone, as ISO UTC: what the officer types, on the incident's zone. */
export function zonedToInstant(local: string, timeZone: string): string {
  const [d, t = '00:00'] = local.split('T') as [string, string?];
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const [h, min] = t.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, day, h, min);
  let ms = wall - zoneOffset(wall, timeZone);
  // Across a change of offset, the second guess is the right one.
  ms = wall - zoneOffset(ms, timeZone);
  return new Date(ms).toISOString();
}

/** The wall-clock time (`YYYY-MM-DDTHH:mm`) of an instant in a time zone (for the edit form's inputs). */
export function instantToZoned(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  return new Date(ms + zoneOffset(ms, timeZone)).toISOString().slice(0, 16);
}
