import { useState } from 'react';
import { Alert, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestRow } from '../../../../shared/request-views.js';
import { useQueryOp } from '../../api/hooks.js';
import { useCanRun, useMayCall } from '../../app/currentUser.js';
import { useFormat } from '../../app/format.js';
import { FILTER_DEBOUNCE_MS, useSearchText } from '../../app/useDebounced.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { ListSearch, columnsWidth } from '../../components/ListSearch.js';
import { Page } from '../../components/Page.js';
import { ErrorState, Loading } from '../../components/States.js';
import { RegisterDialog } from './RegisterDialog.js';
import { RequestDrawer } from './RequestDrawer.js';
import { DueTag, PausedTag, StatusTag } from './labels.js';

/**
 * The register of data-subject requests: open ones first, the overdue and due-soon at the top
 * (and counted in the navigation), each opening a drawer that walks it from verification to
 * delivery.
 */
export function RequestsPage() {
  const { t } = useTranslation();
  const mayRead = useMayCall('requests.list');
  if (!mayRead) {
    return (
      <Page id="requests" title={t('pages.requests.title')} testId="page-requests">
        <Alert type="info" showIcon title={t('dsr.notForRole')} data-testid="requests-not-for-role" />
      </Page>
    );
  }
  return <RequestsRegister />;
}

function RequestsRegister() {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const [search, setSearch] = useState('');
  const { query: debounced, settled } = useSearchText(search, FILTER_DEBOUNCE_MS);
  const list = useQueryOp('requests.list', { status, search: debounced || undefined }, { staleTime: 2_000, refetchInterval: 5_000 });
  const canRegister = useCanRun('request.register');
  const [registering, setRegistering] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const tableRef = useKeyboardScrollable<HTMLDivElement>();

  const columns: TableColumnsType<RequestRow> = [
    {
      key: 'reference',
      title: t('dsr.reference'),
      width: 150,
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => setOpenId(r.id)} data-testid={`request-open-${r.id}`}>
          {r.reference || t('dsr.referencePending')}
        </Button>
      ),
    },
    { key: 'type', title: t('dsr.type'), width: 170, render: (_, r) => t(`dsr.types.${r.type}`) },
    {
      key: 'subject',
      title: t('dsr.subject'),
      width: 220,
      render: (_, r) => (
        <span>
          {r.subjectName ?? t('dsr.unknownSubject')} {r.subjectType === 'unmatched' ? <Tag>{t('dsr.subjectTypes.unmatched')}</Tag> : null}
        </span>
      ),
    },
    { key: 'received', title: t('dsr.receivedOn'), width: 130, render: (_, r) => format.date(r.receivedOn) },
    {
      key: 'due',
      title: t('dsr.due'),
      width: 220,
      render: (_, r) => (
        <Space size={4} wrap>
          <span className="custos-day">{format.date(r.currentDue)}</span>
          <DueTag state={r.dueState} />
          <PausedTag since={r.pausedSince} />
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('dsr.status'),
      width: 170,
      render: (_, r) => (
        <Space size={4} wrap>
          <StatusTag status={r.status} />
          {r.pending.length > 0 ? <Tag color="blue">{t('dsr.queued')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'assignee', title: t('dsr.assignee'), width: 160, render: (_, r) => r.assigneeName ?? '—' },
  ];

  return (
    <Page
      id="requests"
      title={t('pages.requests.title')}
      testId="page-requests"
      head={
        canRegister ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setRegistering(true)} data-testid="request-register-open">
            {t('dsr.register')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" className="custos-page-intro">
        {t('dsr.intro')}
      </Typography.Paragraph>
      <div className="custos-toolbar">
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`dsr.filter.${s}`) }))}
          aria-label={t('dsr.filter.label')}
          data-testid="requests-filter"
        />
        <ListSearch label={t('dsr.searchPlaceholder')} value={search} onChange={setSearch} onPageReset={() => undefined} className="custos-toolbar-search" testId="requests-search" />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div ref={tableRef} className="custos-panel">
          <Table<RequestRow>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data.rows}
            // The rows of the text before the last keystroke are not clickable until its answer arrives.
            loading={!settled}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: columnsWidth(columns) }}
            rowClassName={(r) => (r.dueState === 'overdue' ? 'custos-row-overdue' : r.dueState === 'due_soon' ? 'custos-row-due-soon' : '')}
            locale={{ emptyText: t('dsr.empty') }}
            data-testid="requests-table"
          />
        </div>
      )}
      {registering ? <RegisterDialog onClose={() => setRegistering(false)} onRegistered={(id) => setOpenId(id)} /> : null}
      <RequestDrawer id={openId} onClose={() => setOpenId(null)} />
    </Page>
  );
}
