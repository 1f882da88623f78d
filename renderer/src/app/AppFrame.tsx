import { App, Button, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  LogoutOutlined,
  SettingOutlined,
  UserDeleteOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract.js';
import type { SessionUser } from '../../../shared/domain.js';
import { opKey, useCommandOp } from '../api/hooks.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { SyncStatus } from '../components/SyncStatus.js';
import { OrgPage } from '../features/org/OrgPage.js';
import { FeaturePage } from '../features/placeholder/FeaturePage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';
import { useHashRoute, type Route } from './router.js';
import { useErrorText } from './useErrorText.js';

export function AppFrame({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [route, navigate] = useHashRoute();
  const signOut = useCommandOp('session.signOut', {
    onSettled: (_data, err) => {
      if (err && err.code !== 'UNAUTHENTICATED' && err.code !== 'SESSION_EXPIRED') {
        void message.error(t('header.signOutFailed', { error: errorText(err) }));
        return;
      }
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'app.info' && q.queryKey[0] !== 'session.get' });
      queryClient.setQueryData<OutputOf<'session.get'>>(opKey('session.get', {}), { user: null });
    },
  });

  const items: { key: Route; icon: ReactNode; label: string }[] = [
    { key: 'org', icon: <ApartmentOutlined />, label: t('nav.org') },
    { key: 'offboarding', icon: <UserDeleteOutlined />, label: t('nav.offboarding') },
    { key: 'retention', icon: <DatabaseOutlined />, label: t('nav.retention') },
    { key: 'requests', icon: <FileProtectOutlined />, label: t('nav.requests') },
    { key: 'audit', icon: <AuditOutlined />, label: t('nav.audit') },
    { key: 'settings', icon: <SettingOutlined />, label: t('nav.settings') },
  ];

  const roleName = t(`roles.${user.role}`);
  return (
    <Layout className="custos-frame">
      <a className="custos-skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="custos-header">
        <Space size="middle" className="custos-header-left">
          <Typography.Text strong className="custos-brand">
            {t('app.name')}
          </Typography.Text>
          <Typography.Text className="custos-tenant" data-testid="tenant-name">
            <span className="custos-visually-hidden">{t('header.tenant')}: </span>
            {user.tenantName}
          </Typography.Text>
        </Space>
        <Space size="middle" wrap className="custos-header-right">
          <SyncStatus />
          <LanguageSwitch />
          <Tooltip title={t('header.signedInAs', { name: user.name, role: roleName })}>
            <Typography.Text className="custos-user" data-testid="signed-in-user">
              <UserOutlined aria-hidden="true" /> {user.name}
              <span className="custos-visually-hidden"> ({roleName})</span>
            </Typography.Text>
          </Tooltip>
          <Button icon={<LogoutOutlined aria-hidden="true" />} onClick={() => signOut.mutate({})} loading={signOut.isPending} data-testid="sign-out">
            {t('header.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" className="custos-sider" breakpoint="lg" collapsedWidth={64}>
          <nav aria-label={t('nav.label')}>
            <Menu
              mode="inline"
              selectedKeys={[route]}
              items={items}
              onClick={({ key }) => navigate(key as Route)}
              data-testid="main-nav"
            />
          </nav>
        </Layout.Sider>
        <Layout.Content id="main" tabIndex={-1} className="custos-content">
          {route === 'org' ? (
            <OrgPage />
          ) : route === 'settings' ? (
            <SettingsPage />
          ) : (
            <FeaturePage area={route} />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
