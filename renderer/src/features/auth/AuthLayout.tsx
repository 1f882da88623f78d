import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';

/** The frame of the screens before the console: the first run, sign-in and the lock screen. */
export function AuthLayout({ languageId, testId, persistLanguage = true, children }: { languageId: string; testId?: string; persistLanguage?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="custos-signin-page">
      <header className="custos-signin-header">
        <Typography.Text strong className="custos-brand">
          {t('app.name')}
        </Typography.Text>
        <LanguageSwitch id={languageId} persist={persistLanguage} />
      </header>
      <main id="main" className="custos-signin-main">
        <Card className="custos-signin-card" data-testid={testId}>
          {children}
        </Card>
      </main>
    </div>
  );
}
