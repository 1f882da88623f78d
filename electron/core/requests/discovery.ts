import type { DiscoveryCategory, DiscoveryItem, DiscoveryResult } from '../../../shared/request-views.js';
import type { RequestIdentifiers } from '../../../shared/requests.js';
import type { SubjectAudit } from '../../../shared/cloud-protocol.js';
import type { CacheDb } from '../db/open.js';
import { readRow, writeSubjectKeys } from '../sync/entities.js';
import { mobileDigits } from '../org/search-terms.js';
import { kindOfKey, lookupKeys, normaliseName } from './subject-keys.js';

/**
 * Discovery: everything this console holds about a person, found by the identifiers a requester
 * gave. One indexed probe of subject_key per identifier finds the employees and contacts; their
 * records follow by indexed joins (follow-ups they wrote or that name them, approvals they
 * applied for, tasks they acted on, consents, earlier requests). Free text is returned twice:
 * as held, and with other people's names and identifiers replaced, which the package uses by
 * default.
 */
type Field = string | number | boolean | null;
type Subject = { entity: 'employee' | 'contact'; id: string; name: string; matchedBy: Set<string> };

const all = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).all(...params) as T[];

export const REDACTED = '[…]';
const STRONG = new Set(['mobile', 'email', 'id_number', 'request']);
/** A name alone gathers records only when it finds at most this many people. */
const MAX_NAME_ONLY = 3;
const MAX_CANDIDATES = 50;
const PHONE = /\+?\d[\d -]{6,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const ID_NUMBER = /\b\d{17}[\dXx]\b/g;

/** The subject's own identifiers, which redaction keeps. */
function ownTerms(db: CacheDb, subject: Subject): Set<string> {
  const row = readRow(db, subject.entity, subject.id)?.data ?? {};
  const own = new Set<string>();
  for (const k of ['name', 'mobile', 'email', 'idNumber']) if (typeof row[k] === 'string' && row[k]) own.add((row[k] as string).toLowerCase());
  if (typeof row.mobile === 'string') for (const d of mobileDigits(row.mobile)) own.add(d);
  return own;
}

/** Replaces other people's names (given) and any phone number, email or ID number not the subject's own. */
export function redactText(text: string, otherNames: Iterable<string>, own: Set<string>): string {
  let out = text;
  for (const name of otherNames) if (name && name.length >= 2 && !own.has(name.toLowerCase())) out = out.split(name).join(REDACTED);
  const keepOwn = (m: string) => (own.has(m.toLowerCase()) || own.has(m.replace(/\D/g, '')) ? m : REDACTED);
  return out.replace(EMAIL, keepOwn).replace(ID_NUMBER, keepOwn).replace(PHONE, keepOwn);
}

function redactFields(fields: Record<string, Field>, otherNames: string[], own: Set<string>, freeText: string[]): Record<string, Field> {
  const out: Record<string, Field> = { ...fields };
  for (const k of freeText) if (typeof out[k] === 'string') out[k] = redactText(out[k] as string, otherNames, own);
  return out;
}

/** Whether a string is someone's name in this cache (an employee or a contact), other than the subject. */
function isPersonName(db: CacheDb, value: string): boolean {
  return all(db, 'SELECT 1 FROM subject_key WHERE key = ? LIMIT 1', 'n:' + normaliseName(value)).length > 0;
}

function item(category: DiscoveryCategory, base: Omit<DiscoveryItem, 'thirdParty'>, out: Map<DiscoveryCategory, DiscoveryItem[]>) {
  const thirdParty = JSON.stringify(base.fields) !== JSON.stringify(base.redacted);
  const list = out.get(category) ?? [];
  list.push({ ...base, thirdParty });
  out.set(category, list);
}

function collect(db: CacheDb, subject: Subject, out: Map<DiscoveryCategory, DiscoveryItem[]>) {
  const own = ownTerms(db, subject);
  const row = readRow(db, subject.entity, subject.id);
  if (!row) return;
  const fields: Record<string, Field> = {};
  for (const [k, v] of Object.entries(row.data)) if (k !== 'id') fields[k] = Array.isArray(v) ? v.join(', ') : (v as Field);
  if (subject.entity === 'employee') {
    const departments = all<{ name: string }>(db, 'SELECT d.name FROM employee_department ed JOIN department d ON d.id = ed.department_id WHERE ed.employee_id = ? ORDER BY ed.is_primary DESC', subject.id);
    const nameOf = (table: 'employee' | 'department', id: unknown) => (typeof id === 'string' ? (all<{ name: string }>(db, `SELECT name FROM ${table} WHERE id = ?`, id)[0]?.name ?? null) : null);
    // Ids name other records: the copy holds their names, under keys that say so.
    const { departmentIds: _departmentIds, primaryDepartmentId, managerId, ...rest } = fields;
    const profile: Record<string, Field> = { ...rest, departments: departments.map((d) => d.name).join(', '), primaryDepartment: nameOf('department', primaryDepartmentId), manager: nameOf('employee', managerId) };
    item('employee_profile', { entity: 'employee', id: subject.id, label: subject.name, at: (row.data.hireDate as string | null) ?? null, subjectId: subject.id, fields: profile, redacted: profile }, out);

    // Being a customer's named owner is information about the employee: since when (the handover
    // that gave it to them, else its creation), its status; a customer named after a person other
    // than the subject (a contact of theirs) is redacted like free text.
    const handedOver = new Map(
      all<{ customerId: string; at: string }>(
        db,
        "SELECT json_extract(j.value, '$.id') AS customerId, o.completed_at AS at FROM offboarding o, json_each(o.result, '$.items') j WHERE o.status = 'completed' AND json_extract(j.value, '$.entity') = 'customer' AND json_extract(j.value, '$.to') = ? ORDER BY o.completed_at",
        subject.id,
      ).map((h) => [h.customerId, h.at]),
    );
    for (const c of all<{ id: string; name: string; status: string; industry: string | null; created_at: string; last_activity_at: string | null }>(
      db,
      'SELECT id, name, status, industry, created_at, last_activity_at FROM customer WHERE owner_employee_id = ? ORDER BY name',
      subject.id,
    )) {
      const since = handedOver.get(c.id) ?? c.created_at;
      const fl: Record<string, Field> = { customer: c.name, ownerSince: since, customerStatus: c.status, industry: c.industry, lastActivityAt: c.last_activity_at };
      const names = all<{ name: string }>(db, 'SELECT name FROM contact WHERE customer_id = ?', c.id).map((x) => x.name);
      item('owned_customer', { entity: 'customer', id: c.id, label: c.name, at: since, subjectId: subject.id, fields: fl, redacted: redactFields(fl, names, own, ['customer']) }, out);
    }

    for (const f of all<{ id: string; customer_id: string; at: string; content: string; customer: string | null }>(
      db,
      'SELECT f.id, f.customer_id, f.at, f.content, c.name AS customer FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id WHERE f.employee_id = ? ORDER BY f.at',
      subject.id,
    )) {
      const names = all<{ name: string }>(db, 'SELECT name FROM contact WHERE customer_id = ?', f.customer_id).map((c) => c.name);
      const fl = { customer: f.customer, at: f.at, content: f.content };
      item('follow_up', { entity: 'followUp', id: f.id, label: f.customer ?? f.customer_id, at: f.at, subjectId: subject.id, fields: fl, redacted: redactFields(fl, names, own, ['content']) }, out);
    }
    for (const a of all<{ id: string; template_type: string; title: string; status: string; form_data: string; created_at: string; closed_at: string | null }>(
      db,
      'SELECT id, template_type, title, status, form_data, created_at, closed_at FROM approval WHERE applicant_id = ? ORDER BY created_at',
      subject.id,
    )) {
      const form = JSON.parse(a.form_data) as Record<string, Field>;
      const fl: Record<string, Field> = { templateType: a.template_type, approvalTitle: a.title, approvalStatus: a.status, createdAt: a.created_at, closedAt: a.closed_at };
      for (const [k, v] of Object.entries(form)) fl[`form.${k}`] = v;
      // Other people named in the form (a colleague to hand over to, a companion) are third parties.
      const names = Object.values(form).filter((v): v is string => typeof v === 'string' && !own.has(v.toLowerCase()) && isPersonName(db, v));
      item('approval', { entity: 'approval', id: a.id, label: a.title, at: a.created_at, subjectId: subject.id, fields: fl, redacted: redactFields(fl, names, own, Object.keys(fl).filter((k) => k.startsWith('form.') || k === 'approvalTitle')) }, out);
    }
    for (const t of all<{ id: string; step: number; status: string; acted_at: string | null; title: string | null }>(
      db,
      'SELECT t.id, t.step, t.status, t.acted_at, a.title FROM approval_task t LEFT JOIN approval a ON a.id = t.approval_id WHERE t.approver_id = ? ORDER BY t.acted_at',
      subject.id,
    )) {
      const fl = { approval: t.title, step: t.step, taskStatus: t.status, actedAt: t.acted_at };
      item('approval_task', { entity: 'approvalTask', id: t.id, label: t.title ?? t.id, at: t.acted_at, subjectId: subject.id, fields: fl, redacted: fl }, out);
    }
  } else {
    const contact = row.data as { customerId: string; name: string; mobile: string | null; email: string | null };
    const customer = all<{ name: string }>(db, 'SELECT name FROM customer WHERE id = ?', contact.customerId)[0]?.name ?? null;
    const { customerId: _customerId, ...rest } = fields;
    const record = { ...rest, customer };
    item('contact_record', { entity: 'contact', id: subject.id, label: subject.name, at: null, subjectId: subject.id, fields: record, redacted: record }, out);
    const mentions = [contact.name, contact.mobile, contact.email].filter((v): v is string => !!v && v.length >= 2);
    const others = all<{ name: string }>(db, 'SELECT name FROM contact WHERE customer_id = ? AND id <> ?', contact.customerId, subject.id).map((c) => c.name);
    for (const f of all<{ id: string; at: string; content: string; author: string | null }>(
      db,
      'SELECT f.id, f.at, f.content, e.name AS author FROM follow_up f LEFT JOIN employee e ON e.id = f.employee_id WHERE f.customer_id = ? ORDER BY f.at',
      contact.customerId,
    )) {
      if (!mentions.some((m) => f.content.includes(m))) continue;
      const fl = { customer, at: f.at, content: f.content, author: f.author };
      const names = f.author ? [...others, f.author] : others;
      const redacted = redactFields(fl, names, own, ['content']);
      // The employee who wrote it is a third party here.
      if (f.author && !own.has(f.author.toLowerCase())) redacted.author = REDACTED;
      item('follow_up', { entity: 'followUp', id: f.id, label: customer ?? contact.customerId, at: f.at, subjectId: subject.id, fields: fl, redacted }, out);
    }
  }
  for (const c of all<{ id: string; purpose: string; granted: number; at: string; channel: string | null }>(db, 'SELECT id, purpose, granted, at, channel FROM consent_record WHERE subject_id = ? ORDER BY at', subject.id)) {
    const fl = { purpose: c.purpose, granted: c.granted === 1, at: c.at, consentChannel: c.channel };
    item('consent', { entity: 'consentRecord', id: c.id, label: c.purpose, at: c.at, subjectId: subject.id, fields: fl, redacted: fl }, out);
  }
  for (const r of all<{ id: string; reference: string; type: string; status: string; received_on: string }>(db, 'SELECT id, reference, type, status, received_on FROM data_subject_request WHERE subject_id = ? ORDER BY received_on', subject.id)) {
    const fl = { reference: r.reference, requestType: r.type, requestStatus: r.status, receivedOn: r.received_on };
    item('request', { entity: 'dataSubjectRequest', id: r.id, label: r.reference, at: r.received_on, subjectId: subject.id, fields: fl, redacted: fl }, out);
  }
}

export function discover(db: CacheDb, given: Partial<RequestIdentifiers>, pinned?: { entity: 'employee' | 'contact'; id: string } | null): DiscoveryResult {
  const started = performance.now();
  const keys = lookupKeys(given);
  const subjects = new Map<string, Subject>();
  if (keys.length > 0) {
    const hits = all<{ key: string; entity: 'employee' | 'contact'; entity_id: string }>(db, `SELECT key, entity, entity_id FROM subject_key WHERE key IN (${keys.map(() => '?').join(',')})`, ...keys);
    for (const h of hits) {
      const id = `${h.entity}:${h.entity_id}`;
      const s = subjects.get(id) ?? { entity: h.entity, id: h.entity_id, name: '', matchedBy: new Set<string>() };
      s.matchedBy.add(kindOfKey(h.key));
      subjects.set(id, s);
    }
  }
  // The person matched to the request is gathered, also when their name found them among namesakes.
  if (pinned) {
    const key = `${pinned.entity}:${pinned.id}`;
    const s = subjects.get(key) ?? { ...pinned, name: '', matchedBy: new Set<string>() };
    s.matchedBy.add('request');
    subjects.set(key, s);
  }
  // A name alone is weak: many people share one. Records are gathered for people found by a
  // strong identifier (or matched to the request); namesakes are listed as candidates to match,
  // unless the name is all that was given and it finds at most a few people.
  const strong = (x: Subject) => [...x.matchedBy].some((k) => STRONG.has(k));
  const all_ = [...subjects.values()];
  const anyStrong = all_.some(strong);
  const gather = (x: Subject) => strong(x) || (!anyStrong && all_.length <= MAX_NAME_ONLY);
  const out = new Map<DiscoveryCategory, DiscoveryItem[]>();
  const found: (Subject & { candidate: boolean })[] = [];
  let moreCandidates = 0;
  for (const s of all_) {
    const candidate = !gather(s);
    if (candidate && found.filter((f) => f.candidate).length >= MAX_CANDIDATES) {
      moreCandidates++;
      continue;
    }
    const row = readRow(db, s.entity, s.id);
    if (!row) continue;
    s.name = String(row.data.name ?? '');
    found.push({ ...s, candidate });
    if (!candidate) collect(db, s, out);
  }
  return {
    subjects: found.map((s) => ({ entity: s.entity, id: s.id, name: s.name, matchedBy: [...s.matchedBy].sort(), candidate: s.candidate })),
    moreCandidates,
    categories: [...out].map(([category, items]) => ({ category, items })),
    notHeld: ['audit_log', 'sign_in_log'],
    elapsedMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** Fills subject_key for a cache synced before it existed (once; sync keeps it current afterwards). */
export function ensureSubjectKeys(db: CacheDb): void {
  const has = all(db, 'SELECT 1 FROM subject_key LIMIT 1').length > 0;
  const people = all(db, 'SELECT 1 FROM employee UNION ALL SELECT 1 FROM contact LIMIT 1').length > 0;
  if (has || !people) return;
  db.$client.transaction(() => {
    for (const entity of ['employee', 'contact'] as const) {
      for (const r of all<{ id: string }>(db, `SELECT id FROM ${entity}`)) writeSubjectKeys(db, entity, readRow(db, entity, r.id)!.data);
    }
  })();
}

/** A short name for an audit event's target: a request's reference, a person's or a department's name (null: none known here). */
function targetName(db: CacheDb, type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  const name = (sqlText: string) => all<{ name: string | null }>(db, sqlText, id)[0]?.name ?? null;
  switch (type) {
    case 'dataSubjectRequest':
      return name("SELECT NULLIF(reference, '') AS name FROM data_subject_request WHERE id = ?");
    case 'employee':
    case 'contact':
    case 'customer':
    case 'department':
      return name(`SELECT name FROM ${type} WHERE id = ?`);
    case 'offboarding':
      return name('SELECT e.name FROM offboarding o JOIN employee e ON e.id = o.employee_id WHERE o.id = ?');
    case 'adminRoleAssignment':
      return name('SELECT e.name FROM admin_role_assignment a JOIN employee e ON e.id = a.employee_id WHERE a.id = ?');
    case 'legalHold':
      return name("SELECT COALESCE(e.name, c.name, k.name) AS name FROM legal_hold h LEFT JOIN employee e ON h.subject_type = 'employee' AND e.id = h.subject_id LEFT JOIN contact c ON h.subject_type = 'contact' AND c.id = h.subject_id LEFT JOIN customer k ON h.subject_type = 'customer' AND k.id = h.subject_id WHERE h.id = ?");
    default:
      return null;
  }
}

/**
 * The cloud's audit events about a person as review items (the acting admins are staff, not
 * third parties). Ids are resolved to names here; codes (action, target type, the details'
 * values) stay codes until the copy is written in the subject's language.
 */
export function auditItems(db: CacheDb, events: SubjectAudit['events'], subjectId: string, names: ReadonlyMap<string, string>): DiscoveryItem[] {
  return events.map((e) => {
    const fields = { action: e.action, actor: names.get(e.actorId) ?? null, at: e.at, targetType: e.targetType, target: targetName(db, e.targetType, e.targetId), details: JSON.stringify(e.details) };
    return { entity: 'auditEvent', id: String(e.seq), label: e.action, at: e.at, subjectId, fields, redacted: fields, thirdParty: false };
  });
}
