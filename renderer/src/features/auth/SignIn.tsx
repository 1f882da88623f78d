import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/contract.js';
import { opKey, useCommandOp } from '../../api/hooks.js';
import { useErrorText } from '../../app/useErrorText.js';
import { AuthLayout } from './AuthLayout.js';

interface Values {
  email: string;
  password: string;
}

export function SignIn({ info, closed }: { info: OutputOf<'app.info'> | undefined; closed?: OutputOf<'session.get'>['closed'] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const signIn = useCommandOp('session.signIn', {
    onSuccess: (out) => {
      form.resetFields(['password']);
      queryClient.setQueryData<OutputOf<'session.get'>>(opKey('session.get', {}), { user: out.user, locked: false });
      // Whether the cloud or only this computer checked it (an offline sign-in) comes with the session.
      void queryClient.invalidateQueries({ queryKey: opKey('session.get', {}) });
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session.get' && q.queryKey[0] !== 'app.info' });
    },
  });

  return (
    <AuthLayout languageId="signin-language">
          <Typography.Title level={1} className="custos-signin-title">
            {t('signIn.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
          {closed && !signIn.error ? (
            <Alert type="warning" showIcon role="alert" className="custos-signin-error" title={t(`signIn.closed.${closed}`)} data-testid="session-closed" />
          ) : null}
          {signIn.error ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              className="custos-signin-error"
              title={t('signIn.failed')}
              description={errorText(signIn.error)}
              data-testid="sign-in-error"
            />
          ) : null}
          <Form<Values>
            form={form}
            name="sign-in"
            layout="vertical"
            requiredMark={false}
            aria-label={t('signIn.formLabel')}
            data-testid="sign-in-form"
            disabled={signIn.isPending}
            onFinish={(values) => signIn.mutate({ email: values.email.trim(), password: values.password })}
          >
            <Form.Item
              label={t('signIn.email')}
              name="email"
              rules={[
                { required: true, whitespace: true, message: t('signIn.emailRequired') },
                { type: 'email', message: t('signIn.emailInvalid') },
              ]}
            >
              <Input prefix={<MailOutlined aria-hidden="true" />} type="email" autoComplete="username" autoFocus maxLength={254} />
            </Form.Item>
            <Form.Item label={t('signIn.password')} name="password" rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden="true" />} autoComplete="current-password" maxLength={512} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="sign-in-submit">
              {t('signIn.submit')}
            </Button>
          </Form>
          {info ? (
            <Typography.Paragraph type="secondary" className="custos-signin-cloud" data-testid="cloud-url">
              {t('signIn.cloud', { url: info.cloudUrl })}
            </Typography.Paragraph>
          ) : null}
    </AuthLayout>
  );
}
