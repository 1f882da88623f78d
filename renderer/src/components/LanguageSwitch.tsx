import { Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/contract.js';
import { LANGUAGE_NAMES, changeLanguage } from '../i18n/index.js';
import { useLanguage } from '../app/useLanguage.js';

/** `persist={false}` before there is a core to keep the choice in (the first-run screen). */
export function LanguageSwitch({ id = 'language-switch', persist = true }: { id?: string; persist?: boolean }) {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  return (
    <span className="custos-language-switch" data-testid="language-switch">
      <GlobalOutlined aria-hidden="true" />
      <Select<Language>
        id={id}
        aria-label={t('language.label')}
        value={language}
        onChange={persist ? setLanguage : (l) => void changeLanguage(l)}
        popupMatchSelectWidth={false}
        variant="borderless"
        options={LANGUAGES.map((l) => ({ value: l, label: <span lang={l}>{LANGUAGE_NAMES[l]}</span>, title: LANGUAGE_NAMES[l] }))}
        style={{ minWidth: 120 }}
      />
    </span>
  );
}
