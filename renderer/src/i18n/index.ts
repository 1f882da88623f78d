import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from 'antd/es/locale/index.js';
import antdEn from 'antd/es/locale/en_US.js';
import antdFr from 'antd/es/locale/fr_FR.js';
import antdZh from 'antd/es/locale/zh_CN.js';
import { LANGUAGES, type Language } from '../../../shared/contract.js';
import type { ClientErrorCode } from '../api/client.js';
import en from './locales/en.json';
import fr from './locales/fr.json';
import zhCN from './locales/zh-CN.json';

export const resources = {
  en: { translation: en },
  fr: { translation: fr },
  'zh-CN': { translation: zhCN },
} as const satisfies Record<Language, { translation: unknown }>;

/** Each language is offered under its own name, whatever the current interface language. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  'zh-CN': '简体中文',
  en: 'English',
  fr: 'Français',
};

export const ANTD_LOCALES: Record<Language, Locale> = {
  'zh-CN': antdZh,
  en: antdEn,
  fr: antdFr,
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Best match for a BCP 47 tag list (navigator.languages): exact, then by primary subtag; zh-* → zh-CN. */
export function matchLanguage(tags: readonly string[]): Language | null {
  for (const raw of tags) {
    const tag = raw.toLowerCase();
    const exact = LANGUAGES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split('-')[0];
    if (primary === 'zh') return 'zh-CN';
    const byPrimary = LANGUAGES.find((l) => l.toLowerCase().split('-')[0] === primary);
    if (byPrimary) return byPrimary;
  }
  return null;
}

export function navigatorLanguage(): Language {
  if (typeof navigator === 'undefined') return 'en';
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  return matchLanguage(tags.filter(Boolean)) ?? 'en';
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

export function applyDocumentLanguage(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  applyDocumentLanguage(language);
}

export function initI18n(initial: Language = navigatorLanguage()): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: initial,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    load: 'currentOnly',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  applyDocumentLanguage(initial);
  return i18next;
}

/** Translation key for an error code (unknown codes fall back to a generic message). */
export function errorKey(code: string | undefined): string {
  const known: readonly string[] = Object.keys(en.errors);
  return code && known.includes(code) ? `errors.${code}` : 'errors.unknown';
}

export type { ClientErrorCode };
export default i18next;
