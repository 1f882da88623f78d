import { isMasked } from '../../../shared/masking.js';
import { mobileDigits, pinyinOf } from '../org/search-terms.js';

/**
 * The keys a data subject is found by, as stored in subject_key and as looked up: one prefix
 * per identifier kind, the value normalised the same way on both sides (mobile digits with and
 * without +86, email and name lower-cased, ID number upper-cased, pinyin without spaces).
 */
export type KeyKind = 'mobile' | 'email' | 'id_number' | 'name' | 'pinyin';
const PREFIX: Record<KeyKind, string> = { mobile: 'm:', email: 'e:', id_number: 'i:', name: 'n:', pinyin: 'p:' };

export const keyOf = (kind: KeyKind, value: string) => PREFIX[kind] + value;
export const kindOfKey = (key: string): KeyKind => (Object.entries(PREFIX).find(([, p]) => key.startsWith(p))![0] as KeyKind);

export const normaliseName = (name: string) => name.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
export const normaliseIdNumber = (id: string) => id.replace(/\s/g, '').toUpperCase();
/** +86 138… and 138… are one number: stored and looked up without the country code (one key, not two). */
const withoutCountryCode = (digits: string) => (digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits);
const compactPinyin = (name: string) => pinyinOf(name).replace(/ /g, '');

export function subjectKeys(data: Record<string, unknown>): string[] {
  const keys = new Set<string>();
  const name = typeof data.name === 'string' ? data.name : '';
  if (name) {
    keys.add(keyOf('name', normaliseName(name)));
    const py = typeof data.pinyin === 'string' && data.pinyin ? data.pinyin.toLowerCase().replace(/[^a-z]/g, '') : compactPinyin(name);
    if (py) keys.add(keyOf('pinyin', py));
  }
  // Masked values (a reader who may not reveal them, shared/masking.ts) find no one.
  if (typeof data.mobile === 'string' && !isMasked(data.mobile)) for (const d of mobileDigits(data.mobile)) keys.add(keyOf('mobile', withoutCountryCode(d)));
  if (typeof data.email === 'string' && data.email) keys.add(keyOf('email', data.email.trim().toLowerCase()));
  if (typeof data.idNumber === 'string' && data.idNumber && !isMasked(data.idNumber)) keys.add(keyOf('id_number', normaliseIdNumber(data.idNumber)));
  return [...keys];
}

/** The keys to look up for what a requester gave (a name also matches by its pinyin, and pinyin typed as such). */
export function lookupKeys(given: { name?: string | null; mobile?: string | null; email?: string | null; idNumber?: string | null }): string[] {
  const keys = new Set<string>();
  if (given.name?.trim()) {
    keys.add(keyOf('name', normaliseName(given.name)));
    const py = compactPinyin(given.name);
    if (py) keys.add(keyOf('pinyin', py));
  }
  if (given.mobile?.trim()) for (const d of mobileDigits(given.mobile)) keys.add(keyOf('mobile', withoutCountryCode(d)));
  if (given.email?.trim()) keys.add(keyOf('email', given.email.trim().toLowerCase()));
  if (given.idNumber?.trim()) keys.add(keyOf('id_number', normaliseIdNumber(given.idNumber)));
  return [...keys];
}
