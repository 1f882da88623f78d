import type { EntityName } from './domain.js';
import { REVEALERS, type Role } from './roles.js';

/**
 * Masking of personal fields, one place for every side. The console shows these fields masked
 * until an admin reveals one (each reveal audited); a role that may not
 * reveal them never receives them in clear: the cloud masks them in its pull answers, so the
 * cache (and anything built from it, search terms included) holds the masks only.
 */

/** An employee's fields shown masked until revealed: the catalogue's sensitive fields, and the mobile. */
export const REVEALABLE_FIELDS = ['idNumber', 'birthDate', 'address', 'gender', 'mobile'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

/**
 * Fields a role that may not reveal them receives masked from the cloud, per entity. Contacts'
 * mobiles are shown masked to everyone and revealed to no one; only roles that edit contacts or
 * answer data-subject requests (all of them revealers) need them in clear.
 */
export const MASKED_FIELDS: Partial<Record<EntityName, readonly string[]>> = {
  employee: REVEALABLE_FIELDS,
  contact: ['mobile'],
};

/** Every mask contains it; no valid value does (the contract's phone rule allows digits, spaces, + and - only). */
export const MASK_CHAR = '*';
/** A birth date's mask (it keeps nothing, not even the year). */
export const BIRTH_DATE_MASK = '****-**-**';

export function canReveal(role: Role): boolean {
  return (REVEALERS as readonly Role[]).includes(role);
}

/** The fields of an entity this role receives masked (none for the roles that may reveal them). */
export function hiddenFields(role: Role, entity: EntityName): readonly string[] {
  return canReveal(role) ? [] : (MASKED_FIELDS[entity] ?? []);
}

/** Keeps the prefix and the last 4 digits (138****1234); short numbers are masked whole. */
export function maskMobile(mobile: string | null | undefined): string | null {
  if (!mobile) return null;
  const digits = mobile.replace(/\s+/g, '');
  if (digits.length <= 7) return MASK_CHAR.repeat(digits.length);
  return `${digits.slice(0, digits.length - 8)}****${digits.slice(-4)}`;
}

/** A value's mask: enough to recognise, not to use. Masking a mask gives the same mask. */
export function maskValue(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (field) {
    case 'mobile':
      return maskMobile(value);
    case 'idNumber':
      return value.length <= 7 ? MASK_CHAR.repeat(value.length) : `${value.slice(0, 3)}${MASK_CHAR.repeat(value.length - 7)}${value.slice(-4)}`;
    case 'birthDate':
      return BIRTH_DATE_MASK;
    case 'address':
      return `${[...value].slice(0, 3).join('')}****`;
    default:
      return MASK_CHAR;
  }
}

/** Whether a value is a mask (a field the cloud masked for this reader): it is never searched or matched. */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.includes(MASK_CHAR);
}

/** A row's wire form for this role: the fields it may not reveal replaced by their masks. */
export function maskRow(role: Role, entity: EntityName, data: Record<string, unknown>): Record<string, unknown> {
  const hidden = hiddenFields(role, entity);
  if (hidden.length === 0) return data;
  const out = { ...data };
  for (const f of hidden) out[f] = maskValue(f, (data[f] as string | null | undefined) ?? null);
  return out;
}
