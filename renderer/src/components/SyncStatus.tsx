import { useEffect, useRef } from 'react';
import { App, Badge, Button, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { CloudUploadOutlined, PauseCircleOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SyncStatus as SyncStatusValue } from '../../../shared/contract.js';
import { opKey, useCommandOp, useQueryOp } from '../api/hooks.js';
import { errorKey } from '../i18n/index.js';
import { useErrorText } from '../app/useErrorText.js';
import { useFormat } from '../app/format.js';
import { routeHref } from '../app/router.js';

function percentOf(progress: SyncStatusValue['progress']): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((progress.applied / progress.total) * 100)));
}

/** Query-name prefixes whose data comes from the cache the sync fills. */
const SYNCED_PREFIXES = ['org.', 'customers.', 'approvals.', 'employees.', 'roles.', 'offboarding.', 'retention.', 'holidays.', 'incidents.', 'sync.issues'];

/** The sync status of the frame's header; shares its query with the navigation's issue badge. */
export function useSyncStatus() {
  return useQueryOp('sync.status', {}, { refetchInterval: 2000, refetchIntervalInBackground: false });
}

export function SyncStatus() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const format = useFormat();
  const queryClient = useQueryClient();
  const status = useSyncStatus();
  const syncNow = useCommandOp('sync.now', {
    onSuccess: (next) => queryClient.setQueryData(opKey('sync.status', {}), next),
    onError: (err) => void message.error(t('sync.nowFailed', { error: errorText(err) })),
  });
  const cancel = useCommandOp('sync.cancel', {
    onSuccess: (next) => {
      queryClient.setQueryData(opKey('sync.status', {}), next);
      void message.info(t('sync.stopped'));
    },
    onError: (err) => void message.error(t('sync.stopFailed', { error: errorText(err) })),
  });

  const s = status.data;

  // New data landed in the cache (cursor moved, a run finished, the outbox was answered and a
  // rejected change rolled back): refresh what the pages show.
  const seen = useRef<string | null>(null);
  const marker = s ? `${s.cursor}|${s.lastSyncedAt ?? ''}|${s.queued}|${s.issues}` : null;
  useEffect(() => {
    if (marker === null) return;
    if (seen.current !== null && seen.current !== marker) {
      void queryClient.invalidateQueries({
        predicate: (q) => typeof q.queryKey[0] === 'string' && SYNCED_PREFIXES.some((p) => (q.queryKey[0] as string).startsWith(p)),
      });
    }
    seen.current = marker;
  }, [marker, queryClient]);

  let badge: 'success' | 'processing' | 'default' | 'error' | 'warning';
  let text: string;
  const details: string[] = [];
  const percent = s ? percentOf(s.progress) : null;
  const lastSynced = s?.lastSyncedAt ? t('sync.lastSynced', { time: format.dateTime(s.lastSyncedAt) }) : null;

  if (!s) {
    text = status.isError ? t('sync.unknown') : t('app.loading');
    badge = status.isError ? 'warning' : 'default';
  } else {
    switch (s.state) {
      case 'idle':
        badge = 'success';
        text = lastSynced ?? t('sync.neverSynced');
        details.push(t('sync.idle'));
        break;
      case 'syncing':
        badge = 'processing';
        text = percent === null ? t('sync.syncing') : t('sync.syncingProgress', { percent });
        break;
      case 'offline':
        badge = 'warning';
        text = t('sync.offline');
        break;
      case 'error':
        badge = 'error';
        text = t('sync.error', { error: t(errorKey(s.errorCode ?? undefined)) });
        break;
      case 'signed_out':
      default:
        badge = 'default';
        text = t('sync.signedOut');
        break;
    }
    if (s.state !== 'idle' && lastSynced) details.push(lastSynced);
    if (s.nextAttemptAt && (s.state === 'offline' || s.state === 'error')) details.push(t('sync.nextAttempt', { time: format.time(s.nextAttemptAt) }));
  }

  const syncing = s?.state === 'syncing';
  const busy = syncing || syncNow.isPending;
  const progress = syncing && s?.progress && s.progress.total > 0 ? s.progress : null;
  const showLast = s !== undefined && s.state !== 'idle' && s.state !== 'signed_out' && lastSynced !== null;
  return (
    <Space size="small" wrap className="custos-sync" data-testid="sync-status" data-state={s?.state ?? 'unknown'}>
      <span role="status" aria-live="polite" aria-label={t('sync.label')} className="custos-sync-text">
        <Tooltip title={details.length > 0 ? details.join(' · ') : text}>
          <Badge status={badge} text={text} />
        </Tooltip>
      </span>
      {showLast ? (
        <Typography.Text type="secondary" className="custos-sync-last" data-testid="sync-last">
          {lastSynced}
        </Typography.Text>
      ) : null}
      {progress ? (
        <span className="custos-sync-progress" data-testid="sync-progress" data-applied={progress.applied} data-total={progress.total}>
          <Progress percent={percent ?? 0} showInfo={false} size="small" className="custos-sync-bar" aria-hidden="true" />
          <Typography.Text className="custos-sync-rows">
            {t('sync.progressRows', { applied: format.number(progress.applied), total: format.number(progress.total), percent: percent ?? 0 })}
          </Typography.Text>
          <Tooltip title={t('sync.stopHint')}>
            <Button
              size="small"
              icon={<PauseCircleOutlined aria-hidden="true" />}
              onClick={() => cancel.mutate({})}
              loading={cancel.isPending}
              data-testid="sync-cancel"
            >
              {t('sync.stop')}
            </Button>
          </Tooltip>
        </span>
      ) : null}
      {s && s.queued > 0 ? (
        <Tooltip title={t('sync.queuedHint')}>
          <Tag icon={<CloudUploadOutlined aria-hidden="true" />} color="blue" data-testid="sync-queued" data-count={s.queued}>
            {t('sync.queued', { count: s.queued })}
          </Tag>
        </Tooltip>
      ) : null}
      {s && s.issues > 0 ? (
        <a href={routeHref('sync-issues')} className="custos-sync-issues" data-testid="sync-issues-count" data-count={s.issues}>
          <Tag icon={<WarningOutlined aria-hidden="true" />} color="red">
            {t('sync.issues', { count: s.issues })}
          </Tag>
        </a>
      ) : null}
      <Button
        size="small"
        icon={<SyncOutlined spin={busy} aria-hidden="true" />}
        onClick={() => syncNow.mutate({})}
        disabled={busy || s?.state === 'signed_out'}
        data-testid="sync-now"
      >
        {t('sync.now')}
      </Button>
    </Space>
  );
}
