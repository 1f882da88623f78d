import type { EntityName } from './domain.js';

/**
 * The field catalogue: every personal field, declared once. Discovery (data-subject requests),
 * exports, anonymisation and the UI's masking of sensitive fields all read this table, so a new
 * personal field is added here or it is handled nowhere (a test enforces the catalogue covers
 * the entity schemas' personal-looking fields).
 */
export const RETENTION_CATEGORIES = [
  'departed_employee_profile',
  'customer_contact',
  'follow_up',
  'approval_record',
  'operation_log',
  'sign_in_log',
  'export_package',
  'consent_record',
] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

/** Categories whose records are audit events: cleared in place, the chain kept (not synced rows). */
export const AUDIT_LOG_CATEGORIES: readonly RetentionCategory[] = ['operation_log', 'sign_in_log'];

/** What the 'placeholder' rule writes (names). */
export const ANONYMISED = 'Anonymised';

/** How a field is anonymised. No rule keeps a mapping back to the original value. */
export type AnonymisationRule =
  /** set to null */
  | 'clear'
  /** replaced by a fixed placeholder (names: "Anonymised") */
  | 'placeholder'
  /** dates: keep the year only (YYYY-01-01), for age statistics */
  | 'year_only'
  /** free text: other people's names and identifiers inside are removed with the whole text */
  | 'clear_text';

export type PersonalDataCategory = 'identity' | 'contact' | 'employment' | 'sensitive' | 'communication' | 'form_data' | 'consent';

export interface PersonalField {
  entity: EntityName;
  field: string;
  category: PersonalDataCategory;
  /** Sensitive personal information (PIPL art. 28 / GDPR art. 9-like): masked until revealed, reveal audited. */
  sensitive: boolean;
  retention: RetentionCategory;
  anonymise: AnonymisationRule;
  /** Used to find a data subject by this identifier. */
  identifier?: 'name' | 'mobile' | 'email' | 'id_number' | 'wechat';
}

const employee = (field: string, category: PersonalDataCategory, sensitive: boolean, anonymise: AnonymisationRule, identifier?: PersonalField['identifier']): PersonalField => ({
  entity: 'employee', field, category, sensitive, retention: 'departed_employee_profile', anonymise, identifier,
});
const contact = (field: string, category: PersonalDataCategory, anonymise: AnonymisationRule, identifier?: PersonalField['identifier']): PersonalField => ({
  entity: 'contact', field, category, sensitive: false, retention: 'customer_contact', anonymise, identifier,
});

export const FIELD_CATALOGUE: readonly PersonalField[] = [
  employee('name', 'identity', false, 'placeholder', 'name'),
  employee('pinyin', 'identity', false, 'clear', 'name'),
  employee('mobile', 'contact', false, 'clear', 'mobile'),
  employee('email', 'contact', false, 'clear', 'email'),
  employee('address', 'contact', true, 'clear'),
  employee('idNumber', 'sensitive', true, 'clear', 'id_number'),
  employee('gender', 'sensitive', true, 'clear'),
  employee('birthDate', 'sensitive', true, 'year_only'),
  employee('hireDate', 'employment', false, 'year_only'),
  contact('name', 'identity', 'placeholder', 'name'),
  contact('mobile', 'contact', 'clear', 'mobile'),
  contact('email', 'contact', 'clear', 'email'),
  contact('wechat', 'contact', 'clear', 'wechat'),
  contact('title', 'employment', 'clear'),
  contact('address', 'contact', 'clear'),
  { entity: 'followUp', field: 'content', category: 'communication', sensitive: false, retention: 'follow_up', anonymise: 'clear_text' },
  { entity: 'approval', field: 'formData', category: 'form_data', sensitive: false, retention: 'approval_record', anonymise: 'clear_text' },
  { entity: 'approval', field: 'title', category: 'form_data', sensitive: false, retention: 'approval_record', anonymise: 'clear_text' },
  { entity: 'consentRecord', field: 'purpose', category: 'consent', sensitive: false, retention: 'consent_record', anonymise: 'clear_text' },
];

export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set(FIELD_CATALOGUE.filter((f) => f.sensitive).map((f) => `${f.entity}.${f.field}`));

export function personalFieldsOf(entity: EntityName): PersonalField[] {
  return FIELD_CATALOGUE.filter((f) => f.entity === entity);
}
