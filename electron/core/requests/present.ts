import type { DiscoveryCategory } from '../../../shared/request-views.js';
import { auditActionLabel, isAuditAction } from '../../../shared/audit-text.js';
import { REPORT_WORDS, type ReportLanguage, type Vocabulary } from './report-text.js';

/**
 * Records as the person reads them in their copy: every coded value (a status, a purpose, an
 * operation) in words of the copy's language, an operation's details as labelled words, and
 * no ids (discovery already put names where records name people or departments).
 */
type Field = string | number | boolean | null;
type Words = (typeof REPORT_WORDS)[ReportLanguage];

/** Which vocabulary a record field's value is a code of. */
const FIELD_VOCABULARY: Record<string, Vocabulary> = {
  status: 'employeeStatus',
  gender: 'gender',
  customerStatus: 'customerStatus',
  industry: 'industry',
  templateType: 'approvalTemplate',
  approvalStatus: 'approvalStatus',
  taskStatus: 'taskStatus',
  purpose: 'purpose',
  consentChannel: 'consentChannel',
  requestType: 'requestType',
  requestStatus: 'requestStatus',
  targetType: 'entity',
};

/**
 * The details of an operation-log event that a person reads: their label and the vocabulary of
 * their value ('date' and 'count' are shown as they are). Anything else (ids, digests, mutation
 * ids) stays out of the copy.
 */
type DetailKind = Vocabulary | 'date' | 'count' | 'flag' | 'fieldList' | 'fieldName' | 'method';
const DETAILS: Record<string, { label: string; kind: DetailKind }> = {
  type: { label: 'requestType', kind: 'requestType' },
  channel: { label: 'channel', kind: 'requestChannel' },
  regime: { label: 'regime', kind: 'regime' },
  method: { label: 'method', kind: 'method' },
  ground: { label: 'ground', kind: 'refusalGround' },
  reason: { label: 'reason', kind: 'pauseReason' },
  role: { label: 'role', kind: 'adminRole' },
  status: { label: 'status', kind: 'offboardingStatus' },
  subjectType: { label: 'subjectType', kind: 'entity' },
  fields: { label: 'fields', kind: 'fieldList' },
  field: { label: 'field', kind: 'fieldName' },
  dueOn: { label: 'dueOn', kind: 'date' },
  extendedDueOn: { label: 'extendedDueOn', kind: 'date' },
  from: { label: 'from', kind: 'date' },
  to: { label: 'to', kind: 'date' },
  on: { label: 'on', kind: 'date' },
  lastWorkingDay: { label: 'lastWorkingDay', kind: 'date' },
  days: { label: 'days', kind: 'count' },
  items: { label: 'items', kind: 'count' },
  consents: { label: 'consents', kind: 'count' },
  followUps: { label: 'followUps', kind: 'count' },
  immediate: { label: 'immediate', kind: 'flag' },
};

/** A code this version has no word for, made readable rather than shown as a code. */
const readable = (code: string) => code.replace(/^form\./, '').replace(/[._]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export const fieldLabel = (w: Words, key: string) => w.fields[key] ?? readable(key);

function word(w: Words, vocabulary: Vocabulary, code: string): string {
  return w.vocab[vocabulary][code] ?? readable(code);
}

function detailText(w: Words, action: string, json: string): string | null {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    const d = DETAILS[key];
    if (!d || value === null || value === undefined || typeof value === 'object') continue;
    const text = String(value);
    let shown: string;
    if (d.kind === 'date' || d.kind === 'count') shown = text;
    else if (d.kind === 'flag') shown = value === true ? w.yes : w.no;
    else if (d.kind === 'fieldList') shown = text.split(',').filter(Boolean).map((f) => fieldLabel(w, f)).join(', ');
    else if (d.kind === 'fieldName') shown = fieldLabel(w, text);
    else if (d.kind === 'method') shown = word(w, action === 'request.deliver' ? 'deliveryMethod' : 'verificationMethod', text);
    else shown = word(w, d.kind, text);
    parts.push(`${w.details[d.label] ?? readable(d.label)}: ${shown}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

/** A record's fields with every coded value in words (booleans stay booleans: the CSV and PDF say yes/no). */
export function presentFields(lang: ReportLanguage, category: DiscoveryCategory, fields: Record<string, Field>): Record<string, Field> {
  const w = REPORT_WORDS[lang];
  const out: Record<string, Field> = {};
  for (const [key, value] of Object.entries(fields)) {
    const vocabulary = FIELD_VOCABULARY[key];
    if (category === 'operation_log' && key === 'details') out[key] = typeof value === 'string' ? detailText(w, String(fields.action), value) : null;
    else if (category === 'operation_log' && key === 'actor') out[key] = value ?? w.unknownActor;
    else if (category === 'operation_log' && key === 'action' && typeof value === 'string') out[key] = isAuditAction(value) ? auditActionLabel(value, lang) : w.otherOperation;
    else if (vocabulary && typeof value === 'string') out[key] = word(w, vocabulary, value);
    else out[key] = value;
  }
  return out;
}

/** The field that names a record in the report's first column, by category. */
const LABEL_FIELD: Record<DiscoveryCategory, string> = {
  employee_profile: 'name',
  contact_record: 'name',
  owned_customer: 'customer',
  follow_up: 'customer',
  approval: 'approvalTitle',
  approval_task: 'approval',
  consent: 'purpose',
  request: 'reference',
  operation_log: 'action',
};

export function recordLabel(category: DiscoveryCategory, presented: Record<string, Field>): string {
  const v = presented[LABEL_FIELD[category]];
  return v === null || v === undefined ? '' : String(v);
}

/** A value as a CSV cell or report text: booleans as the language's yes/no. */
export function cellText(lang: ReportLanguage, v: Field | undefined): string {
  const w = REPORT_WORDS[lang];
  return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? w.yes : w.no) : String(v);
}

/** Column headers in words, each unique (two fields with one label get a number). */
export function uniqueHeaders(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} (${n})`;
  });
}
