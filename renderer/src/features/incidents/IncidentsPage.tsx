import { useState } from 'react';
import { Alert, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentRow } from '../../../../shared/incident-views.js';
import { useQueryOp } from '../../api/hooks.js';
import { useCanRun, useMayCall } from '../../app/currentUser.js';
import { useFormat } from '../../app/format.js';
import { useKeyboardScrollable } from '../../app/useKeyboardScrollable.js';
import { columnsWidth } from '../../components/ListSearch.js';
import { Page } from '../../components/Page.js';
import { ErrorState, Loading } from '../../components/States.js';
import { IncidentDrawer } from './IncidentDrawer.js';
import { RecordIncidentDialog } from './RecordIncidentDialog.js';
import { ClockTag, IncidentStatusTag } from './labels.js';

/**
 * The register of personal-information security incidents: the open ones first, the most urgent
 * clock on top (overdue ones counted in the navigation), each opening a drawer that walks it from
 * the facts to the people, their notices, the regulator's report and closing.
 */
export function IncidentsPage() {
  const { t } = useTranslation();
  if (!useMayCall('incidents.list')) {
    return (
      <Page id="incidents" title={t('pages.incidents.title')} testId="page-incidents">
        <Alert type="info" showIcon title={t('inc.notForRole')} data-testid="incidents-not-for-role" />
      </Page>
    );
  }
  return <IncidentRegister />;
}

function IncidentRegister() {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const list = useQueryOp('incidents.list', { status }, { staleTime: 2_000, refetchInterval: 5_000 });
  const canRecord = useCanRun('incident.record');
  const [recording, setRecording] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const tableRef = useKeyboardScrollable<HTMLDivElement>();

  const columns: TableColumnsType<IncidentRow> = [
    {
      key: 'reference',
      title: t('inc.reference'),
      width: 150,
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => setOpenId(r.id)} data-testid={`incident-open-${r.id}`}>
          {r.reference || t('inc.referencePending')}
        </Button>
      ),
    },
    {
      key: 'title',
      title: t('inc.title'),
      width: 240,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{r.title}</span>
          {r.sensitive ? <Tag color="magenta">{t('inc.sensitiveTag')}</Tag> : null}
          {r.euSubjects ? <Tag color="blue">{t('inc.euTag')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'discovered', title: t('inc.discoveredAt'), width: 170, render: (_, r) => format.dateTime(r.discoveredAt) },
    {
      key: 'regulator',
      title: t('inc.regulatorDue'),
      width: 230,
      render: (_, r) =>
        r.regulatorDueAt ? (
          <Space size={4} wrap>
            <span className="custos-day">{format.dateTime(r.regulatorDueAt)}</span>
            <ClockTag state={r.clocks.regulator} testId="regulator" />
          </Space>
        ) : (
          t('inc.noRegulatorTerm')
        ),
    },
    {
      key: 'notices',
      title: t('inc.noticesDue'),
      width: 200,
      render: (_, r) => (
        <Space size={4} wrap>
          <span className="custos-day">{format.date(r.noticesDueOn)}</span>
          <ClockTag state={r.clocks.notices} testId="notices" />
        </Space>
      ),
    },
    { key: 'people', title: t('inc.people'), width: 130, render: (_, r) => t('inc.peopleCell', { count: r.affectedCount, unnotified: r.unnotifiedCount }) },
    {
      key: 'status',
      title: t('inc.status'),
      width: 150,
      render: (_, r) => (
        <Space size={4} wrap>
          <IncidentStatusTag status={r.status} />
          {r.pending.length > 0 ? <Tag color="blue">{t('inc.queued')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'owner', title: t('inc.owner'), width: 150, render: (_, r) => r.ownerName ?? '—' },
  ];

  return (
    <Page
      id="incidents"
      title={t('pages.incidents.title')}
      testId="page-incidents"
      head={
        canRecord ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden="true" />} onClick={() => setRecording(true)} data-testid="incident-record-open">
            {t('inc.record')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" className="custos-page-intro">
        {t('inc.intro')}
      </Typography.Paragraph>
      <div className="custos-toolbar">
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={(['open', 'closed', 'all'] as const).map((s) => ({ value: s, label: t(`inc.filter.${s}`) }))}
          aria-label={t('inc.filter.label')}
          data-testid="incidents-filter"
        />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError && !list.data ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <div ref={tableRef} className="custos-panel">
          <Table<IncidentRow>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data.rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: columnsWidth(columns) }}
            rowClassName={(r) => (r.dueState === 'overdue' ? 'custos-row-overdue' : r.dueState === 'due_soon' ? 'custos-row-due-soon' : '')}
            locale={{ emptyText: t('inc.empty') }}
            data-testid="incidents-table"
          />
        </div>
      )}
      {recording ? <RecordIncidentDialog onClose={() => setRecording(false)} onRecorded={(id) => setOpenId(id)} /> : null}
      <IncidentDrawer id={openId} onClose={() => setOpenId(null)} />
    </Page>
  );
}
