import { Alert, App, Badge, Button, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  DatabaseOutlined,
  ExceptionOutlined,
  FileProtectOutlined,
  LockOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  UserDeleteOutlined,
  UserOutlined, SafetyCertificateOutlined, AlertOutlined, } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../shared/contract.js';
import type { SessionUser } from '../../../shared/domain.js';
import { opKey, useCommandOp, useQueryOp } from '../api/hooks.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { SyncStatus, useSyncStatus } from '../components/SyncStatus.js';
import { PageErrorBoundary } from '../components/PageErrorBoundary.js';
import { UpdateBanner } from '../features/updates/UpdateBanner.js';
import { SignOutButton } from '../features/auth/SignOutButton.js';
import { useIdleLock } from '../features/auth/useIdleLock.js';
import { ApprovalsPage } from '../features/approvals/ApprovalsPage.js';
import { CustomersPage } from '../features/customers/CustomersPage.js';
import { OrgPage } from '../features/org/OrgPage.js';
import { AuditPage } from '../features/audit/AuditPage.js';
import { OffboardingPage } from '../features/offboarding/OffboardingPage.js';
import { RetentionPage } from '../features/retention/RetentionPage.js';
import { RequestsPage } from '../features/requests/RequestsPage.js';
import { IncidentsPage } from '../features/incidents/IncidentsPage.js';
import { SettingsPage } from '../features/settings/SettingsPage.js';
import { SyncIssuesPage } from '../features/sync/SyncIssuesPage.js';
import { RolesPage } from '../features/roles/RolesPage.js';
import { CurrentUserContext, roleMayCall } from './currentUser.js';
import { useHashRoute, type Route } from './router.js';
import { useErrorText } from './useErrorText.js';

/** A navigation entry with its overdue and due-soon count (red when anything is overdue). */
function CountedNavLabel({ testId, label, counts, title }: { testId: string; label: string; counts: { overdue: number; dueSoon: number } | undefined; title: string }) {
  const urgent = (counts?.overdue ?? 0) + (counts?.dueSoon ?? 0);
  return (
    <span className="custos-nav-label" data-testid={testId}>
      <span>{label}</span>
      {urgent > 0 ? <Badge count={urgent} overflowCount={999} size="small" color={counts?.overdue ? 'red' : 'orange'} className="custos-nav-badge" title={title} /> : null}
    </span>
  );
}

export function AppFrame({ user, offline = false }: { user: SessionUser; offline?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [route, navigate] = useHashRoute();
  const issueCount = useSyncStatus().data?.issues ?? 0;
  // Overdue and due-soon data-subject requests are counted in the navigation for those who handle them.
  const requestCounts = useQueryOp('requests.counts', {}, { enabled: roleMayCall(user.role, 'requests.counts'), refetchInterval: 30_000, staleTime: 10_000 }).data;
  // So are incidents whose regulator report or notices are overdue or due soon.
  const incidentCounts = useQueryOp('incidents.counts', {}, { enabled: roleMayCall(user.role, 'incidents.counts'), refetchInterval: 30_000, staleTime: 10_000 }).data;
  const signOut = useCommandOp('session.signOut', {
    onSettled: (_data, err) => {
      if (err && err.code !== 'UNAUTHENTICATED' && err.code !== 'SESSION_EXPIRED') {
        void message.error(t('header.signOutFailed', { error: errorText(err) }));
        return;
      }
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'app.info' && q.queryKey[0] !== 'session.get' });
      queryClient.setQueryData<OutputOf<'session.get'>>(opKey('session.get', {}), { user: null, locked: false });
    },
  });

  const idleMinutes = useQueryOp('app.info', {}).data?.idleLockMinutes ?? 0;
  const lock = useCommandOp('session.lock', {
    onSuccess: () => queryClient.setQueryData<OutputOf<'session.get'>>(opKey('session.get', {}), { user, locked: true }),
  });
  useIdleLock(idleMinutes, () => lock.mutate({}));

  const items: { key: Route; icon: ReactNode; label: ReactNode }[] = [
    { key: 'org', icon: <ApartmentOutlined />, label: t('nav.org') },
    { key: 'roles', icon: <SafetyCertificateOutlined />, label: t('nav.roles') },
    { key: 'customers', icon: <ShopOutlined />, label: t('nav.customers') },
    { key: 'approvals', icon: <SolutionOutlined />, label: t('nav.approvals') },
    { key: 'offboarding', icon: <UserDeleteOutlined />, label: t('nav.offboarding') },
    { key: 'retention', icon: <DatabaseOutlined />, label: t('nav.retention') },
    {
      key: 'requests',
      icon: <FileProtectOutlined />,
      label: <CountedNavLabel testId="nav-requests" label={t('nav.requests')} counts={requestCounts} title={t('dsr.navBadge', { overdue: requestCounts?.overdue ?? 0, dueSoon: requestCounts?.dueSoon ?? 0 })} />,
    },
    ...(roleMayCall(user.role, 'incidents.list')
      ? [
          {
            key: 'incidents' as const,
            icon: <AlertOutlined />,
            label: <CountedNavLabel testId="nav-incidents" label={t('nav.incidents')} counts={incidentCounts} title={t('inc.navBadge', { overdue: incidentCounts?.overdue ?? 0, dueSoon: incidentCounts?.dueSoon ?? 0 })} />,
          },
        ]
      : []),
    ...(roleMayCall(user.role, 'audit.events') ? [{ key: 'audit' as const, icon: <AuditOutlined />, label: t('nav.audit') }] : []),
    {
      key: 'sync-issues',
      icon: <ExceptionOutlined />,
      label: (
        <span className="custos-nav-label" data-testid="nav-sync-issues">
          <span>{t('nav.syncIssues')}</span>
          {issueCount > 0 ? (
            <Badge count={issueCount} overflowCount={999} size="small" className="custos-nav-badge" title={t('sync.issues', { count: issueCount })} />
          ) : null}
        </span>
      ),
    },
    { key: 'settings', icon: <SettingOutlined />, label: t('nav.settings') },
  ];

  const roleName = t(`roles.${user.role}`);
  return (
    <CurrentUserContext.Provider value={user}>
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
          <Button icon={<LockOutlined aria-hidden="true" />} onClick={() => lock.mutate({})} loading={lock.isPending} data-testid="lock-now">
            {t('lock.now')}
          </Button>
          <SignOutButton pending={signOut.isPending} onSignOut={(wipe) => signOut.mutate({ wipe })} />
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
          <UpdateBanner />
          {offline ? <Alert type="info" showIcon className="custos-offline-session" title={t('session.offlineBanner')} data-testid="offline-session" /> : null}
          <PageErrorBoundary key={route}>
          {route === 'org' ? (
            <OrgPage />
          ) : route === 'roles' ? (
            <RolesPage />
          ) : route === 'customers' ? (
            <CustomersPage />
          ) : route === 'approvals' ? (
            <ApprovalsPage />
          ) : route === 'offboarding' ? (
            <OffboardingPage />
          ) : route === 'retention' ? (
            <RetentionPage />
          ) : route === 'requests' ? (
            <RequestsPage />
          ) : route === 'incidents' ? (
            <IncidentsPage />
          ) : route === 'sync-issues' ? (
            <SyncIssuesPage />
          ) : route === 'settings' ? (
            <SettingsPage />
          ) : (
            <AuditPage />
          )}
          </PageErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
    </CurrentUserContext.Provider>
  );
}
