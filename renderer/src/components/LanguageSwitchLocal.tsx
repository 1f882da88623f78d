import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/contract.js';
import { LANGUAGE_NAMES, changeLanguage, currentLanguage } from '../i18n/index.js';

/** Language switch for screens where the host cannot be reached (no persistence possible). */
export function LanguageSwitchLocal() {
  const { t, i18n } = useTranslation();
  void i18n.language;
  return (
    <span data-testid="language-switch">
      <Select<Language>
        aria-label={t('language.label')}
        value={currentLanguage()}
        onChange={(l) => void changeLanguage(l)}
        options={LANGUAGES.map((l) => ({ value: l, label: <span lang={l}>{LANGUAGE_NAMES[l]}</span>, title: LANGUAGE_NAMES[l] }))}
        style={{ minWidth: 140 }}
      />
    </span>
  );
}
