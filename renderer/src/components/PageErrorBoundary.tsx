import { Component, type ReactNode } from 'react';
import { Button, Result, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

function PageFailed() {
  const { t } = useTranslation();
  return (
    <section className="custos-page" aria-labelledby="page-error-title" data-testid="page-error">
      <Result
        status="error"
        title={
          <Typography.Title level={1} id="page-error-title" className="custos-page-title">
            {t('pageError.title')}
          </Typography.Title>
        }
        subTitle={t('pageError.body')}
        extra={
          <Button type="primary" icon={<ReloadOutlined aria-hidden="true" />} onClick={() => window.location.reload()} data-testid="page-error-reload">
            {t('pageError.reload')}
          </Button>
        }
      />
    </section>
  );
}

/**
 * One page that fails to render (an answer it cannot read, a bug) shows a translated message and
 * a reload action in its place; the header, the navigation and every other page keep working.
 * AppFrame keys it by route, so moving to another page starts afresh. The error's text is not
 * shown or logged here: it may quote the data being rendered.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}
