import { Alert, Button, Card, Descriptions, Progress, Radio, Space, Typography } from 'antd';
import { CloudDownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { UPDATE_CHANNELS } from '../../../../shared/updates.js';
import { useFormat } from '../../app/format.js';
import { useErrorText } from '../../app/useErrorText.js';
import { ErrorState, Loading } from '../../components/States.js';
import { useUpdateCommands, useUpdateState } from './useUpdates.js';

/** Settings → Updates: channel, feed, "check now", download progress and the restart. */
export function UpdatesCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const status = useUpdateState();
  const { check, setChannel, install } = useUpdateCommands();
  const title = (
    <Typography.Title level={2} className="custos-card-title" id="updates-title">
      {t('updates.title')}
    </Typography.Title>
  );
  if (status.isPending) return <Card title={title} className="custos-card"><Loading /></Card>;
  if (status.isError) return <Card title={title} className="custos-card"><ErrorState error={status.error} onRetry={() => void status.refetch()} /></Card>;
  const s = status.data;
  const busyChecking = s.phase === 'checking' || s.phase === 'downloading';
  const phaseText =
    s.phase === 'available' || s.phase === 'downloading' || s.phase === 'ready'
      ? t(`updates.phase.${s.phase}`, { version: s.available?.version ?? '' })
      : t(`updates.phase.${s.phase}`);
  return (
    <Card title={title} className="custos-card" data-testid="updates-card">
      <Space orientation="vertical" size="middle" className="custos-full-width">
        {s.unsupported ? <Alert type="info" showIcon title={t(`updates.unsupported.${s.unsupported}`)} data-testid="updates-unsupported" /> : null}
        <div role="group" aria-labelledby="updates-channel-label">
          <Typography.Text id="updates-channel-label" strong>
            {t('updates.channel')}
          </Typography.Text>
          <div>
            <Radio.Group
              value={s.channel}
              disabled={setChannel.isPending}
              onChange={(e) => setChannel.mutate({ channel: e.target.value as (typeof UPDATE_CHANNELS)[number] })}
              options={UPDATE_CHANNELS.map((c) => ({ value: c, label: t(`updates.channels.${c}`) }))}
              data-testid="updates-channel"
            />
          </div>
          <Typography.Text type="secondary">{t('updates.channelHint')}</Typography.Text>
        </div>
        <Descriptions
          column={1}
          bordered
          size="small"
          items={[
            { key: 'current', label: t('updates.currentVersion'), children: s.currentVersion },
            { key: 'feed', label: t('updates.feed'), children: s.feedUrl ?? t('updates.noFeed') },
            { key: 'state', label: t('updates.state'), children: <span data-testid="updates-phase">{phaseText}</span> },
            { key: 'checked', label: t('updates.lastChecked'), children: format.dateTime(s.lastCheckedAt) },
          ]}
        />
        {s.phase === 'downloading' && s.progress ? (
          <Progress percent={Math.round(s.progress.percent)} status="active" aria-label={t('updates.downloading')} data-testid="updates-progress" />
        ) : null}
        {s.phase === 'error' && s.error ? <Alert type="warning" showIcon role="alert" title={t(`updates.errors.${s.error}`)} /> : null}
        {check.isError ? <Alert type="error" showIcon role="alert" title={errorText(check.error)} /> : null}
        {s.phase === 'ready' ? (
          <Alert
            type={s.heldBy ? 'info' : 'success'}
            showIcon
            title={t('updates.readyTitle', { version: s.available?.version ?? '' })}
            description={s.heldBy ? t('updates.heldBy', { job: t(`updates.busy.${s.heldBy}`) }) : t('updates.readyHint')}
            action={
              <Button type="primary" disabled={s.heldBy !== null} loading={install.isPending} onClick={() => install.mutate({})} data-testid="updates-restart">
                {t('updates.restart')}
              </Button>
            }
          />
        ) : null}
        {install.isError ? <Alert type="error" showIcon role="alert" title={errorText(install.error)} /> : null}
        <Button
          icon={busyChecking ? <CloudDownloadOutlined aria-hidden="true" /> : <ReloadOutlined aria-hidden="true" />}
          disabled={s.unsupported !== null || busyChecking}
          loading={check.isPending}
          onClick={() => check.mutate({})}
          data-testid="updates-check"
        >
          {t('updates.checkNow')}
        </Button>
      </Space>
    </Card>
  );
}
