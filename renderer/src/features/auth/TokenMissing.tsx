import { Result, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { LanguageSwitchLocal } from '../../components/LanguageSwitchLocal.js';

/** Browser host without a valid launch token: nothing else can work, so say how to fix it. */
export function TokenMissing() {
  const { t } = useTranslation();
  return (
    <main id="main" className="custos-center custos-full" data-testid="token-missing">
      <Result
        icon={<KeyOutlined aria-hidden="true" />}
        status="warning"
        title={<Typography.Title level={1} className="custos-result-title">{t('tokenMissing.title')}</Typography.Title>}
        subTitle={
          <>
            <Typography.Paragraph>{t('tokenMissing.body')}</Typography.Paragraph>
            <Typography.Paragraph strong>{t('tokenMissing.hint')}</Typography.Paragraph>
          </>
        }
        extra={<LanguageSwitchLocal />}
      />
    </main>
  );
}
