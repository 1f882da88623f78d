import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../app/useErrorText.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  const text = label ?? t('app.loading');
  return (
    <div className="custos-center" role="status" aria-live="polite">
      <Spin aria-hidden="true" />
      <span className="custos-loading-text">{text}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('app.loadFailed')}
      description={errorText(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
