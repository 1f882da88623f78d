import { FIELD_CATALOGUE } from '../../../shared/catalogue.js';
import type { FindAffectedInput, FindAffectedResult, IncidentPerson } from '../../../shared/incident-views.js';
import { personLanguage, personChannels, type NoticeChannel } from '../../../shared/incidents.js';
import type { CacheDb } from '../db/open.js';
import { lookupKeys } from '../requests/subject-keys.js';

/**
 * Finding the people an incident concerns, offline, from the cache: each criterion gives a set
 * of people (employees and contacts), and the sets given are intersected (fields in a time window
 * AND a department subtree AND …). Every query is an indexed lookup or one pass over a table's
 * few columns, so a year of an L tenant stays within the budget in docs/performance.md.
 */
type Subject = 'employee' | 'contact';
const key = (t: Subject, id: string) => `${t}:${id}`;
const all = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).all(...params) as T[];

/** The cache columns of a catalogue field, and the entity whose people it names. */
const COLUMN: Record<string, string> = { name: 'name', pinyin: 'pinyin', mobile: 'mobile', email: 'email', address: 'address', idNumber: 'id_number', gender: 'gender', birthDate: 'birth_date', hireDate: 'hire_date', wechat: 'wechat', title: 'title' };

/** Who a catalogue field's records name, among those whose record existed (or was made) in the window. */
function peopleByField(db: CacheDb, field: string, from: string | null, to: string | null): Set<string> {
  const [entity, name] = field.split('.') as [string, string];
  const lo = from ?? '0000';
  const hi = to ?? '9999';
  const out = new Set<string>();
  if (entity === 'employee') {
    // Held while they worked here: hired before the window ends, not gone before it starts.
    const col = COLUMN[name]!;
    for (const r of all<{ id: string }>(db, `SELECT id FROM employee WHERE ${col} IS NOT NULL AND ${col} <> '' AND (hire_date IS NULL OR hire_date <= ?) AND (departed_at IS NULL OR departed_at >= ?)`, hi, lo)) out.add(key('employee', r.id));
  } else if (entity === 'contact') {
    // Held since the customer was created.
    const col = COLUMN[name]!;
    for (const r of all<{ id: string }>(db, `SELECT c.id FROM contact c JOIN customer cu ON cu.id = c.customer_id WHERE c.${col} IS NOT NULL AND c.${col} <> '' AND cu.created_at <= ?`, hi)) out.add(key('contact', r.id));
  } else if (entity === 'followUp') {
    // A follow-up records a conversation with the customer's contacts.
    for (const r of all<{ id: string }>(db, 'SELECT DISTINCT c.id FROM follow_up f JOIN contact c ON c.customer_id = f.customer_id WHERE f.at >= ? AND f.at <= ?', lo, hi)) out.add(key('contact', r.id));
  } else if (entity === 'approval') {
    for (const r of all<{ id: string }>(db, 'SELECT DISTINCT applicant_id AS id FROM approval WHERE created_at >= ? AND created_at <= ?', lo, hi)) out.add(key('employee', r.id));
  } else if (entity === 'consentRecord') {
    for (const r of all<{ t: Subject; id: string }>(db, "SELECT DISTINCT subject_type AS t, subject_id AS id FROM consent_record WHERE at >= ? AND at <= ? AND subject_type IN ('employee', 'contact')", lo, hi)) out.add(key(r.t, r.id));
  }
  return out;
}

function peopleInDepartment(db: CacheDb, departmentId: string): Set<string> {
  const rows = all<{ id: string }>(
    db,
    `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT d.id FROM department d JOIN sub ON d.parent_id = sub.id)
     SELECT DISTINCT ed.employee_id AS id FROM employee_department ed JOIN sub ON sub.id = ed.department_id`,
    departmentId,
  );
  return new Set(rows.map((r) => key('employee', r.id)));
}

function contactsOfOwner(db: CacheDb, ownerEmployeeId: string): Set<string> {
  return new Set(all<{ id: string }>(db, 'SELECT c.id FROM contact c JOIN customer cu ON cu.id = c.customer_id WHERE cu.owner_employee_id = ?', ownerEmployeeId).map((r) => key('contact', r.id)));
}

/** Splits pasted identifiers (lines, commas, semicolons, tabs) and says what each looks like. */
export function parseIdentifiers(text: string): { kind: 'email' | 'id_number' | 'mobile' | 'name'; value: string }[] {
  return text
    .split(/[\n\r,;，；\t]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((value) => {
      if (value.includes('@')) return { kind: 'email' as const, value };
      if (/^\d{17}[\dXx]$|^\d{15}$/.test(value.replace(/\s/g, ''))) return { kind: 'id_number' as const, value };
      if (/^\+?[\d\s()-]{7,}$/.test(value)) return { kind: 'mobile' as const, value };
      return { kind: 'name' as const, value };
    });
}

function peopleByIdentifiers(db: CacheDb, text: string): { people: Set<string>; unmatched: number } {
  const people = new Set<string>();
  let unmatched = 0;
  const probe = db.$client.prepare("SELECT entity, entity_id AS id FROM subject_key WHERE key = ? AND entity IN ('employee', 'contact')");
  for (const { kind, value } of parseIdentifiers(text)) {
    const keys = lookupKeys({ name: kind === 'name' ? value : null, mobile: kind === 'mobile' ? value : null, email: kind === 'email' ? value : null, idNumber: kind === 'id_number' ? value : null });
    // A name is matched by the name itself (its pinyin would find namesakes written alike).
    const exact = kind === 'name' ? keys.slice(0, 1) : keys;
    let hit = false;
    for (const k of exact) {
      for (const r of probe.all(k) as { entity: Subject; id: string }[]) {
        people.add(key(r.entity, r.id));
        hit = true;
      }
    }
    if (!hit) unmatched++;
  }
  return { people, unmatched };
}

function intersect(sets: Set<string>[]): Set<string> {
  if (sets.length === 0) return new Set();
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  return new Set([...smallest!].filter((k) => rest.every((s) => s.has(k))));
}

interface PersonFacts {
  name: string;
  context: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  address: string | null;
  held: Record<string, boolean>;
}

const EMPLOYEE_FIELDS = FIELD_CATALOGUE.filter((f) => f.entity === 'employee');
const CONTACT_FIELDS = FIELD_CATALOGUE.filter((f) => f.entity === 'contact');

/** Names, contact details and which catalogue fields are held, for the people given (in batches). */
export function personFacts(db: CacheDb, keys: Iterable<string>): Map<string, PersonFacts> {
  const byType: Record<Subject, string[]> = { employee: [], contact: [] };
  for (const k of keys) {
    const i = k.indexOf(':');
    byType[k.slice(0, i) as Subject].push(k.slice(i + 1));
  }
  const out = new Map<string, PersonFacts>();
  const cols = (fields: typeof EMPLOYEE_FIELDS, alias: string) => fields.map((f) => `${alias}.${COLUMN[f.field]} AS "${f.field}"`).join(', ');
  const chunk = 500;
  for (let i = 0; i < byType.employee.length; i += chunk) {
    const ids = byType.employee.slice(i, i + chunk);
    const rows = all<Record<string, string | null> & { id: string; dept: string | null }>(
      db,
      `SELECT e.id, ${cols(EMPLOYEE_FIELDS, 'e')}, d.name AS dept FROM employee e LEFT JOIN department d ON d.id = e.primary_department_id WHERE e.id IN (${ids.map(() => '?').join(',')})`,
      ...ids,
    );
    for (const r of rows) {
      out.set(key('employee', r.id), {
        name: r.name ?? '',
        context: r.dept,
        mobile: r.mobile ?? null,
        email: r.email ?? null,
        wechat: null,
        address: r.address ?? null,
        held: Object.fromEntries(EMPLOYEE_FIELDS.map((f) => [`employee.${f.field}`, r[f.field] !== null && r[f.field] !== ''])),
      });
    }
  }
  for (let i = 0; i < byType.contact.length; i += chunk) {
    const ids = byType.contact.slice(i, i + chunk);
    const rows = all<Record<string, string | null> & { id: string; customer: string | null }>(
      db,
      `SELECT c.id, ${cols(CONTACT_FIELDS, 'c')}, cu.name AS customer FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id WHERE c.id IN (${ids.map(() => '?').join(',')})`,
      ...ids,
    );
    for (const r of rows) {
      out.set(key('contact', r.id), {
        name: r.name ?? '',
        context: r.customer,
        mobile: r.mobile ?? null,
        email: r.email ?? null,
        wechat: r.wechat ?? null,
        address: r.address ?? null,
        held: Object.fromEntries(CONTACT_FIELDS.map((f) => [`contact.${f.field}`, r[f.field] !== null && r[f.field] !== ''])),
      });
    }
  }
  return out;
}

const SENSITIVE = new Set(FIELD_CATALOGUE.filter((f) => f.sensitive).map((f) => `${f.entity}.${f.field}`));
const CATEGORY = new Map(FIELD_CATALOGUE.map((f) => [`${f.entity}.${f.field}`, f.category]));

/** A person as listed: the incident's fields of theirs the cache holds (records-only fields count as held). */
export function describePerson(k: string, facts: PersonFacts | undefined, fields: readonly string[], language?: IncidentPerson['language']): IncidentPerson {
  const i = k.indexOf(':');
  const subjectType = k.slice(0, i) as Subject;
  const own = fields.filter((f) => (f.startsWith(`${subjectType}.`) ? facts?.held[f] === true : !f.startsWith('employee.') && !f.startsWith('contact.')));
  const channels: NoticeChannel[] = facts ? personChannels(facts) : [];
  return {
    subjectType,
    subjectId: k.slice(i + 1),
    name: facts?.name ?? '—',
    context: facts?.context ?? null,
    language: language ?? (facts ? personLanguage(facts) : 'zh-CN'),
    channels,
    fields: own,
    sensitive: own.some((f) => SENSITIVE.has(f)),
  };
}

/** Counts per incident field: how many of the people hold it (and whether it is sensitive). */
export function countByField(people: readonly IncidentPerson[], fields: readonly string[]): FindAffectedResult['byField'] {
  return fields.map((field) => ({ field, category: CATEGORY.get(field) ?? 'other', sensitive: SENSITIVE.has(field), people: people.filter((p) => p.fields.includes(field)).length }));
}

export function findAffected(db: CacheDb, input: FindAffectedInput): FindAffectedResult {
  const sets: Set<string>[] = [];
  if (input.fields.length > 0) {
    const union = new Set<string>();
    for (const f of input.fields) for (const k of peopleByField(db, f, input.from, input.to)) union.add(k);
    sets.push(union);
  }
  if (input.departmentId) sets.push(peopleInDepartment(db, input.departmentId));
  if (input.ownerEmployeeId) sets.push(contactsOfOwner(db, input.ownerEmployeeId));
  let unmatchedIdentifiers = 0;
  if (input.identifiers.trim()) {
    const r = peopleByIdentifiers(db, input.identifiers);
    sets.push(r.people);
    unmatchedIdentifiers = r.unmatched;
  }
  const found = [...intersect(sets)].sort();
  const facts = personFacts(db, found);
  const people = found.map((k) => describePerson(k, facts.get(k), input.fields));
  return {
    total: people.length,
    people: people.slice(0, input.limit),
    byField: countByField(people, input.fields),
    sensitivePeople: people.filter((p) => p.sensitive).length,
    noContact: people.filter((p) => p.channels.length === 0).length,
    unmatchedIdentifiers,
    all: people.map((p) => ({ subjectType: p.subjectType, subjectId: p.subjectId, language: p.language })),
  };
}
