import { App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Language, OutputOf } from '../../../shared/contract.js';
import { useCommandOp, opKey } from '../api/hooks.js';
import { changeLanguage, currentLanguage } from '../i18n/index.js';
import { useErrorText } from './useErrorText.js';

/** Current interface language and a setter that switches i18next, antd and <html lang>, then persists it. */
export function useLanguage(): { language: Language; setLanguage: (language: Language) => void; saving: boolean } {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const save = useCommandOp('settings.setLanguage', {
    onSuccess: (out) => {
      queryClient.setQueryData<OutputOf<'app.info'>>(opKey('app.info', {}), (info) => (info ? { ...info, language: out.language } : info));
    },
    onError: (err) => {
      void message.warning(t('language.saveFailed', { error: errorText(err) }));
    },
  });
  void i18n.language; // re-render on change
  return {
    language: currentLanguage(),
    setLanguage: (language) => {
      void changeLanguage(language);
      save.mutate({ language });
    },
    saving: save.isPending,
  };
}
