import { Alert } from 'antd';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { coreConnection, subscribeCoreConnection } from '../api/coreConnection.js';

/**
 * Says when the console's core process is away: "reconnecting" while the host restarts it (the
 * page keeps retrying and carries on by itself), or, when it kept stopping, where its log is.
 */
export function CoreConnectionBanner() {
  const { t } = useTranslation();
  const connection = useSyncExternalStore(subscribeCoreConnection, coreConnection);
  if (connection.state === 'connected') return null;
  return (
    <aside aria-label={t('core.label')} className="custos-core-banner" data-testid="core-connection" data-state={connection.state}>
      {connection.state === 'reconnecting' ? (
        <Alert type="warning" showIcon role="status" aria-live="polite" title={t('core.reconnecting')} description={t('core.reconnectingDetail')} />
      ) : (
        <Alert type="error" showIcon role="alert" title={t('core.failed')} description={connection.logFile ? t('core.failedLog', { log: connection.logFile }) : t('core.failedNoLog')} />
      )}
    </aside>
  );
}
