import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../shared/contract.js';
import type { SessionUser } from '../../../../shared/domain.js';
import { opKey, useCommandOp } from '../../api/hooks.js';
import { useErrorText } from '../../app/useErrorText.js';
import { AuthLayout } from './AuthLayout.js';

/**
 * The locked console: nothing of the data shows until the admin's password is entered again
 * (checked on this computer, so it works offline). Too many wrong passwords sign out.
 */
export function LockScreen({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ password: string }>();
  const back = (signedOut: boolean) => {
    queryClient.setQueryData<OutputOf<'session.get'>>(opKey('session.get', {}), { user: signedOut ? null : user, locked: false });
    if (signedOut) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'app.info' && q.queryKey[0] !== 'session.get' });
  };
  const unlock = useCommandOp('session.unlock', {
    onSuccess: () => back(false),
    onError: (err) => {
      form.resetFields(['password']);
      if (err.code === 'UNAUTHENTICATED') back(true);
    },
  });
  const signOut = useCommandOp('session.signOut', { onSettled: () => back(true) });
  return (
    <AuthLayout languageId="lock-language" testId="lock-screen">
          <Typography.Title level={1} className="custos-signin-title">
            <LockOutlined aria-hidden="true" /> {t('lock.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('lock.subtitle', { name: user.name })}</Typography.Paragraph>
          {unlock.error ? (
            <Alert type="error" showIcon role="alert" className="custos-signin-error" title={unlock.error.code === 'WRONG_CREDENTIALS' ? t('lock.wrong') : errorText(unlock.error)} data-testid="unlock-error" />
          ) : null}
          <Form<{ password: string }> form={form} layout="vertical" requiredMark={false} aria-label={t('lock.formLabel')} disabled={unlock.isPending} onFinish={(v) => unlock.mutate({ password: v.password })}>
            <Form.Item label={t('signIn.password')} name="password" rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined aria-hidden="true" />} autoComplete="current-password" autoFocus maxLength={512} data-testid="unlock-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={unlock.isPending} data-testid="unlock-submit">
              {t('lock.unlock')}
            </Button>
          </Form>
          <Button type="link" block className="custos-top-gap" onClick={() => signOut.mutate({})} loading={signOut.isPending} data-testid="lock-sign-out">
            {t('lock.signOutInstead')}
          </Button>
    </AuthLayout>
  );
}
