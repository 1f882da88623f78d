import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState, Loading } from '../../components/States.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { UpdatesCard } from '../updates/UpdatesCard.js';

export function SettingsPage() {
  const { t } = useTranslation();
  const info = useQueryOp('app.info', {});
  return (
    <section className="custos-page" aria-labelledby="settings-title" data-testid="page-settings">
      <Typography.Title level={1} id="settings-title" className="custos-page-title">
        {t('settings.title')}
      </Typography.Title>
      <Card title={<Typography.Title level={2} className="custos-card-title">{t('settings.language')}</Typography.Title>} className="custos-card">
        <LanguageSwitch id="settings-language" />
      </Card>
      <Card title={<Typography.Title level={2} className="custos-card-title">{t('settings.appInfo')}</Typography.Title>} className="custos-card">
        {info.isPending ? (
          <Loading />
        ) : info.isError ? (
          <ErrorState error={info.error} onRetry={() => void info.refetch()} />
        ) : (
          <Descriptions
            column={1}
            bordered
            size="small"
            data-testid="app-info"
            items={[
              { key: 'version', label: t('settings.version'), children: info.data.version },
              { key: 'host', label: t('settings.host'), children: info.data.host === 'electron' ? t('settings.hostElectron') : t('settings.hostBrowser') },
              { key: 'cloud', label: t('settings.cloudUrl'), children: info.data.cloudUrl },
              { key: 'schema', label: t('settings.cacheSchema'), children: String(info.data.cacheSchemaVersion) },
              { key: 'encrypted', label: t('settings.cacheEncrypted'), children: info.data.cacheEncrypted ? t('settings.yes') : t('settings.no') },
            ]}
          />
        )}
      </Card>
      <UpdatesCard />
    </section>
  );
}
