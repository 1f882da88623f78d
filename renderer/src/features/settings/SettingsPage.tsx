import { Card, Descriptions, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { IDLE_LOCK_MINUTES, type OutputOf } from '../../../../shared/contract.js';
import { opKey, useCommandOp } from '../../api/hooks.js';
import { useTranslation } from 'react-i18next';
import { useQueryOp } from '../../api/hooks.js';
import { ErrorState, Loading } from '../../components/States.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';
import { UpdatesCard } from '../updates/UpdatesCard.js';
import { HolidayCalendarCard } from '../holidays/HolidayCalendarCard.js';
import { useMayCall } from '../../app/currentUser.js';

export function SettingsPage() {
  const { t } = useTranslation();
  const info = useQueryOp('app.info', {});
  const queryClient = useQueryClient();
  const seesHolidays = useMayCall('holidays.list');
  const setIdleLock = useCommandOp('settings.setIdleLock', {
    onSuccess: ({ minutes }) => queryClient.setQueryData<OutputOf<'app.info'>>(opKey('app.info', {}), (old) => (old ? { ...old, idleLockMinutes: minutes } : old)),
  });
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
      <Card title={<Typography.Title level={2} className="custos-card-title" id="idle-lock-title">{t('settings.idleLock')}</Typography.Title>} className="custos-card">
        <Select
          aria-labelledby="idle-lock-title"
          value={info.data?.idleLockMinutes as (typeof IDLE_LOCK_MINUTES)[number] | undefined}
          disabled={!info.data || setIdleLock.isPending}
          onChange={(minutes: (typeof IDLE_LOCK_MINUTES)[number]) => setIdleLock.mutate({ minutes })}
          className="custos-idle-select"
          options={IDLE_LOCK_MINUTES.map((m) => ({ value: m, label: m === 0 ? t('settings.idleLockNever') : t('settings.idleLockAfter', { count: m }) }))}
          data-testid="idle-lock"
        />
        <Typography.Paragraph type="secondary" className="custos-top-gap">
          {t('settings.idleLockHint')}
        </Typography.Paragraph>
      </Card>
      {seesHolidays ? <HolidayCalendarCard /> : null}
      <UpdatesCard />
    </section>
  );
}
