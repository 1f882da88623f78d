import { useEffect, useRef } from 'react';
import { App, Badge, Button, Progress, Space, Tooltip } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SyncStatus as SyncStatusValue } from '../../../shared/contract.js';
import { opKey, useCommandOp, useQueryOp } from '../api/hooks.js';
import { errorKey } from '../i18n/index.js';
import { useErrorText } from '../app/useErrorText.js';

function percentOf(progress: SyncStatusValue['progress']): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((progress.applied / progress.total) * 100)));
}

export function SyncStatus() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const status = useQueryOp('sync.status', {}, { refetchInterval: 2000, refetchIntervalInBackground: false });
  const syncNow = useCommandOp('sync.now', {
    onSuccess: (next) => queryClient.setQueryData(opKey('sync.status', {}), next),
    onError: (err) => void message.error(t('sync.nowFailed', { error: errorText(err) })),
  });

  const s = status.data;

  // New data landed in the cache (cursor moved, or a run finished): refresh what the pages show.
  const seen = useRef<string | null>(null);
  const marker = s ? `${s.cursor}|${s.lastSyncedAt ?? ''}` : null;
  useEffect(() => {
    if (marker === null) return;
    if (seen.current !== null && seen.current !== marker) {
      void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('org.') });
    }
    seen.current = marker;
  }, [marker, queryClient]);
  let badge: 'success' | 'processing' | 'default' | 'error' | 'warning';
  let text: string;
  let detail: string | null = null;
  const percent = s ? percentOf(s.progress) : null;

  if (!s) {
    text = status.isError ? t('sync.unknown') : t('app.loading');
    badge = status.isError ? 'warning' : 'default';
  } else {
    switch (s.state) {
      case 'idle':
        badge = 'success';
        text = s.lastSyncedAt
          ? t('sync.lastSynced', {
              time: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(s.lastSyncedAt)),
            })
          : t('sync.neverSynced');
        detail = t('sync.idle');
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
  }

  const busy = s?.state === 'syncing' || syncNow.isPending;
  return (
    <Space size="small" className="custos-sync" data-testid="sync-status" data-state={s?.state ?? 'unknown'}>
      <span role="status" aria-live="polite" aria-label={t('sync.label')} className="custos-sync-text">
        <Tooltip title={detail ?? text}>
          <Badge status={badge} text={text} />
        </Tooltip>
        {s?.state === 'syncing' && percent !== null ? (
          <Progress percent={percent} size="small" style={{ width: 80, marginInlineStart: 8 }} aria-hidden="true" />
        ) : null}
      </span>
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
