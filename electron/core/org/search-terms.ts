import { pinyin } from 'pinyin-pro';
import { isMasked } from '../../../shared/masking.js';

/**
 * How employees are found: by name, pinyin (full, with or without spaces, and initials — so
 * "zhangsan", "zhang san" and "zs" all find 张三), employee no., mobile (digits, with or without
 * the +86 country code) and email. The cloud sends pinyin for its rows; rows made in this
 * console get it from pinyin-pro.
 */
const CJK = /[\u3400-\u9fff]/;

/** Space-separated, toneless, lower-case pinyin of a Chinese name; folded Latin for others. */
export function pinyinOf(name: string): string {
  if (CJK.test(name)) return pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join(' ').toLowerCase().replace(/\s+/g, ' ').trim();
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function mobileDigits(mobile: string): string[] {
  const digits = mobile.replace(/\D/g, '');
  if (digits.length === 0) return [];
  // +86 138… and 138… are the same number.
  if (digits.startsWith('86') && digits.length === 13) return [digits, digits.slice(2)];
  return [digits];
}

export const TERM_SEPARATOR = '\u0001';

export type SearchField = 'name' | 'pinyin' | 'initials' | 'employeeNo' | 'mobile' | 'email';

export function searchFields(data: Record<string, unknown>): [SearchField, string][] {
  const name = String(data.name ?? '');
  const py = String(data.pinyin ?? '') || pinyinOf(name);
  const words = py.split(' ').filter(Boolean);
  const out: [SearchField, string][] = [
    ['name', name.toLowerCase()],
    ['pinyin', words.join('')],
    ['pinyin', words.join(' ')],
    ['initials', words.map((w) => w[0]).join('')],
    ['employeeNo', String(data.employeeNo ?? '').toLowerCase()],
  ];
  // A field the cloud masked for this reader (shared/masking.ts) is never a search term: matching
  // the mask's digits would let a reader who may not reveal it probe the hidden ones.
  if (typeof data.mobile === 'string' && !isMasked(data.mobile)) for (const d of mobileDigits(data.mobile)) out.push(['mobile', d]);
  if (typeof data.email === 'string' && !isMasked(data.email)) out.push(['email', data.email.toLowerCase()]);
  return out.filter(([, v]) => v.length > 0);
}

/** The one string stored per employee in employee_search. */
export function searchTerms(data: Record<string, unknown>): string {
  return TERM_SEPARATOR + searchFields(data).map(([, v]) => v).join(TERM_SEPARATOR) + TERM_SEPARATOR;
}

/** The query as matched against the terms: lower-cased; digits only when it looks like a phone number. */
export function normaliseQuery(query: string): string {
  const q = query.trim().toLowerCase();
  if (/^\+?[\d\s-]{4,}$/.test(q)) {
    const digits = q.replace(/\D/g, '');
    return digits.startsWith('86') && digits.length === 13 ? digits.slice(2) : digits;
  }
  return q;
}

/** Which identifier made an employee match (best first: a field equal to the query, then prefixes, then the rest). */
export function matchedField(data: Record<string, unknown>, normalised: string): SearchField | null {
  const fields = searchFields(data);
  const hit = fields.find(([, v]) => v === normalised) ?? fields.find(([, v]) => v.startsWith(normalised)) ?? fields.find(([, v]) => v.includes(normalised));
  return hit ? hit[0] : null;
}
