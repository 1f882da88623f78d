import { useTranslation } from 'react-i18next';
import { SENSITIVE_FIELDS } from '../../../../shared/catalogue.js';
import { commands, isPatchCommand, type CommandArgs, type CommandName, type PatchCommandName } from '../../../../shared/commands.js';
import { CUSTOMER_STATUSES, EMPLOYEE_STATUSES, type EntityName } from '../../../../shared/domain.js';
import { EMPTY_VALUE } from '../../app/format.js';
import { maskMobile } from '../../../../shared/masking.js';

export type PatchField<N extends PatchCommandName> = keyof CommandArgs<N>['patch'] & string;

export type FieldKind = 'text' | 'email' | 'textarea' | 'select' | 'int' | 'date' | 'ref';

/** How the forms edit a patchable field (shared/commands.ts says which fields a command may patch). */
export interface FieldSpec {
  kind: FieldKind;
  /** The field may be null: a blank input clears it. Otherwise it is required. */
  nullable: boolean;
  max?: number;
  options?: readonly string[];
  /** i18n key prefix of the options' labels: `${optionLabels}.${value}`. */
  optionLabels?: string;
  /** Shown masked in lists: a form cannot prefill it, and blank means "leave unchanged". */
  masked?: boolean;
}

const text = (max: number, nullable = true): FieldSpec => ({ kind: 'text', nullable, max });

/** Every patchable field of every command, checked against shared/commands.ts by the type. */
export const FIELD_SPECS: { [N in PatchCommandName]: Record<PatchField<N>, FieldSpec> } = {
  'department.update': {
    name: text(100, false),
    sort: { kind: 'int', nullable: false },
    managerId: { kind: 'ref', nullable: true, max: 64 },
    parentId: { kind: 'ref', nullable: false, max: 64 },
  },
  'employee.update': {
    name: text(100, false),
    employeeNo: text(32, false),
    departmentIds: { kind: 'ref', nullable: false, max: 64 },
    primaryDepartmentId: { kind: 'ref', nullable: true, max: 64 },
    pinyin: { kind: 'text', nullable: false, max: 300 },
    mobile: { kind: 'text', nullable: true, max: 32, masked: true },
    email: { kind: 'email', nullable: true, max: 254 },
    title: text(100),
    rank: text(32),
    managerId: { kind: 'ref', nullable: true, max: 64 },
    hireDate: { kind: 'date', nullable: true },
    status: { kind: 'select', nullable: false, options: EMPLOYEE_STATUSES, optionLabels: 'org.status' },
    idNumber: text(32),
    gender: text(16),
    birthDate: { kind: 'date', nullable: true },
    address: { kind: 'textarea', nullable: true, max: 300 },
  },
  'customer.update': {
    name: text(200, false),
    industry: text(64),
    status: { kind: 'select', nullable: false, options: CUSTOMER_STATUSES, optionLabels: 'customers.status' },
    ownerEmployeeId: { kind: 'ref', nullable: true, max: 64 },
  },
  'contact.update': {
    name: text(100, false),
    mobile: { kind: 'text', nullable: true, max: 32, masked: true },
    email: { kind: 'email', nullable: true, max: 254 },
    wechat: text(64),
    title: text(100),
    address: { kind: 'textarea', nullable: true, max: 300 },
  },
};

export function entityOf(name: CommandName): EntityName {
  return commands[name].entity;
}

export function fieldSpec(name: CommandName, field: string): FieldSpec | null {
  if (!isPatchCommand(name)) return null;
  const specs = FIELD_SPECS[name] as Record<string, FieldSpec>;
  return Object.prototype.hasOwnProperty.call(specs, field) ? (specs[field] ?? null) : null;
}

/** Sensitive personal fields (shared/catalogue.ts) are never displayed in clear without an audited reveal. */
export function isSensitive(entity: EntityName, field: string): boolean {
  return SENSITIVE_FIELDS.has(`${entity}.${field}`);
}

/** A form value as the command carries it: trimmed, blank → null, numbers as numbers. */
export function normaliseValue(spec: FieldSpec | null, raw: unknown): unknown {
  if (raw === undefined || raw === null) return null;
  if (spec?.kind === 'int') {
    if (raw === '') return null;
    const n = typeof raw === 'number' ? raw : Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  if (typeof raw === 'string') {
    const trimmed = raw.trim();
    return trimmed === '' ? null : trimmed;
  }
  return raw;
}

export const MASKED_VALUE = '••••••';

/** Displays a field value read-only (sync issues): translated enums, masked mobiles and sensitive fields. */
export function useFieldDisplay(): {
  label: (entity: EntityName, field: string) => string;
  value: (command: string, field: string, value: unknown) => string;
} {
  const { t } = useTranslation();
  return {
    label: (entity, field) => t(`fields.${entity}.${field}`, { defaultValue: field }),
    value: (command, field, value) => {
      const known = command in FIELD_SPECS ? (command as CommandName) : null;
      const entity = known ? entityOf(known) : null;
      if (entity && isSensitive(entity, field)) return value === null || value === undefined ? t('common.empty') : MASKED_VALUE;
      if (value === null || value === undefined || value === '') {
        if (known === 'customer.update' && field === 'ownerEmployeeId') return t('customers.publicPool');
        return t('common.empty');
      }
      const spec = known ? fieldSpec(known, field) : null;
      if (spec?.optionLabels && typeof value === 'string') return t(`${spec.optionLabels}.${value}`, { defaultValue: value });
      if (field === 'mobile' && typeof value === 'string') return maskMobile(value) ?? EMPTY_VALUE;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    },
  };
}
