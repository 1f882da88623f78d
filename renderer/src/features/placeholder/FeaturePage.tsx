import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export type FeatureArea = 'requests' | 'audit';

/** A page whose feature is not built yet: says what is coming, never a blank screen. */
export function FeaturePage({ area }: { area: FeatureArea }) {
  const { t } = useTranslation();
  const titles: Record<FeatureArea, string> = {
    requests: t('pages.requests.title'),
    audit: t('pages.audit.title'),
  };
  const descriptions: Record<FeatureArea, string> = {
    requests: t('pages.requests.description'),
    audit: t('pages.audit.description'),
  };
  return (
    <section className="custos-page" aria-labelledby={`${area}-title`} data-testid={`page-${area}`}>
      <Typography.Title level={1} id={`${area}-title`} className="custos-page-title">
        {titles[area]}
      </Typography.Title>
      <Card>
        <Tag color="blue">{t('app.comingSoon')}</Tag>
        <Typography.Paragraph className="custos-feature-text">{descriptions[area]}</Typography.Paragraph>
      </Card>
    </section>
  );
}
