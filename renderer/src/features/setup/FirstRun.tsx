import { Alert, Button, Divider, Form, Input, Typography } from 'antd';
import { CloudServerOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { transportProblem, typedAddress } from '../../../../shared/transport.js';
import { isApiError } from '../../api/client.js';
import { useCommandOp } from '../../api/hooks.js';
import { useErrorText } from '../../app/useErrorText.js';
import { AuthLayout } from '../auth/AuthLayout.js';

interface Values {
  url: string;
}

/**
 * The first run of a packaged app (issue 28 item 11): which cloud this console works with. The
 * address is checked here with the rule the core applies (shared/transport.ts: https, http only to
 * this computer, no credentials), then by the host, which also makes sure a Custos cloud answers
 * there. The demo is offered only as an explicit, labelled choice.
 */
export function FirstRun() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  // Once the host has started the core on the chosen cloud, everything asks again (app.info first).
  const choose = useCommandOp('setup.chooseCloud', { onSuccess: () => void queryClient.resetQueries() });
  const problemText = (problem: string) => (i18n.exists(`firstRun.problems.${problem}`) ? t(`firstRun.problems.${problem}`) : null);
  const hostIssue = isApiError(choose.error) ? choose.error.issues?.find((i) => i.path === 'url')?.message : undefined;
  const failure = choose.error ? ((hostIssue && problemText(hostIssue)) ?? errorText(choose.error)) : null;
  const choosingDemo = choose.isPending && 'demo' in (choose.variables ?? {});

  return (
    <AuthLayout languageId="first-run-language" testId="first-run" persistLanguage={false}>
      <Typography.Title level={1} className="custos-signin-title">
        {t('firstRun.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('firstRun.intro')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon role="alert" className="custos-signin-error" title={t('firstRun.failed')} description={failure} data-testid="first-run-error" /> : null}
      <Form<Values>
        form={form}
        name="first-run"
        layout="vertical"
        requiredMark={false}
        aria-label={t('firstRun.formLabel')}
        data-testid="first-run-form"
        disabled={choose.isPending}
        onFinish={(values) => choose.mutate({ url: typedAddress(values.url) })}
      >
        <Form.Item
          label={t('firstRun.address')}
          name="url"
          extra={t('firstRun.addressHelp')}
          rules={[
            {
              validator: (_rule, value: string | undefined) => {
                const problem = transportProblem(typedAddress(value ?? ''));
                return problem ? Promise.reject(new Error(problemText(problem) ?? problem)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input prefix={<CloudServerOutlined aria-hidden="true" />} inputMode="url" autoComplete="url" spellCheck={false} autoFocus maxLength={2048} placeholder="https://custos.example.com" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={choose.isPending && !choosingDemo} data-testid="first-run-connect">
          {t('firstRun.connect')}
        </Button>
      </Form>
      <Divider plain>{t('firstRun.or')}</Divider>
      <Typography.Paragraph type="secondary">{t('firstRun.demoIntro')}</Typography.Paragraph>
      <Button block loading={choosingDemo} disabled={choose.isPending && !choosingDemo} onClick={() => choose.mutate({ demo: true })} data-testid="first-run-demo">
        {t('firstRun.demo')}
      </Button>
    </AuthLayout>
  );
}
