import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../app/useErrorText.js';
import { useUpdateCommands, useUpdateState } from './useUpdates.js';

/**
 * The "restart to update" prompt: shown once a downloaded update waits and no long job runs
 * (the core holds it back otherwise), under the header on every screen.
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const status = useUpdateState();
  const { install } = useUpdateCommands();
  const s = status.data;
  if (!s || s.phase !== 'ready' || s.heldBy !== null) return null;
  return (
    <Alert
      type="success"
      showIcon
      banner
      role="status"
      data-testid="update-banner"
      title={install.isError ? errorText(install.error) : t('updates.readyTitle', { version: s.available?.version ?? '' })}
      action={
        <Button size="small" type="primary" loading={install.isPending} onClick={() => install.mutate({})}>
          {t('updates.restart')}
        </Button>
      }
    />
  );
}
